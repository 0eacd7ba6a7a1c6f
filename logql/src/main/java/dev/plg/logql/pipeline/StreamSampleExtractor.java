package dev.plg.logql.pipeline;

import dev.plg.push.LabelPair;
import java.util.List;

/** A sample extractor bound to one stream. Not thread-safe. */
public interface StreamSampleExtractor {
    /** Returns {@code null} when the entry was filtered out, else its sample, valid until the next call. */
    SampleResult process(long timestampNanos, byte[] line, int offset, int length, List<LabelPair> structuredMetadata);

    /** As {@link StreamPipeline#process(long, TemplatedLine, List)}: the same sample, lines rebuilt only when needed. */
    default SampleResult process(long timestampNanos, TemplatedLine line, List<LabelPair> structuredMetadata) {
        return process(timestampNanos, line.lineBytes(), line.lineOffset(), line.lineLength(), structuredMetadata);
    }
}
