package dev.plg.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * PLG's set-up as one appender for XML configurations (Spring Boot's {@code logging.config},
 * an existing {@code logback.xml}). Each property is optional and defaults to the environment
 * variable of the same meaning, then to {@link PlgLogging.Options#defaults()}:
 *
 * <pre>{@code
 * <appender name="PLG" class="dev.plg.logging.PlgAppender">
 *   <env>${APP_ENV:-development}</env>
 *   <logDir>${LOG_DIR:-/var/log/app}</logDir>
 *   <appName>${APP_NAME:-app}</appName>
 *   <level>${LOG_LEVEL:-INFO}</level>   <!-- Python names accepted; sets the root level -->
 * </appender>
 * }</pre>
 *
 * <p>{@code level} accepts Python's names ({@code WARNING}, {@code CRITICAL}) which Logback's own
 * {@code <root level>} does not, and applies them to the root logger when the appender starts.
 * Invalid values are reported to Logback's status and the default is kept.
 */
public final class PlgAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private final Map<String, String> settings = new HashMap<>();
    private Appender<ILoggingEvent> delegate;

    public void setEnv(String env) {
        settings.put("APP_ENV", env);
    }

    public void setLogDir(String logDir) {
        settings.put("LOG_DIR", logDir);
    }

    public void setAppName(String appName) {
        settings.put("APP_NAME", appName);
    }

    public void setLevel(String level) {
        settings.put("LOG_LEVEL", level);
    }

    public void setMaxFileSize(String size) {
        settings.put("LOG_MAX_BYTES", size);
    }

    public void setBackups(String backups) {
        settings.put("LOG_BACKUPS", backups);
    }

    public void setColor(String color) {
        settings.put("LOG_COLOR", color);
    }

    /** The options this appender resolved at start, or null before. */
    PlgLogging.Options options;

    @Override
    public void start() {
        if (!(getContext() instanceof LoggerContext)) {
            addError("PlgAppender needs a Logback classic LoggerContext");
            return;
        }
        LoggerContext context = (LoggerContext) getContext();
        Map<String, String> merged = new HashMap<>(System.getenv());
        settings.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                merged.put(k, v);
            }
        });
        options = PlgLogging.Options.fromEnvironment(merged, this::addWarn);
        delegate = PlgLogging.createAppender(context, options);
        if (merged.get("LOG_LEVEL") != null) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(options.level().logback());
        }
        addInfo("PlgAppender writing " + (options.env() == PlgLogging.Env.PRODUCTION
                ? "JSON lines to " + options.logFile() : "console lines") + " at " + options.level());
        super.start();
    }

    @Override
    public void stop() {
        super.stop();
        if (delegate != null) {
            delegate.stop();
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        delegate.doAppend(event);
    }

    Path logFile() {
        return options == null ? null : options.logFile();
    }
}
