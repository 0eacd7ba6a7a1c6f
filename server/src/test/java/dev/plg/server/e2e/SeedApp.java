package dev.plg.server.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import dev.plg.logging.PlgLogging;
import dev.plg.logging.RotatingFileAppender;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.event.KeyValuePair;

/**
 * The seed's Python app as far as the agent can tell: structlog-style JSON lines written by the
 * {@code logging} module's real {@link RotatingFileAppender} and {@link dev.plg.logging.JsonLineEncoder}
 * (production mode of {@link PlgLogging}) to {@code <dir>/app.log}, rotated by size like the seed's
 * RotatingFileHandler ({@code app.log} → {@code app.log.1} … {@code .<backups>}). Every line carries a
 * unique {@code seq}. Not thread-safe: one writer thread.
 */
final class SeedApp implements AutoCloseable {
    static final String[] SERVICES = {"auth", "payment", "order", "inventory", "notification"};
    private static final Level[] LEVELS = {Level.INFO, Level.WARN, Level.ERROR, Level.DEBUG, Level.INFO};
    static final String[] LEVEL_NAMES = {"info", "warning", "error", "debug", "info"};
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    private final LoggerContext context = new LoggerContext();
    private final RotatingFileAppender appender;
    private final Path file;

    SeedApp(Path logDir, long maxFileSize, int backups) {
        context.setMDCAdapter(new LogbackMDCAdapter()); // the encoder reads each event's MDC map
        PlgLogging.Options options = PlgLogging.Options.defaults().withEnv(PlgLogging.Env.PRODUCTION).withLogDir(logDir)
                .withAppName("app").withMaxFileSize(maxFileSize).withBackups(backups);
        appender = (RotatingFileAppender) PlgLogging.createAppender(context, options);
        file = options.logFile();
    }

    Path file() {
        return file;
    }

    /** Writes line {@code seq}: five services, four levels (info twice as often), 20 streams. */
    void log(int seq) {
        log(seq, seq % 3 == 0 ? "계정 잠김 " + seq : "request handled " + seq);
    }

    void log(int seq, String event) {
        String service = SERVICES[seq % SERVICES.length];
        LoggingEvent e = new LoggingEvent(SeedApp.class.getName(), context.getLogger(service), LEVELS[(seq / 5) % LEVELS.length],
                event, null, null);
        e.addKeyValuePair(new KeyValuePair("service", service));
        e.addKeyValuePair(new KeyValuePair("request_id", "req-" + seq));
        e.addKeyValuePair(new KeyValuePair("user_id", "user-" + (seq % 1000)));
        e.addKeyValuePair(new KeyValuePair("seq", seq));
        appender.doAppend(e);
    }

    static String expectedService(int seq) {
        return SERVICES[seq % SERVICES.length];
    }

    static String expectedLevel(int seq) {
        return LEVEL_NAMES[(seq / 5) % LEVELS.length];
    }

    /** The {@code seq} field of a line written by this class, or -1. */
    static int seqOf(String line) {
        Matcher m = SEQ.matcher(line);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    long droppedLines() {
        return appender.droppedLines();
    }

    @Override
    public void close() {
        appender.stop();
    }
}
