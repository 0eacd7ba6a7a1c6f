package dev.plg.agent.write;

import static java.util.Objects.requireNonNull;

import dev.plg.agent.model.AgentLog;
import dev.plg.agent.model.Labels;
import dev.plg.agent.model.LogEntry;
import dev.plg.agent.model.Metrics;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The client of one {@code loki.write} endpoint: per-tenant batches cut by size ({@code batch_size})
 * or age ({@code batch_wait}), one sender thread, retries with jittered exponential backoff on 5xx,
 * 429 and connection errors, drop (with a logged reason and a metric) on other 4xx.
 *
 * <p>Delivery: entries are acknowledged ({@code ack().release()}) only when the store answered 2xx
 * or refused the batch for good with a 4xx. A batch is never given up while the store fails (5xx,
 * 429, connection errors): after {@code max_backoff_retries} attempts (where Alloy drops it) it is
 * logged, counted in {@code plg_loki_write_retries_exhausted_batches_total} and retried at the capped
 * backoff until the store answers. A batch still queued at shutdown is not acknowledged, so the file
 * position stays behind it and a restart sends it again. Back-pressure: at most {@link #QUEUE_BATCHES}
 * full batches wait; {@link #append} then blocks (the file is the buffer).
 */
public final class Endpoint implements AutoCloseable {
    /** Alloy's queue: capacity 10MiB / batch_size 1MiB = 10 batches. */
    static final int QUEUE_BATCHES = 10;
    /** How long close() tries to send what is left (Alloy's drain_timeout default). */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);
    public static final String USER_AGENT = "Alloy/v1.13.2-plg (" + System.getProperty("os.name", "linux").toLowerCase(java.util.Locale.ROOT) + "; plg)";
    private static final double[] DURATION_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final EndpointConfig config;
    private final AgentLog log;
    private final String componentId;
    private final Metrics metrics;
    private final HttpClient client;
    private final PushProto proto = new PushProto();
    private final PushProto.Pages pages;
    private final Labels externalLabels;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Batch> open = new LinkedHashMap<>();
    private final ArrayDeque<Batch> ready = new ArrayDeque<>();
    private boolean closing;
    private volatile boolean abort;
    private Thread sender;
    private final Map<Labels, String> labelText = new HashMap<>();

    public Endpoint(EndpointConfig config, Metrics metrics, String componentId, AgentLog log) {
        this.config = requireNonNull(config, "config is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.componentId = requireNonNull(componentId, "componentId is null");
        this.log = requireNonNull(log, "log is null");
        this.externalLabels = Labels.of(config.externalLabels());
        // Enough free pages for the queued batches, the open one and the one being sent.
        long pagesPerBatch = config.batchSize() / PushProto.Pages.PAGE_SIZE + 32;
        this.pages = new PushProto.Pages((int) Math.min(16_384, (QUEUE_BATCHES + 2) * pagesPerBatch));
        this.client = HttpClient.newBuilder()
                .version(config.enableHttp2() && config.url().getScheme().equals("https") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.remoteTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public EndpointConfig config() {
        return config;
    }

    /**
     * A batch: streams by label text in arrival order, each already encoded as protobuf, plus the
     * acknowledgements of its entries (released once, when the batch is settled).
     */
    static final class Batch {
        final String tenant;
        private final PushProto.Pages pages;
        final Map<String, PushProto.StreamBuffer> streams = new LinkedHashMap<>();
        /** Acks as runs: entries of one read chunk share an ack, so a batch holds few runs. */
        final List<dev.plg.agent.model.Ack> acks = new ArrayList<>();
        int[] ackCounts = new int[8];
        final long createdNanos = System.nanoTime();
        long bytes;
        int entries;

        Batch(String tenant, PushProto.Pages pages) {
            this.tenant = tenant;
            this.pages = pages;
        }

        void add(String labels, LogEntry e, long size) {
            PushProto.StreamBuffer sb = streams.get(labels);
            if (sb == null) {
                sb = new PushProto.StreamBuffer(labels, pages);
                streams.put(labels, sb);
            }
            sb.append(e);
            dev.plg.agent.model.Ack a = e.ack();
            int n = acks.size();
            if (n > 0 && acks.get(n - 1) == a) {
                ackCounts[n - 1]++;
            } else {
                if (n == ackCounts.length) {
                    ackCounts = java.util.Arrays.copyOf(ackCounts, n * 2);
                }
                acks.add(a);
                ackCounts[n] = 1;
            }
            bytes += size;
            entries++;
        }

        /** Returns the encoded entries' pages to the pool (after encoding the body). */
        void releasePages() {
            for (PushProto.StreamBuffer sb : streams.values()) {
                sb.release();
            }
        }
    }

    public synchronized void start() {
        if (sender == null) {
            sender = Thread.ofVirtual().name("loki.write-" + config.name()).start(() -> {
                try {
                    sendLoop();
                } catch (RuntimeException | Error e) {
                    log.error("loki.write sender failed", "component_id", componentId, "err", e.toString());
                    throw e;
                }
            });
        }
    }

    private static long entrySize(LogEntry e) {
        long s = e.lineLength();
        for (var p : e.structuredMetadata()) {
            s += p.name().length() + p.value().length();
        }
        return s;
    }

    /** The label text sent for {@code labels}: {@code __*} removed, external labels merged underneath. */
    private String labelsFor(Labels labels) {
        String t = labelText.get(labels);
        if (t == null) {
            Labels l = labels.withoutReserved();
            for (int i = 0; i < externalLabels.size(); i++) {
                if (l.get(externalLabels.name(i)) == null) {
                    l = l.with(externalLabels.name(i), externalLabels.value(i));
                }
            }
            t = l.toString();
            if (labelText.size() > 100_000) {
                labelText.clear();
            }
            labelText.put(labels, t);
        }
        return t;
    }

    /** Adds entries to their tenant's batch; blocks while the send queue is full. Takes over one ack reference each. */
    public void append(List<LogEntry> entries) {
        lock.lock();
        try {
            for (LogEntry e : entries) {
                if (closing) {
                    continue; // not acknowledged: re-read after restart
                }
                String tenant = e.labels().get("__tenant_id__");
                if (tenant == null) {
                    tenant = config.tenantId();
                }
                long size = entrySize(e);
                Batch b = open.get(tenant);
                if (b != null && b.bytes > 0 && b.bytes + size > config.batchSize()) {
                    open.remove(tenant);
                    if (!enqueue(b)) {
                        return; // interrupted while blocked: the rest stays unacknowledged
                    }
                    b = null;
                }
                if (b == null) {
                    b = new Batch(tenant, pages);
                    open.put(tenant, b);
                    changed.signalAll();
                }
                String lt = labelsFor(e.labels());
                if (config.maxStreams() > 0 && !b.streams.containsKey(lt) && b.streams.size() >= config.maxStreams()) {
                    drop(List.of(e), tenant, "stream_limited", true);
                    continue;
                }
                b.add(lt, e, size);
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean enqueue(Batch b) {
        while (ready.size() >= QUEUE_BATCHES && !closing) {
            try {
                changed.await();
            } catch (InterruptedException e) {
                ready.addLast(b); // keep it: the sender still gets to try it
                Thread.currentThread().interrupt();
                return false;
            }
        }
        ready.addLast(b);
        changed.signalAll();
        return true;
    }

    private void sendLoop() {
        long tick = Math.max(10, config.batchWait().toMillis() / 10);
        while (true) {
            Batch b;
            lock.lock();
            try {
                while (true) {
                    b = ready.pollFirst();
                    if (b != null) {
                        changed.signalAll();
                        break;
                    }
                    Batch aged = null;
                    long now = System.nanoTime();
                    for (Batch ob : open.values()) {
                        if (closing || now - ob.createdNanos >= config.batchWait().toNanos()) {
                            aged = ob;
                            break;
                        }
                    }
                    if (aged != null) {
                        open.remove(aged.tenant);
                        b = aged;
                        break;
                    }
                    if (closing) {
                        return;
                    }
                    try {
                        changed.await(tick, java.util.concurrent.TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            } finally {
                lock.unlock();
            }
            if (abort) {
                return;
            }
            send(b);
        }
    }

    private void send(Batch b) {
        PushProto.Body body = proto.encodeSnappy(b.streams.values());
        b.releasePages();
        String tenantLabel = b.tenant;
        Metrics.Series retries = metrics.counter("loki_write_batch_retries_total", "Number of times batches has had to be retried.",
                "component_id", "component_path", "host", "tenant").labels(componentId, "/", config.host(), tenantLabel);
        int attempt = 0;
        while (true) {
            int status;
            String error;
            long start = System.nanoTime();
            try {
                HttpResponse<String> resp = client.send(request(b, body), HttpResponse.BodyHandlers.ofString());
                status = resp.statusCode();
                error = resp.body();
            } catch (IOException e) {
                status = -1;
                error = e.toString();
                proto.discardBody(); // the client may still read this body's buffer: do not reuse it
            } catch (InterruptedException e) {
                proto.discardBody();
                Thread.currentThread().interrupt();
                return;
            }
            metrics.histogram("loki_write_request_duration_seconds", "Duration of send requests.", DURATION_BUCKETS,
                    "component_id", "component_path", "status_code", "host", "tenant")
                    .labels(componentId, "/", status < 0 ? "error" : Integer.toString(status), config.host(), tenantLabel)
                    .observe((System.nanoTime() - start) / 1e9);
            if (status >= 200 && status < 300) {
                metrics.counter("loki_write_sent_bytes_total", "Number of bytes sent.", "component_id", "component_path", "host", "tenant")
                        .labels(componentId, "/", config.host(), tenantLabel).add(b.bytes);
                metrics.counter("loki_write_sent_entries_total", "Number of log entries sent to the ingester.",
                        "component_id", "component_path", "host", "tenant").labels(componentId, "/", config.host(), tenantLabel).add(b.entries);
                metrics.counter("loki_write_encoded_bytes_total", "Number of bytes encoded and ready to send.",
                        "component_id", "component_path", "host", "tenant").labels(componentId, "/", config.host(), tenantLabel).add(body.length());
                ackAll(b);
                return;
            }
            boolean rateLimited = status == 429;
            if (rateLimited && !config.retryOn429()) {
                log.error("final error sending batch, dropping it", "component_id", componentId, "host", config.host(),
                        "status", status, "tenant", tenantLabel, "error", truncate(error));
                dropBatch(b, "rate_limited", true);
                return;
            }
            if (status >= 400 && status < 500 && !rateLimited) {
                log.error("final error sending batch, dropping it", "component_id", componentId, "host", config.host(),
                        "status", status, "tenant", tenantLabel, "error", truncate(error));
                dropBatch(b, "ingester_error", true);
                return;
            }
            attempt++;
            if (abort) {
                return; // shutting down: not acknowledged, re-read after restart
            }
            if (config.maxRetries() > 0 && attempt == config.maxRetries()) {
                // Alloy drops the batch here. Its lines are not acknowledged, so dropping it would only
                // delay them to the next agent restart (or lose them if the file rotates away first):
                // keep it and keep retrying at the capped backoff instead. See docs/agent.md.
                log.error("batch exhausted max_backoff_retries; Alloy would drop it now, PLG keeps retrying it every "
                                + "max_backoff_period until the store accepts or refuses it",
                        "component_id", componentId, "host", config.host(), "status", status, "tenant", tenantLabel,
                        "entries", b.entries, "error", truncate(error));
                metrics.counter("plg_loki_write_retries_exhausted_batches_total",
                        "Batches that exhausted max_backoff_retries (dropped by Alloy) and are still being retried.",
                        "component_id", "component_path", "host", "tenant").labels(componentId, "/", config.host(), tenantLabel).inc();
            }
            log.warn("error sending batch, will retry", "component_id", componentId, "host", config.host(), "status", status,
                    "tenant", tenantLabel, "error", truncate(error));
            retries.inc();
            if (!sleep(backoff(attempt))) {
                return;
            }
        }
    }

    private static String truncate(String s) {
        if (s == null) {
            return "";
        }
        s = s.strip();
        return s.length() > 512 ? s.substring(0, 512) + "..." : s;
    }

    /** Jittered exponential backoff (dskit): uniform in [min·2^(k-1), min·2^k), both capped at max. */
    Duration backoff(int attempt) {
        long min = config.minBackoff().toMillis();
        long max = config.maxBackoff().toMillis();
        long lo = Math.min(max, min << Math.min(30, attempt - 1));
        long hi = Math.min(max, min << Math.min(30, attempt));
        long d = hi > lo ? ThreadLocalRandom.current().nextLong(lo, hi) : lo;
        return Duration.ofMillis(Math.max(1, d));
    }

    private boolean sleep(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        lock.lock();
        try {
            while (!abort) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                if (closing) {
                    return false; // do not keep retrying during shutdown
                }
                changed.awaitNanos(left);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private HttpRequest request(Batch b, PushProto.Body body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(config.url())
                .timeout(config.remoteTimeout())
                .header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "snappy")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes(), 0, body.length()));
        if (!b.tenant.isEmpty()) {
            r.header("X-Scope-OrgID", b.tenant);
        }
        if (config.basicAuthUser() != null) {
            String cred = config.basicAuthUser() + ":" + (config.basicAuthPassword() == null ? "" : config.basicAuthPassword());
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(cred.getBytes(StandardCharsets.UTF_8)));
        } else if (config.bearerToken() != null) {
            r.header("Authorization", "Bearer " + config.bearerToken());
        }
        for (Map.Entry<String, String> h : config.headers().entrySet()) {
            String n = h.getKey().toLowerCase(java.util.Locale.ROOT);
            if (n.equals("content-type") || n.equals("content-encoding") || n.equals("user-agent")
                    || (n.equals("x-scope-orgid") && !b.tenant.isEmpty()) || n.equals("host") || n.equals("content-length")) {
                continue; // already set: skipped, as Alloy does
            }
            r.header(h.getKey(), h.getValue());
        }
        return r.build();
    }

    private static void ackAll(Batch b) {
        for (int i = 0; i < b.acks.size(); i++) {
            b.acks.get(i).release(b.ackCounts[i]);
        }
    }

    private void dropBatch(Batch b, String reason, boolean acknowledge) {
        if (acknowledge) {
            ackAll(b);
        }
        countDropped(b.tenant, reason, b.bytes, b.entries);
    }

    private void drop(List<LogEntry> entries, String tenant, String reason, boolean acknowledge) {
        long bytes = 0;
        for (LogEntry e : entries) {
            bytes += entrySize(e);
            if (acknowledge) {
                e.ack().release();
            }
        }
        countDropped(tenant, reason, bytes, entries.size());
    }

    private void countDropped(String tenant, String reason, long bytes, int count) {
        metrics.counter("loki_write_dropped_bytes_total", "Number of bytes dropped because failed to be sent to the ingester after all retries.",
                "component_id", "component_path", "host", "tenant", "reason").labels(componentId, "/", config.host(), tenant, reason).add(bytes);
        metrics.counter("loki_write_dropped_entries_total", "Number of log entries dropped because failed to be sent to the ingester after all retries.",
                "component_id", "component_path", "host", "tenant", "reason").labels(componentId, "/", config.host(), tenant, reason).add(count);
    }

    /** Sends what is queued (one attempt each, up to the drain timeout), then stops. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        Thread t;
        synchronized (this) {
            t = sender;
        }
        if (t != null) {
            try {
                t.join(DRAIN_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            abort = true;
            t.interrupt();
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.close();
    }
}
