package dev.plg.logql.pipeline;

import dev.plg.push.LabelPair;
import java.util.List;

/** A sample extractor bound to one stream. Not thread-safe. */
public interface StreamSampleExtractor {
    /** Returns {@code null} when the entry was filtered out, else its sample, valid until the next call. */
    SampleResult process(long timestampNanos, byte[] line, int offset, int length, List<LabelPair> structuredMetadata);
}
