package dev.plg.alerting;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP receiver standing in for Slack, a webhook or Alertmanager: records every
 * request and answers with queued statuses (then {@code 200 ok}).
 */
public final class Receiver implements AutoCloseable {
    /** One received request. */
    public record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().getFirst();
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Received> accepted = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Integer> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final String okBody;

    public Receiver(String okBody) throws IOException {
        this.okBody = okBody;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            requests.incrementAndGet();
            Integer fail = failures.poll();
            int status = fail == null ? 200 : fail;
            String reply = fail == null ? okBody : "receiver down";
            if (fail == null) {
                accepted.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        Map.copyOf(exchange.getRequestHeaders()), body));
            }
            byte[] out = reply.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(status, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next {@code n} requests fail with {@code status}. */
    public void failNext(int n, int status) {
        for (int i = 0; i < n; i++) {
            failures.add(status);
        }
    }

    /** All requests seen, accepted or not. */
    public int requestCount() {
        return requests.get();
    }

    /** Waits (up to 10 s) for the next accepted request. */
    public Received next() throws InterruptedException {
        Received r = accepted.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no request arrived within 10 s");
        }
        return r;
    }

    /** Accepted requests not taken yet, after waiting {@code d} for stragglers. */
    public List<Received> drain(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
        List<Received> out = new ArrayList<>();
        accepted.drainTo(out);
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
