package dev.plg.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.plg.push.LabelPair;
import dev.plg.push.PushDecoder;
import dev.plg.push.PushEntry;
import dev.plg.push.PushRequest;
import dev.plg.push.PushStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * A tiny Loki push receiver for tests: decodes bodies with the push module's decoder, records
 * accepted entries, and answers with scripted statuses (500, 429, 400) or goes down (port closed).
 */
final class FakeLoki implements AutoCloseable {
    /** One received entry. */
    record Received(String labels, long ts, String line, String tenant) {
    }

    /** One request: status answered, entry count, headers of interest. */
    record Request(int status, int entries, String contentType, String contentEncoding, String tenant, String authorization) {
    }

    private final int port;
    private HttpServer server;
    private final ArrayDeque<Integer> script = new ArrayDeque<>();
    private final List<Received> accepted = new ArrayList<>();
    private final List<Received> rejected = new ArrayList<>();
    private final List<Request> requests = new ArrayList<>();

    FakeLoki() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        port = server.getAddress().getPort();
        init();
    }

    private void init() {
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/loki/api/v1/push", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + port + "/loki/api/v1/push";
    }

    /** The next {@code n} requests get {@code status}. */
    synchronized void failNext(int n, int status) {
        for (int i = 0; i < n; i++) {
            script.addLast(status);
        }
    }

    /** Closes the port (connection refused) until {@link #up()}. */
    synchronized void down() {
        server.stop(0);
    }

    synchronized void up() throws IOException {
        IOException last = null;
        for (int i = 0; i < 50; i++) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
                init();
                return;
            } catch (java.net.BindException e) {
                last = e;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    throw new IOException(ie);
                }
            }
        }
        throw last;
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String tenant = ex.getRequestHeaders().getFirst("X-Scope-OrgID");
        PushRequest req = PushDecoder.decode(ex.getRequestHeaders().getFirst("Content-Type"),
                ex.getRequestHeaders().getFirst("Content-Encoding"), body);
        List<Received> got = new ArrayList<>();
        for (PushStream s : req.streams()) {
            Map<String, String> m = new TreeMap<>();
            for (LabelPair p : s.labels()) {
                m.put(p.name(), p.value());
            }
            StringBuilder sb = new StringBuilder("{");
            m.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append("=\"").append(v).append('"'));
            sb.append('}');
            for (PushEntry e : s.entries()) {
                got.add(new Received(sb.toString(), e.timestampNanos(), e.line(), tenant));
            }
        }
        int status;
        synchronized (this) {
            Integer scripted = script.pollFirst();
            status = scripted == null ? 204 : scripted;
            requests.add(new Request(status, got.size(), ex.getRequestHeaders().getFirst("Content-Type"),
                    ex.getRequestHeaders().getFirst("Content-Encoding"), tenant, ex.getRequestHeaders().getFirst("Authorization")));
            if (System.getenv("AGENT_TEST_LOG") != null) {
                System.err.println("fake-loki status=" + status + " entries=" + got.size()
                        + " seqs=" + got.stream().map(r -> r.line().replaceAll(".*\"seq\": (\\d+).*", "$1")).mapToInt(x -> {
                            try {
                                return Integer.parseInt(x);
                            } catch (NumberFormatException e) {
                                return -1;
                            }
                        }).summaryStatistics());
            }
            if (status / 100 == 2) {
                accepted.addAll(got);
            } else if (status / 100 == 4 && status != 429) {
                rejected.addAll(got);
            }
        }
        if (status == 204) {
            ex.sendResponseHeaders(204, -1);
        } else {
            byte[] msg = ("scripted status " + status).getBytes();
            ex.sendResponseHeaders(status, msg.length);
            ex.getResponseBody().write(msg);
        }
        ex.close();
    }

    synchronized List<Received> accepted() {
        return List.copyOf(accepted);
    }

    synchronized List<Received> rejected() {
        return List.copyOf(rejected);
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized Set<String> acceptedLines() {
        Set<String> s = new HashSet<>();
        for (Received r : accepted) {
            s.add(r.line());
        }
        return s;
    }

    /** Sequence numbers of seed lines in [from, to) not accepted yet (for failure messages). */
    synchronized String missing(int from, int to) {
        Set<String> got = acceptedLines();
        List<Integer> miss = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (!got.contains(RotatingWriter.seedLine(i))) {
                miss.add(i);
            }
        }
        return "all lines " + from + ".." + to + "; missing " + miss.size() + ": "
                + miss.subList(0, Math.min(40, miss.size())) + " requests=" + requests.size();
    }

    /** How often each accepted line arrived. */
    synchronized Map<String, Integer> counts() {
        Map<String, Integer> m = new HashMap<>();
        for (Received r : accepted) {
            m.merge(r.line(), 1, Integer::sum);
        }
        return m;
    }

    /** Waits until {@code condition} holds; fails after {@code max} (a deadline for failures, not a timing assertion). */
    static void await(BooleanSupplier condition, Duration max, String what) {
        await(condition, max, () -> what);
    }

    static void await(BooleanSupplier condition, Duration max, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public synchronized void close() {
        server.stop(0);
    }
}
