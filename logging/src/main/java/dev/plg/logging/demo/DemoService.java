package dev.plg.logging.demo;

import ch.qos.logback.classic.LoggerContext;
import dev.plg.logging.BoundContext;
import dev.plg.logging.PlgLogger;
import dev.plg.logging.PlgLogging;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small "starter kit" service that produces realistic traffic through PLG logging, so a new user
 * sees data in Loki and the dashboards within seconds ({@code plg demo}, {@code plg up}).
 *
 * <p>Traffic: the seed's auth flow (로그인 시도 → 로그인 성공, or 비밀번호 틀림 with a growing
 * {@code attempt} until 계정 잠김), billing (payments with amounts, retries, gateway failures with
 * stack traces), api (request lines with method, path, status, duration, 5xx errors with
 * exceptions) and worker jobs (debug pick-ups, completions, failures, the occasional critical),
 * plus error bursts (an upstream outage logging dozens of errors in a row). Context is bound both
 * ways the library offers: bound loggers ({@code service}, {@code request_id}, {@code user_id}) and
 * {@link PlgLogging#bind} for api requests.
 *
 * <p>The demo logs through its own {@link LoggerContext}, configured by
 * {@link PlgLogging#configure}, so running it inside another program (the PLG server) does not
 * touch that program's logging. One run per instance; {@link #stop()} may be called from any thread.
 */
public final class DemoService implements Runnable, AutoCloseable {
    /** Average lines between two error bursts: roughly one incident a minute at the default rate. */
    private static final int BURST_EVERY_LINES = 1200;

    private final DemoOptions options;
    private final LoggerContext context;
    private final PlgLogger auth;
    private final PlgLogger billing;
    private final PlgLogger api;
    private final PlgLogger worker;
    private final SplittableRandom random;
    private final AtomicLong lines = new AtomicLong();
    private volatile boolean stopped;
    private volatile Thread background;
    private long startNanos;
    private long nextBurstAt;

    public DemoService(DemoOptions options) {
        this.options = java.util.Objects.requireNonNull(options, "options is null");
        this.context = new LoggerContext();
        context.setName("plg-demo");
        PlgLogging.configure(context, options.loggingOptions());
        this.auth = PlgLogger.of(context.getLogger("auth")).bind("service", "auth");
        this.billing = PlgLogger.of(context.getLogger("billing")).bind("service", "billing");
        this.api = PlgLogger.of(context.getLogger("api")).bind("service", "api");
        this.worker = PlgLogger.of(context.getLogger("worker")).bind("service", "worker");
        this.random = new SplittableRandom(options.seed());
        this.nextBurstAt = BURST_EVERY_LINES / 2 + random.nextInt(BURST_EVERY_LINES);
    }

    /**
     * Starts a demo on a daemon thread named {@code plg-demo} and returns at once; {@link #close()}
     * stops it, waits for the thread and closes the file. What {@code plg up} uses.
     */
    public static DemoService startInBackground(DemoOptions options) {
        DemoService demo = new DemoService(options);
        Thread thread = new Thread(demo, "plg-demo");
        thread.setDaemon(true);
        demo.background = thread;
        thread.start();
        return demo;
    }

    /** Runs a demo with {@code options} on the calling thread until its duration or line limit. */
    public static void run(DemoOptions options) {
        try (DemoService demo = new DemoService(options)) {
            demo.run();
        }
    }

    /** The file the demo writes in production mode. */
    public Path logFile() {
        return options.logFile();
    }

    /** Lines logged so far (including ones below the level threshold). */
    public long linesWritten() {
        return lines.get();
    }

    /** Makes {@link #run()} return after the current line. */
    public void stop() {
        stopped = true;
    }

    /**
     * Stops, waits up to 5 s for a background run to finish its line, and closes the demo's logger
     * context (closes the file). Idempotent.
     */
    @Override
    public void close() {
        stop();
        Thread thread = background;
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        context.stop();
    }

    /** True while a background run started by {@link #startInBackground} is generating traffic. */
    public boolean isRunning() {
        Thread thread = background;
        return thread != null && thread.isAlive();
    }

    /**
     * Generates traffic until the duration passes, the line limit is reached, {@link #stop()} is
     * called or the thread is interrupted.
     */
    @Override
    public void run() {
        startNanos = System.nanoTime();
        while (!done()) {
            if (lines.get() >= nextBurstAt) {
                errorBurst();
                nextBurstAt = lines.get() + BURST_EVERY_LINES / 2 + random.nextInt(BURST_EVERY_LINES);
                continue;
            }
            int pick = random.nextInt(100);
            if (pick < 35) {
                authFlow();
            } else if (pick < 60) {
                apiRequest();
            } else if (pick < 80) {
                billingFlow();
            } else {
                workerJob();
            }
        }
    }

    private boolean done() {
        if (stopped || Thread.currentThread().isInterrupted()) {
            return true;
        }
        if (options.maxLines() > 0 && lines.get() >= options.maxLines()) {
            return true;
        }
        return !options.duration().isZero() && System.nanoTime() - startNanos >= options.duration().toNanos();
    }

    /** Waits for the next line's slot; false when the run is over. */
    private boolean line() {
        if (done()) {
            return false;
        }
        double rate = options.linesPerSecond();
        if (rate > 0) {
            long due = startNanos + (long) (lines.get() * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            if (done()) {
                return false;
            }
        }
        lines.incrementAndGet();
        return true;
    }

    private String requestId() {
        return "req-" + Long.toHexString(random.nextLong() & 0xFFFFFFFFFFL);
    }

    private String userId() {
        return "user-" + (100 + random.nextInt(900));
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    // ------------------------------------------------------------------ auth (seed section 2.3)

    private static final String[] LOGIN_METHODS = {"oauth2", "password", "sso", "password", "oauth2"};

    private void authFlow() {
        PlgLogger log = auth.bind("request_id", requestId(), "user_id", userId());
        String method = pick(LOGIN_METHODS);
        if (!line()) {
            return;
        }
        log.info("로그인 시도", "method", method);
        int roll = random.nextInt(100);
        if (roll < 75) {
            if (line()) {
                log.info("로그인 성공", "method", method, "duration_ms", 20 + random.nextInt(180));
            }
            return;
        }
        int attempts = roll < 92 ? 1 + random.nextInt(2) : 5;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (!line()) {
                return;
            }
            log.warning("비밀번호 틀림", "attempt", attempt);
        }
        if (attempts >= 5 && line()) {
            String lockedUntil = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS).toString();
            log.error("계정 잠김", "locked_until", lockedUntil, "attempt", attempts);
        }
    }

    // ------------------------------------------------------------------ api

    private static final String[] PATHS = {"/api/v1/users", "/api/v1/orders", "/api/v1/products", "/api/v1/cart",
        "/api/v1/search", "/healthz"};
    private static final String[] HTTP_METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};

    private void apiRequest() {
        String path = pick(PATHS);
        String method = path.equals("/healthz") ? "GET" : pick(HTTP_METHODS);
        int roll = random.nextInt(1000);
        int status = roll < 880 ? (method.equals("POST") ? 201 : 200) : roll < 960 ? 404 : roll < 985 ? 429 : 500;
        long durationMs = status == 500 ? 1000 + random.nextInt(4000) : 2 + random.nextInt(250);
        try (BoundContext ignored = PlgLogging.bind("request_id", requestId(), "client_ip", clientIp())) {
            if (status == 500) {
                if (line()) {
                    try {
                        handleRequest(path);
                    } catch (IllegalStateException e) {
                        api.error("request failed", e, "method", method, "path", path, "status", status,
                                "duration_ms", durationMs);
                    }
                }
                return;
            }
            if (!line()) {
                return;
            }
            if (status >= 400) {
                api.warning("request completed", "method", method, "path", path, "status", status,
                        "duration_ms", durationMs);
            } else if (path.equals("/healthz")) {
                api.debug("health check", "status", status);
            } else {
                api.info("request completed", "method", method, "path", path, "status", status,
                        "duration_ms", durationMs, "cache_hit", random.nextInt(3) == 0);
            }
        }
    }

    private String clientIp() {
        return "10.0." + random.nextInt(8) + "." + (1 + random.nextInt(254));
    }

    private void handleRequest(String path) {
        try {
            queryDatabase(path);
        } catch (SQLTransientConnectionException e) {
            throw new IllegalStateException("cannot serve " + path, e);
        }
    }

    private void queryDatabase(String path) throws SQLTransientConnectionException {
        throw new SQLTransientConnectionException("connection pool exhausted: 20 of 20 connections in use (path " + path + ")");
    }

    // ------------------------------------------------------------------ billing

    private static final String[] CURRENCIES = {"KRW", "KRW", "KRW", "USD"};

    private void billingFlow() {
        PlgLogger log = billing.bind("request_id", requestId(), "user_id", userId(),
                "order_id", "ord-" + (10000 + random.nextInt(90000)));
        String currency = pick(CURRENCIES);
        Object amount = currency.equals("KRW") ? (Object) (long) ((1 + random.nextInt(500)) * 100)
                : (Object) (Math.round((1 + random.nextDouble() * 300) * 100) / 100.0);
        if (!line()) {
            return;
        }
        log.info("결제 요청", "amount", amount, "currency", currency);
        int roll = random.nextInt(100);
        if (roll < 85) {
            if (line()) {
                log.info("결제 완료", "amount", amount, "currency", currency, "duration_ms", 80 + random.nextInt(900));
            }
        } else if (roll < 95) {
            if (line()) {
                log.warning("결제 재시도", "retry", 1, "reason", "gateway timeout");
            }
            if (line()) {
                log.info("결제 완료", "amount", amount, "currency", currency, "retry", 1);
            }
        } else if (line()) {
            try {
                chargeCard(amount);
            } catch (PaymentException e) {
                log.exception("결제 실패", e, "amount", amount, "currency", currency);
            }
        }
    }

    /** A gateway failure with a cause, so the JSON carries a two-stack traceback. */
    static final class PaymentException extends Exception {
        private static final long serialVersionUID = 1L;

        PaymentException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void chargeCard(Object amount) throws PaymentException {
        try {
            callGateway();
        } catch (SocketTimeoutException e) {
            throw new PaymentException("payment gateway did not answer for amount " + amount, e);
        }
    }

    private void callGateway() throws SocketTimeoutException {
        throw new SocketTimeoutException("Read timed out after 3000 ms (pg.example.com:443)");
    }

    // ------------------------------------------------------------------ worker

    private static final String[] QUEUES = {"emails", "thumbnails", "reports", "webhooks"};

    private void workerJob() {
        String queue = pick(QUEUES);
        PlgLogger log = worker.bind("job_id", "job-" + Long.toHexString(random.nextLong() & 0xFFFFFFL), "queue", queue);
        if (!line()) {
            return;
        }
        log.debug("job picked", "attempt", 1);
        int roll = random.nextInt(200);
        if (roll < 185) {
            if (line()) {
                log.info("job finished", "duration_ms", 5 + random.nextInt(3000), "items", random.nextInt(50));
            }
        } else if (roll < 199) {
            if (line()) {
                try {
                    runJob(queue);
                } catch (RuntimeException e) {
                    log.error("job failed", e, "will_retry", true);
                }
            }
        } else if (line()) {
            log.critical("worker pool exhausted", "active", 64, "queued", 5000 + random.nextInt(5000));
        }
    }

    private void runJob(String queue) {
        try {
            renderTemplate(queue);
        } catch (TimeoutException e) {
            throw new IllegalStateException("job on queue " + queue + " timed out", e);
        }
    }

    private void renderTemplate(String queue) throws TimeoutException {
        throw new TimeoutException("template renderer busy (" + queue + ")");
    }

    // ------------------------------------------------------------------ incidents

    private void errorBurst() {
        boolean database = random.nextBoolean();
        PlgLogger log = database ? billing : api;
        int count = 20 + random.nextInt(30);
        for (int i = 0; i < count; i++) {
            if (!line()) {
                return;
            }
            if (database) {
                log.error("database connection refused", "request_id", requestId(), "host", "db-primary:5432",
                        "retry_in_ms", 250 * (1 + i % 4));
            } else {
                log.error("upstream timeout", "request_id", requestId(), "upstream", "inventory-service",
                        "timeout_ms", 3000);
            }
        }
    }
}
