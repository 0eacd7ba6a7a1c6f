package dev.plg.query;

import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.pipeline.EntryResult;
import dev.plg.logql.pipeline.LogPipeline;
import dev.plg.logql.pipeline.StreamPipeline;
import dev.plg.push.LabelPair;
import dev.plg.store.read.LabelMatcher;
import dev.plg.store.read.StreamRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One live tail: subscribes to the store first (so nothing ingested during the backfill is lost),
 * sends the backfill, then runs the pipeline over live entries on its own virtual thread. The
 * store's ingest thread only enqueues (dropping when the queue is full, as Loki drops for slow clients).
 */
final class Tailer implements AutoCloseable {
    /** Live entries buffered for a slow client before new ones are dropped. */
    static final int QUEUE_CAPACITY = 10_000;

    private record Live(StreamRef stream, long ts, String line, List<LabelPair> metadata) {
    }

    private final BlockingQueue<Live> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private volatile boolean closed;
    private AutoCloseable subscription;
    private Thread worker;

    private Tailer() {
    }

    static Tailer start(QueryEngine engine, Execution ex, LogExpr log, long startNs, int limit, TailSink sink) {
        LogPipeline pipeline = LogQueryExecutor.compile(ex, log);
        List<LabelMatcher> matchers = Selectors.toStore(log.matchers());
        Tailer t = new Tailer();
        long subscribedAt = System.currentTimeMillis() * 1_000_000L;
        t.subscription = engine.source().tail(ex.tenant, matchers, (stream, ts, line, md) -> {
            if (!t.closed) {
                t.queue.offer(new Live(stream, ts, line, List.copyOf(md)));
            }
        });
        t.worker = Thread.ofVirtual().name("plg-tail").start(() -> t.run(engine, ex, log, pipeline, startNs, subscribedAt, limit, sink));
        return t;
    }

    private static String key(List<LabelPair> labels, long ts, String line) {
        return labels + "\u0000" + ts + "\u0000" + line;
    }

    private void run(QueryEngine engine, Execution ex, LogExpr log, LogPipeline pipeline, long startNs, long subscribedAt,
                     int limit, TailSink sink) {
        try {
            QueryResult.Streams back = engine.backfill(ex, log, startNs, subscribedAt, limit);
            List<TailSink.TailEntry> entries = new ArrayList<>();
            for (QueryResult.LogStream s : back.streams()) {
                for (QueryResult.LogEntry e : s.entries()) {
                    entries.add(new TailSink.TailEntry(s.labels(), e));
                }
            }
            entries.sort((a, b) -> Long.compare(a.entry().timestampNanos(), b.entry().timestampNanos()));
            // What the backfill really returned: a live entry is a repeat only if the backfill saw it (the
            // backfill may run before or after an entry that arrived around the subscription time).
            Set<String> sent = new HashSet<>();
            for (TailSink.TailEntry e : entries) {
                sent.add(key(e.stream(), e.entry().timestampNanos(), e.entry().line()));
            }
            for (int i = 0; i < entries.size(); i += TailSink.MAX_BATCH) {
                sink.onEntries(entries.subList(i, Math.min(entries.size(), i + TailSink.MAX_BATCH)));
            }
            Map<Long, StreamPipeline> pipelines = new HashMap<>();
            List<Live> batch = new ArrayList<>();
            while (!closed) {
                Live first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, TailSink.MAX_BATCH - 1);
                List<TailSink.TailEntry> out = new ArrayList<>(batch.size());
                for (Live l : batch) {
                    StreamPipeline sp = pipelines.computeIfAbsent(l.stream().id(), id -> pipeline.forStream(l.stream().labels()));
                    byte[] bytes = l.line().getBytes(StandardCharsets.UTF_8);
                    EntryResult r = sp.process(l.ts(), bytes, 0, bytes.length, l.metadata());
                    if (r != null && l.ts() < subscribedAt && sent.contains(key(r.streamLabels(), l.ts(), r.line()))) {
                        continue; // already sent by the backfill
                    }
                    if (r != null) {
                        out.add(new TailSink.TailEntry(r.streamLabels(), new QueryResult.LogEntry(l.ts(), r.line(),
                                r.structuredMetadata(), r.parsedLabels())));
                    }
                }
                if (!out.isEmpty()) {
                    sink.onEntries(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (QueryException e) {
            sink.onError(e);
        } catch (RuntimeException e) {
            sink.onError(new QueryException(QueryException.Category.INTERNAL, String.valueOf(e.getMessage()), e));
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            subscription.close();
        } catch (Exception e) {
            // the store's subscription failed to close: nothing more to do for a finished tail
        }
        worker.interrupt();
    }
}
