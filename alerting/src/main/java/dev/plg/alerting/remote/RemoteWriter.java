package dev.plg.alerting.remote;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends recording-rule samples to a Prometheus-compatible {@code remote_write} endpoint from one
 * virtual thread: batches of up to {@value #MAX_BATCH} samples, retried with backoff on network
 * errors, 429 and 5xx (dropped on other 4xx, as Prometheus does). {@link #write} never blocks;
 * when {@value #CAPACITY} samples are waiting, new ones are dropped and counted.
 */
public final class RemoteWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteWriter.class);
    static final int MAX_BATCH = 2000;
    static final int CAPACITY = 100_000;

    private final URI url;
    private final String tenant;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration initialBackoff;
    private final int maxAttempts;
    private final BlockingQueue<Sample> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread worker;
    private volatile boolean closed;

    /** @param tenant sent as {@code X-Scope-OrgID} when not empty (Loki's ruler does this for multi-tenant receivers) */
    public RemoteWriter(URI url, String tenant, HttpClient http, Duration timeout, Duration initialBackoff, int maxAttempts) {
        this.url = requireNonNull(url, "url is null");
        this.tenant = requireNonNull(tenant, "tenant is null");
        this.http = requireNonNull(http, "http is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.initialBackoff = requireNonNull(initialBackoff, "initialBackoff is null");
        this.maxAttempts = maxAttempts;
        this.worker = Thread.ofVirtual().name("plg-remote-write").start(this::run);
    }

    public void write(List<Sample> samples) {
        for (Sample s : samples) {
            if (!queue.offer(s)) {
                dropped.incrementAndGet();
            }
        }
    }

    /** Samples accepted by the endpoint, dropped (queue full or refused), and failed batches. */
    public long[] counts() {
        return new long[] {sent.get(), dropped.get(), failed.get()};
    }

    private void run() {
        while (!closed) {
            List<Sample> batch = new ArrayList<>();
            try {
                Sample first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            send(batch);
        }
    }

    private void send(List<Sample> batch) {
        byte[] body = WriteRequestEncoder.snappy(WriteRequestEncoder.encode(batch));
        Duration wait = initialBackoff;
        for (int attempt = 1; attempt <= maxAttempts && !closed; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/x-protobuf")
                    .header("Content-Encoding", "snappy")
                    .header("User-Agent", "PLG-ruler")
                    .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (!tenant.isEmpty()) {
                b.header("X-Scope-OrgID", tenant);
            }
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                int s = r.statusCode();
                if (s >= 200 && s < 300) {
                    sent.addAndGet(batch.size());
                    return;
                }
                if (s != 429 && s < 500) {
                    LOG.warn("remote_write to {} refused {} samples: {} {}", url, batch.size(), s, r.body());
                    dropped.addAndGet(batch.size());
                    return;
                }
                LOG.info("remote_write to {} answered {} (attempt {})", url, s, attempt);
            } catch (IOException e) {
                LOG.info("remote_write to {} failed (attempt {}): {}", url, attempt, e.toString());
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : wait.multipliedBy(2);
        }
        failed.incrementAndGet();
        dropped.addAndGet(batch.size());
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
