package dev.plg.query;

import dev.plg.push.LabelPair;
import java.util.List;

/**
 * Receives the entries of a live tail ({@link QueryEngine#tail}): first the backfill, oldest first,
 * then live entries in batches of at most {@link #MAX_BATCH}. Called from one virtual thread at a
 * time; may block (it writes to a websocket).
 */
public interface TailSink {
    /** Loki puts at most 100 entries in one tail message. */
    int MAX_BATCH = 100;

    /** One tailed entry with the stream labels it belongs to. */
    record TailEntry(List<LabelPair> stream, QueryResult.LogEntry entry) {
        public TailEntry {
            stream = List.copyOf(stream);
            java.util.Objects.requireNonNull(entry, "entry is null");
        }
    }

    void onEntries(List<TailEntry> entries);

    /** The tail stopped because of {@code error}; no more calls follow. */
    default void onError(QueryException error) {
    }
}
