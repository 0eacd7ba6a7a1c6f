package dev.plg.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.plg.push.LabelPair;
import dev.plg.query.LabelSets;
import dev.plg.query.QueryException;
import dev.plg.query.QueryResult;
import dev.plg.query.TailSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /loki/api/v1/tail} (WebSocket) as Loki 3.4.2 serves it: parameters checked before the
 * upgrade (plain 400 otherwise), then the most recent {@code limit} entries since {@code start}
 * in ascending order, then live entries; one entry per stream object, at most 100 entries per
 * text message, a ping every second, close code 1011 with a reason on failure.
 *
 * <p>Thread-safe; each session's sends are serialised on the session.
 */
public final class TailEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TailEndpoint.class);
    /** Loki's {@code maxDelayForInTailing} in seconds. */
    static final int MAX_DELAY_FOR_SECONDS = 5;
    /** Entries per WebSocket message (Loki's tailer batch). */
    static final int MAX_ENTRIES_PER_MESSAGE = 100;
    static final Duration PING_PERIOD = Duration.ofSeconds(1);

    private final ReadBackend read;
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("plg-tail-ping").factory());
    private volatile ServerWebSocketContainer container;

    TailEndpoint(ReadBackend read) {
        this.read = read;
    }

    /** Set by the HTTP server once Jetty's WebSocket container exists. */
    public void container(ServerWebSocketContainer c) {
        this.container = c;
    }

    void handle(Exchange ex, String tenant, boolean categorize) {
        Params p = ex.params();
        String query = p.get("query");
        int limit = p.limit();
        long start;
        try {
            start = Params.timestamp(p.get("start"), p.now() - Params.DEFAULT_SINCE_NANOS);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        String delay = p.get("delay_for");
        if (!delay.isEmpty()) {
            int d;
            try {
                d = Integer.parseInt(delay);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("strconv.Atoi: parsing " + Params.quote(delay) + ": invalid syntax");
            }
            if (d > MAX_DELAY_FOR_SECONDS) {
                throw ApiException.badRequest("delay_for can't be greater than " + MAX_DELAY_FOR_SECONDS);
            }
        }
        read.validateTailQuery(query);
        ServerWebSocketContainer c = container;
        if (c == null || !"websocket".equalsIgnoreCase(ex.header("Upgrade"))) {
            throw ApiException.badRequest("websocket: the client is not using the websocket protocol: "
                    + "'upgrade' token not found in 'Connection' header");
        }
        ex.handedOff();
        boolean upgraded = c.upgrade((rq, rs, cb) -> new TailSession(tenant, query, start, limit, categorize),
                ex.request(), ex.response(), ex.callback());
        if (!upgraded) {
            LOG.debug("tail upgrade refused for {}", query);
        }
    }

    @Override
    public void close() {
        pinger.shutdownNow();
    }

    /** One tailing client. */
    public final class TailSession implements Session.Listener.AutoDemanding, TailSink {
        private final String tenant;
        private final String query;
        private final long start;
        private final int limit;
        private final boolean categorize;
        private volatile Session session;
        private volatile AutoCloseable subscription;
        private volatile ScheduledFuture<?> ping;

        TailSession(String tenant, String query, long start, int limit, boolean categorize) {
            this.tenant = tenant;
            this.query = query;
            this.start = start;
            this.limit = limit;
            this.categorize = categorize;
        }

        @Override
        public void onWebSocketOpen(Session s) {
            this.session = s;
            ping = pinger.scheduleAtFixedRate(() -> {
                Session current = session;
                if (current != null && current.isOpen()) {
                    current.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
                }
            }, PING_PERIOD.toMillis(), PING_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            Thread.ofVirtual().name("plg-tail").start(() -> {
                try {
                    subscription = read.tail(tenant, query, start, limit, this);
                    if (!s.isOpen()) {
                        stop();
                    }
                } catch (RuntimeException e) {
                    fail(e.getMessage() == null ? e.toString() : e.getMessage());
                }
            });
        }

        @Override
        public void onEntries(List<TailSink.TailEntry> entries) {
            Session s = session;
            if (s == null || !s.isOpen()) {
                return;
            }
            int inMessage = 0;
            StringBuilderFrames frames = new StringBuilderFrames();
            for (TailSink.TailEntry e : entries) {
                frames.add(e.stream(), e.entry());
                if (++inMessage == MAX_ENTRIES_PER_MESSAGE) {
                    send(s, frames.finish());
                    frames = new StringBuilderFrames();
                    inMessage = 0;
                }
            }
            if (inMessage > 0) {
                send(s, frames.finish());
            }
        }

        private void send(Session s, String text) {
            synchronized (this) {
                s.sendText(text, Callback.NOOP);
            }
        }

        @Override
        public void onError(QueryException error) {
            fail(error.getMessage());
        }

        void fail(String message) {
            LOG.warn("tail of {} stopped: {}", query, message);
            Session s = session;
            if (s != null && s.isOpen()) {
                s.close(StatusCode.SERVER_ERROR, message, Callback.NOOP);
            }
            stop();
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            stop();
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            stop();
        }

        private void stop() {
            ScheduledFuture<?> p = ping;
            if (p != null) {
                p.cancel(false);
            }
            AutoCloseable sub = subscription;
            subscription = null;
            if (sub != null) {
                try {
                    sub.close();
                } catch (Exception e) {
                    LOG.debug("closing tail subscription failed", e);
                }
            }
        }

        /** Builds one {@code {"streams":[...]}} message, one entry per stream object. */
        private final class StringBuilderFrames {
            private final Json.Body body = new Json.Body();
            private final JsonGenerator g = body.gen();

            StringBuilderFrames() {
                try {
                    g.writeStartObject();
                    g.writeArrayFieldStart("streams");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            void add(List<LabelPair> labels, QueryResult.LogEntry e) {
                try {
                    if (categorize) {
                        Json.writeStream(g, new QueryResult.LogStream(labels, List.of(e)), true);
                    } else {
                        List<LabelPair> all = LabelSets.merge(labels, e.structuredMetadata(), e.parsed());
                        Json.writeStream(g, new QueryResult.LogStream(all,
                                List.of(new QueryResult.LogEntry(e.timestampNanos(), e.line(), List.of(), List.of()))), false);
                    }
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }

            String finish() {
                try {
                    g.writeEndArray();
                    if (categorize) {
                        g.writeArrayFieldStart("encodingFlags");
                        g.writeString(LokiApi.CATEGORIZE_LABELS);
                        g.writeEndArray();
                    }
                    g.writeEndObject();
                    return new String(body.bytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
