package dev.plg.store.read;

import dev.plg.push.LabelPair;
import java.util.List;

/**
 * Receives entries as they are ingested (live tail). Called on the ingest thread after the entry
 * is durable: implementations must not block; queue and return.
 */
@FunctionalInterface
public interface TailListener {
    void onEntry(StreamRef stream, long timestampNanos, String line, List<LabelPair> structuredMetadata);
}
