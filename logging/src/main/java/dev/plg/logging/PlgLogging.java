package dev.plg.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.util.StatusPrinter2;
import dev.plg.logging.internal.JsonValues;
import dev.plg.logging.internal.TypedContext;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * PLG's logging set-up: the seed's structlog configuration for SLF4J/Logback in one call.
 *
 * <ul>
 *   <li>{@link #setup(Options)} / {@link #setup()} configure Logback: production writes JSON lines
 *       ({@link JsonLineEncoder}) to {@code <logDir>/<appName>.log} rotated like Python's
 *       RotatingFileHandler ({@link RotatingFileAppender}); development writes colored
 *       ConsoleRenderer-style lines ({@link ConsoleEncoder}) to standard output. Without any call,
 *       {@link PlgConfigurator} does the same from {@code APP_ENV}, {@code LOG_DIR},
 *       {@code LOG_LEVEL}, {@code APP_NAME} when Logback starts.</li>
 *   <li>{@link #bind} binds context to the current thread (MDC-backed, typed values kept);
 *       {@link #logger} gives structlog-style bound loggers; {@link #wrap} carries context into
 *       executors and virtual threads.</li>
 * </ul>
 */
public final class PlgLogging {
    /** Marker name that turns an ERROR event into level {@code critical}. */
    public static final String CRITICAL_NAME = "CRITICAL";
    /** Log with this marker at ERROR to get {@code "level":"critical"}. */
    public static final Marker CRITICAL = MarkerFactory.getMarker(CRITICAL_NAME);
    /** Name of the appender {@link #configure} installs on the root logger. */
    public static final String APPENDER_NAME = "PLG";

    private PlgLogging() {
    }

    /** {@code development} (console) or {@code production} (JSON file), as the seed's {@code env}. */
    public enum Env {
        DEVELOPMENT,
        PRODUCTION;

        /** Accepts development/dev/local and production/prod, case-insensitive. */
        public static Env parse(String value) {
            switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
                case "development":
                case "dev":
                case "local":
                    return DEVELOPMENT;
                case "production":
                case "prod":
                    return PRODUCTION;
                default:
                    throw new IllegalArgumentException("cannot parse environment \"" + value
                            + "\": expected development or production");
            }
        }
    }

    /** When the development console uses ANSI colors. */
    public enum ColorMode {
        /** Colors when standard output is a terminal and {@code NO_COLOR} is unset. */
        AUTO,
        ALWAYS,
        NEVER;

        public static ColorMode parse(String value) {
            switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
                case "auto":
                    return AUTO;
                case "always":
                case "true":
                case "yes":
                case "1":
                    return ALWAYS;
                case "never":
                case "false":
                case "no":
                case "0":
                    return NEVER;
                default:
                    throw new IllegalArgumentException("cannot parse color mode \"" + value
                            + "\": expected auto, always or never");
            }
        }
    }

    /**
     * The seed's {@code setup_logging} parameters. Defaults ({@link #defaults()}): log dir
     * {@code /var/log/app}, app name {@code app}, development, INFO, 10 MB, 5 backups, colors auto.
     *
     * @param logDir directory of {@code <appName>.log} (production only); created if missing
     * @param appName file name stem; no path separators
     * @param env development (console) or production (JSON file)
     * @param level threshold of the root logger
     * @param maxFileSize bytes before rotation; 0 never rotates
     * @param backups rotated files kept ({@code .1} newest); 0 truncates instead
     * @param color development console colors
     */
    public record Options(Path logDir, String appName, Env env, LogLevel level, long maxFileSize, int backups,
            ColorMode color) {
        public static final Path DEFAULT_LOG_DIR = Path.of("/var/log/app");
        public static final String DEFAULT_APP_NAME = "app";

        public Options {
            Objects.requireNonNull(logDir, "logDir is null");
            Objects.requireNonNull(appName, "appName is null");
            Objects.requireNonNull(env, "env is null");
            Objects.requireNonNull(level, "level is null");
            Objects.requireNonNull(color, "color is null");
            if (appName.isBlank() || appName.contains("/") || appName.contains("\\") || appName.equals(".")
                    || appName.equals("..")) {
                throw new IllegalArgumentException("cannot use app name \"" + appName
                        + "\": it must be a non-blank file name without path separators");
            }
            if (maxFileSize < 0) {
                throw new IllegalArgumentException("maxFileSize must be >= 0, got " + maxFileSize);
            }
            if (backups < 0) {
                throw new IllegalArgumentException("backups must be >= 0, got " + backups);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_LOG_DIR, DEFAULT_APP_NAME, Env.DEVELOPMENT, LogLevel.INFO,
                    RotatingFileAppender.DEFAULT_MAX_FILE_SIZE, RotatingFileAppender.DEFAULT_BACKUPS, ColorMode.AUTO);
        }

        /** Defaults overridden by the environment; an invalid value is ignored (see the other overload). */
        public static Options fromEnvironment(Map<String, String> environment) {
            return fromEnvironment(environment, message -> { });
        }

        /**
         * Defaults overridden by {@code APP_ENV}, {@code LOG_DIR}, {@code LOG_LEVEL}, {@code APP_NAME},
         * {@code LOG_MAX_BYTES}, {@code LOG_BACKUPS}, {@code LOG_COLOR} and {@code NO_COLOR}. Never
         * throws: an invalid value keeps the default and is reported to {@code warnings}, because
         * start-up logging must not stop an application.
         */
        public static Options fromEnvironment(Map<String, String> environment, Consumer<String> warnings) {
            return defaults().overriddenBy(environment, warnings);
        }

        /** This with the variables present in {@code environment} applied (see {@link #fromEnvironment}). */
        public Options overriddenBy(Map<String, String> environment, Consumer<String> warnings) {
            Options o = this;
            String v;
            if ((v = nonBlank(environment.get("APP_ENV"))) != null) {
                try {
                    o = o.withEnv(Env.parse(v));
                } catch (IllegalArgumentException e) {
                    warnings.accept("APP_ENV: " + e.getMessage() + "; using " + o.env().name().toLowerCase(Locale.ROOT));
                }
            }
            if ((v = nonBlank(environment.get("LOG_DIR"))) != null) {
                try {
                    o = o.withLogDir(Path.of(v));
                } catch (RuntimeException e) {
                    warnings.accept("LOG_DIR: cannot use \"" + v + "\": " + e.getMessage());
                }
            }
            if ((v = nonBlank(environment.get("LOG_LEVEL"))) != null) {
                try {
                    o = o.withLevel(LogLevel.parse(v));
                } catch (IllegalArgumentException e) {
                    warnings.accept("LOG_LEVEL: " + e.getMessage() + "; using " + o.level());
                }
            }
            if ((v = nonBlank(environment.get("APP_NAME"))) != null) {
                try {
                    o = o.withAppName(v.trim());
                } catch (IllegalArgumentException e) {
                    warnings.accept("APP_NAME: " + e.getMessage() + "; using " + o.appName());
                }
            }
            if ((v = nonBlank(environment.get("LOG_MAX_BYTES"))) != null) {
                try {
                    o = o.withMaxFileSize(parseSize(v));
                } catch (IllegalArgumentException e) {
                    warnings.accept("LOG_MAX_BYTES: " + e.getMessage() + "; using " + o.maxFileSize());
                }
            }
            if ((v = nonBlank(environment.get("LOG_BACKUPS"))) != null) {
                try {
                    o = o.withBackups(Integer.parseInt(v.trim()));
                } catch (IllegalArgumentException e) {
                    warnings.accept("LOG_BACKUPS: cannot parse \"" + v + "\": " + e.getMessage() + "; using " + o.backups());
                }
            }
            if (environment.get("NO_COLOR") != null && !environment.get("NO_COLOR").isEmpty()) {
                o = o.withColor(ColorMode.NEVER);
            }
            if ((v = nonBlank(environment.get("LOG_COLOR"))) != null) {
                try {
                    o = o.withColor(ColorMode.parse(v));
                } catch (IllegalArgumentException e) {
                    warnings.accept("LOG_COLOR: " + e.getMessage());
                }
            }
            return o;
        }

        public Options withLogDir(Path logDir) {
            return new Options(logDir, appName, env, level, maxFileSize, backups, color);
        }

        public Options withAppName(String appName) {
            return new Options(logDir, appName, env, level, maxFileSize, backups, color);
        }

        public Options withEnv(Env env) {
            return new Options(logDir, appName, env, level, maxFileSize, backups, color);
        }

        public Options withLevel(LogLevel level) {
            return new Options(logDir, appName, env, level, maxFileSize, backups, color);
        }

        public Options withMaxFileSize(long maxFileSize) {
            return new Options(logDir, appName, env, level, maxFileSize, backups, color);
        }

        public Options withBackups(int backups) {
            return new Options(logDir, appName, env, level, maxFileSize, backups, color);
        }

        public Options withColor(ColorMode color) {
            return new Options(logDir, appName, env, level, maxFileSize, backups, color);
        }

        /** {@code <logDir>/<appName>.log}. */
        public Path logFile() {
            return logDir.resolve(appName + ".log");
        }
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Parses {@code 10485760}, {@code 10MB}, {@code 512KB}, {@code 1GB} (binary multiples). */
    static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace(" ", "");
        long multiplier = 1;
        if (t.endsWith("KB") || t.endsWith("K")) {
            multiplier = 1024;
        } else if (t.endsWith("MB") || t.endsWith("M")) {
            multiplier = 1024 * 1024;
        } else if (t.endsWith("GB") || t.endsWith("G")) {
            multiplier = 1024L * 1024 * 1024;
        }
        String digits = t.replaceAll("[KMGB]+$", "");
        try {
            long n = Long.parseLong(digits);
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return Math.multiplyExact(n, multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("cannot parse size \"" + text + "\": expected bytes or a number with KB/MB/GB", e);
        }
    }

    // ------------------------------------------------------------------ set-up

    /** {@link #setup(Options)} with {@link Options#fromEnvironment} of the process environment. */
    public static void setup() {
        setup(Options.fromEnvironment(System.getenv(), message -> System.err.println("plg-logging: " + message)));
    }

    /**
     * Configures the Logback context SLF4J is bound to (replacing its appenders and levels), like
     * the seed's {@code setup_logging(...)}. Never throws for I/O problems: an unwritable log
     * directory is reported on standard error through Logback's status and lines are dropped.
     *
     * @throws IllegalStateException when SLF4J is not bound to Logback
     */
    public static void setup(Options options) {
        Objects.requireNonNull(options, "options is null");
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext)) {
            throw new IllegalStateException("cannot set up plg-logging: SLF4J is bound to "
                    + factory.getClass().getName() + ", not Logback (add logback-classic, remove other providers)");
        }
        LoggerContext context = (LoggerContext) factory;
        long since = System.currentTimeMillis();
        configure(context, options);
        StatusPrinter2 printer = new StatusPrinter2();
        printer.setPrintStream(System.err);
        printer.printInCaseOfErrorsOrWarnings(context, since);
    }

    /**
     * Configures {@code context} for {@code options}: resets it, sets the root level and attaches one
     * appender named {@value #APPENDER_NAME}. Use a private {@code new LoggerContext()} to log to a
     * second destination without touching the application's logging (the demo service does).
     */
    public static void configure(LoggerContext context, Options options) {
        Objects.requireNonNull(context, "context is null");
        Objects.requireNonNull(options, "options is null");
        context.reset();
        if (context.getMDCAdapter() == null) {
            context.setMDCAdapter(MDC.getMDCAdapter() instanceof LogbackMDCAdapter
                    ? MDC.getMDCAdapter() : new LogbackMDCAdapter());
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(options.level().logback());
        Appender<ILoggingEvent> appender = createAppender(context, options);
        root.addAppender(appender);
        if (!context.isStarted()) {
            context.start();
        }
    }

    /** Builds and starts the appender {@code options} ask for (not attached to any logger). */
    public static Appender<ILoggingEvent> createAppender(LoggerContext context, Options options) {
        if (options.env() == Env.PRODUCTION) {
            JsonLineEncoder encoder = new JsonLineEncoder();
            encoder.setContext(context);
            encoder.start();
            RotatingFileAppender file = new RotatingFileAppender();
            file.setContext(context);
            file.setName(APPENDER_NAME);
            file.setPath(options.logFile());
            file.setMaxFileSize(options.maxFileSize());
            file.setBackups(options.backups());
            file.setEncoder(encoder);
            file.start();
            return file;
        }
        ConsoleEncoder encoder = new ConsoleEncoder();
        encoder.setContext(context);
        encoder.setColors(useColors(options.color(), System.getenv()));
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(APPENDER_NAME);
        console.setEncoder(encoder);
        console.start();
        return console;
    }

    /** Resolves {@link ColorMode#AUTO}: a terminal on standard output, {@code NO_COLOR} unset, {@code TERM} not dumb. */
    static boolean useColors(ColorMode mode, Map<String, String> environment) {
        switch (mode) {
            case ALWAYS:
                return true;
            case NEVER:
                return false;
            case AUTO:
            default:
                if (environment.get("NO_COLOR") != null && !environment.get("NO_COLOR").isEmpty()) {
                    return false;
                }
                if ("dumb".equals(environment.get("TERM"))) {
                    return false;
                }
                return isTerminal();
        }
    }

    /** {@code System.console() != null}, and on JDK 22+ (where it is never null) {@code Console.isTerminal()}. */
    private static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ context

    /**
     * Binds alternating keys and values to the current thread until the returned scope is closed.
     * Values go to the MDC as strings (every layout sees them) and keep their JSON types in
     * {@link JsonLineEncoder} output.
     *
     * @throws IllegalArgumentException when the count is odd or a key is not a non-null String
     */
    public static BoundContext bind(Object... keyValues) {
        checkPairs(keyValues);
        int n = keyValues.length / 2;
        String[] keys = new String[n];
        String[] previous = new String[n];
        TypedContext.Frame before = TypedContext.current();
        TypedContext.Frame frame = before == null ? TypedContext.Frame.EMPTY : before;
        for (int i = 0; i < n; i++) {
            String key = (String) keyValues[2 * i];
            Object value = keyValues[2 * i + 1];
            String string = value instanceof String ? (String) value : JsonValues.safeToString(value);
            keys[i] = key;
            previous[i] = MDC.get(key);
            MDC.put(key, string);
            frame = frame.with(key, value, string);
        }
        TypedContext.set(frame);
        return new BoundContext(keys, previous, before);
    }

    /** {@link #bind(Object...)} with the entries of a map, in its iteration order. */
    public static BoundContext bind(Map<String, ?> values) {
        Object[] pairs = new Object[values.size() * 2];
        int i = 0;
        for (Map.Entry<String, ?> e : values.entrySet()) {
            pairs[i++] = e.getKey();
            pairs[i++] = e.getValue();
        }
        return bind(pairs);
    }

    static void checkPairs(Object[] keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("cannot bind " + keyValues.length
                    + " arguments: expected alternating keys and values, got " + java.util.Arrays.toString(keyValues));
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            if (!(keyValues[i] instanceof String)) {
                throw new IllegalArgumentException("cannot bind key " + keyValues[i] + " at position " + i
                        + ": keys must be non-null strings");
            }
        }
    }

    /** A structlog-style bound logger named after {@code type}. */
    public static PlgLogger logger(Class<?> type) {
        return PlgLogger.of(LoggerFactory.getLogger(type));
    }

    /** A structlog-style bound logger with the given name (the JSON {@code logger} field). */
    public static PlgLogger logger(String name) {
        return PlgLogger.of(LoggerFactory.getLogger(name));
    }

    /** The current thread's bound context, to {@link ContextSnapshot#attach() attach} elsewhere. */
    public static ContextSnapshot capture() {
        return ContextSnapshot.capture();
    }

    /** {@code task} running with the context bound when {@code wrap} was called. */
    public static Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task is null");
        ContextSnapshot snapshot = capture();
        return () -> {
            try (ContextSnapshot.Scope ignored = snapshot.attach()) {
                task.run();
            }
        };
    }

    /** {@code task} running with the context bound when {@code wrap} was called. */
    public static <T> Callable<T> wrap(Callable<T> task) {
        Objects.requireNonNull(task, "task is null");
        ContextSnapshot snapshot = capture();
        return () -> {
            try (ContextSnapshot.Scope ignored = snapshot.attach()) {
                return task.call();
            }
        };
    }

    /** An executor whose tasks run with the context of the thread that submitted them. */
    public static Executor wrap(Executor executor) {
        Objects.requireNonNull(executor, "executor is null");
        return command -> executor.execute(wrap(command));
    }

    /**
     * An executor service whose tasks run with the context of the submitting thread, for pools and
     * for {@code Executors.newVirtualThreadPerTaskExecutor()} alike. Shutting it down shuts down
     * {@code executor}.
     */
    public static ExecutorService wrap(ExecutorService executor) {
        Objects.requireNonNull(executor, "executor is null");
        return new ContextExecutorService(executor);
    }

    private static final class ContextExecutorService implements ExecutorService {
        private final ExecutorService delegate;

        ContextExecutorService(ExecutorService delegate) {
            this.delegate = delegate;
        }

        private static <T> List<Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks) {
            return tasks.stream().map(PlgLogging::wrap).collect(Collectors.toList());
        }

        @Override
        public void execute(Runnable command) {
            delegate.execute(wrap(command));
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return delegate.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return delegate.submit(wrap(task));
        }

        @Override
        public <T> Future<T> submit(Runnable task, T result) {
            return delegate.submit(wrap(task), result);
        }

        @Override
        public Future<?> submit(Runnable task) {
            return delegate.submit(wrap(task));
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
            return delegate.invokeAll(wrapAll(tasks));
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException {
            return delegate.invokeAll(wrapAll(tasks), timeout, unit);
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
                throws InterruptedException, ExecutionException {
            return delegate.invokeAny(wrapAll(tasks));
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            return delegate.invokeAny(wrapAll(tasks), timeout, unit);
        }
    }
}
