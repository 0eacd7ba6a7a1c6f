package dev.plg.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import dev.plg.logging.internal.LineEncoder;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends encoded lines to {@code file} and rotates it by size exactly like Python's
 * {@code logging.handlers.RotatingFileHandler}: before writing a line that would bring the file to
 * {@code maxFileSize} bytes or more, {@code app.log.4} becomes {@code app.log.5}, ..., {@code app.log}
 * becomes {@code app.log.1} (the oldest, {@code .<backups>}, is overwritten) and a new
 * {@code app.log} is started. With {@code backups = 0} the file is truncated instead; with
 * {@code maxFileSize = 0} it never rotates.
 *
 * <p><b>Concurrency.</b> Lines are encoded in the calling threads in parallel; writing and rotating
 * happen under one lock, each line with a single {@code write} call on an unbuffered append-mode
 * stream, so lines never interleave and a crash of the JVM never leaves an earlier line half
 * written. One appender per file per JVM: two appenders (or processes) rotating the same file race.
 *
 * <p><b>Failures.</b> Nothing is thrown into the application. A file that cannot be opened
 * (unwritable or missing directory) or written (full disk) drops the line, counts it in
 * {@link #droppedLines()}, reports to Logback's status (first failure, then every power of two)
 * and retries opening at most once per second. After a failed write the next line starts on a new
 * line, so a partial line left by a full disk cannot glue onto the next one.
 */
public final class RotatingFileAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    /** The seed's RotatingFileHandler: 10 MB. */
    public static final long DEFAULT_MAX_FILE_SIZE = 10L * 1024 * 1024;
    /** The seed's RotatingFileHandler: 5 backups. */
    public static final int DEFAULT_BACKUPS = 5;
    /** How long a failed open waits before the next attempt; bounds the cost of a missing disk. */
    private static final long REOPEN_BACKOFF_NANOS = 1_000_000_000L;

    private Path file;
    private long maxFileSize = DEFAULT_MAX_FILE_SIZE;
    private int backups = DEFAULT_BACKUPS;
    private Encoder<ILoggingEvent> encoder;

    /** Guards everything below. */
    private final ReentrantLock lock = new ReentrantLock();
    private FileOutputStream out;
    private long size;
    private long nextOpenNanos;
    private boolean needsNewline;
    private long failures;
    private final AtomicLong dropped = new AtomicLong();

    public void setFile(String file) {
        this.file = Path.of(file);
    }

    public void setPath(Path file) {
        this.file = file;
    }

    public Path getPath() {
        return file;
    }

    public void setMaxFileSize(long maxFileSize) {
        if (maxFileSize < 0) {
            throw new IllegalArgumentException("maxFileSize must be >= 0, got " + maxFileSize);
        }
        this.maxFileSize = maxFileSize;
    }

    public void setBackups(int backups) {
        if (backups < 0) {
            throw new IllegalArgumentException("backups must be >= 0, got " + backups);
        }
        this.backups = backups;
    }

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    public Encoder<ILoggingEvent> getEncoder() {
        return encoder;
    }

    /** Lines dropped because the file could not be opened or written. */
    public long droppedLines() {
        return dropped.get();
    }

    @Override
    public void start() {
        if (file == null) {
            addError("no file set for appender \"" + name + "\"");
            return;
        }
        if (encoder == null) {
            addError("no encoder set for appender \"" + name + "\"");
            return;
        }
        if (!encoder.isStarted()) {
            encoder.start();
        }
        lock.lock();
        try {
            open(true);
        } finally {
            lock.unlock();
        }
        // Started even if the file cannot be opened now: lines are dropped until it can.
        super.start();
    }

    @Override
    public void stop() {
        super.stop();
        lock.lock();
        try {
            closeQuietly();
        } finally {
            lock.unlock();
        }
    }

    /** Writes one encoded line under the lock; bound once so appending allocates nothing. */
    private final LineEncoder.Sink lockedWriter = (bytes, length) -> {
        lock.lock();
        try {
            write(bytes, length);
        } finally {
            lock.unlock();
        }
    };

    @Override
    protected void append(ILoggingEvent event) {
        try {
            if (encoder instanceof LineEncoder) {
                ((LineEncoder) encoder).encode(event, lockedWriter);
            } else {
                byte[] bytes = encoder.encode(event);
                lockedWriter.write(bytes, bytes.length);
            }
        } catch (RuntimeException e) {
            dropped.incrementAndGet();
            addError("cannot encode event of logger \"" + event.getLoggerName() + "\"", e);
        }
    }

    private void write(byte[] bytes, int length) {
        if (out == null && !open(false)) {
            dropped.incrementAndGet();
            return;
        }
        if (maxFileSize > 0 && size > 0 && size + length >= maxFileSize) {
            rotate();
            if (out == null && !open(false)) {
                dropped.incrementAndGet();
                return;
            }
        }
        try {
            if (needsNewline) {
                out.write('\n');
                size++;
                needsNewline = false;
            }
            out.write(bytes, 0, length);
            size += length;
        } catch (IOException e) {
            dropped.incrementAndGet();
            needsNewline = true;
            report("cannot write to \"" + file + "\"", e);
            try {
                size = out.getChannel().size();
            } catch (IOException ignored) {
                // keep the estimate
            }
        }
    }

    private void rotate() {
        closeQuietly();
        try {
            if (backups > 0) {
                for (int i = backups - 1; i >= 1; i--) {
                    Path source = backup(i);
                    if (Files.exists(source)) {
                        Files.move(source, backup(i + 1), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                if (Files.exists(file)) {
                    Files.move(file, backup(1), StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException e) {
            report("cannot rotate \"" + file + "\"", e);
        }
        nextOpenNanos = 0;
        open(false);
    }

    private Path backup(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }

    private boolean open(boolean first) {
        long now = System.nanoTime();
        if (!first && nextOpenNanos != 0 && now - nextOpenNanos < 0) {
            return false;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            out = new FileOutputStream(file.toFile(), true);
            size = out.getChannel().size();
            nextOpenNanos = 0;
            if (failures > 0) {
                addInfo("writing to \"" + file + "\" again after " + dropped.get() + " dropped lines");
            }
            return true;
        } catch (IOException | RuntimeException e) {
            out = null;
            nextOpenNanos = now + REOPEN_BACKOFF_NANOS;
            report("cannot open \"" + file + "\" for appending", e);
            return false;
        }
    }

    private void report(String what, Throwable cause) {
        failures++;
        if (Long.bitCount(failures) == 1) {
            addError(what + " (failure " + failures + ", " + dropped.get() + " lines dropped so far): " + cause, cause);
        }
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                addWarn("cannot close \"" + file + "\"", e);
            }
            out = null;
        }
    }
}
