package dev.plg.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes lines the way Logback's RollingFileAppender / Python's RotatingFileHandler do (rename +
 * create: app.log → app.log.1 …), or logrotate's copytruncate (copy to app.log.1, truncate app.log).
 */
final class RotatingWriter {
    enum Mode { RENAME, COPYTRUNCATE }

    private final Path file;
    private final long maxBytes;
    private final int backups;
    private final Mode mode;
    private int rotations;

    RotatingWriter(Path file, long maxBytes, int backups, Mode mode) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.backups = backups;
        this.mode = mode;
    }

    int rotations() {
        return rotations;
    }

    void write(String line) throws IOException {
        if (Files.exists(file) && Files.size(file) >= maxBytes) {
            rotate();
        }
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void rotate() throws IOException {
        for (int i = backups - 1; i >= 1; i--) {
            Path from = file.resolveSibling(file.getFileName() + "." + i);
            if (Files.exists(from)) {
                Files.move(from, file.resolveSibling(file.getFileName() + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path first = file.resolveSibling(file.getFileName() + ".1");
        if (mode == Mode.RENAME) {
            Files.move(file, first, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.copy(file, first, StandardCopyOption.REPLACE_EXISTING);
            try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
        }
        rotations++;
    }

    /** A seed-style JSON line (structlog fields) with a unique sequence number. */
    static String seedLine(int seq) {
        String[] levels = {"info", "warning", "error", "debug"};
        String[] services = {"auth", "payment", "order"};
        return "{\"timestamp\": \"2026-02-27T12:00:00.123456Z\", \"level\": \"" + levels[seq % 4] + "\", \"logger\": \""
                + services[seq % 3] + "\", \"event\": \"계정 잠김 " + seq + "\", \"service\": \"" + services[seq % 3]
                + "\", \"request_id\": \"req-" + seq + "\", \"user_id\": \"user-" + (seq % 1000) + "\", \"seq\": " + seq + "}";
    }
}
