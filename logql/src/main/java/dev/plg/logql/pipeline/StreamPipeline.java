package dev.plg.logql.pipeline;

import dev.plg.push.LabelPair;
import java.util.List;

/**
 * A pipeline bound to one stream's labels. Not thread-safe: one per stream per thread.
 */
public interface StreamPipeline {
    /**
     * Runs every stage over one entry. Returns {@code null} when a filter dropped it, else a
     * result valid until the next call. The line bytes are UTF-8 and are not kept.
     */
    EntryResult process(long timestampNanos, byte[] line, int offset, int length, List<LabelPair> structuredMetadata);

    /**
     * As {@link #process(long, byte[], int, int, List)} for a line held as a template with hole
     * values: the same result, the line rebuilt only if a stage needs it (see
     * {@link LogPipeline#readsTemplates()}).
     */
    default EntryResult process(long timestampNanos, TemplatedLine line, List<LabelPair> structuredMetadata) {
        return process(timestampNanos, line.lineBytes(), line.lineOffset(), line.lineLength(), structuredMetadata);
    }
}
