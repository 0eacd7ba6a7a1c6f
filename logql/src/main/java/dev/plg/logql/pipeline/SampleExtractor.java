package dev.plg.logql.pipeline;

import dev.plg.push.LabelPair;
import java.util.List;

/** The compiled log range of a range aggregation (stages, unwrap, post-unwrap filters). Thread-safe. */
public interface SampleExtractor {
    StreamSampleExtractor forStream(List<LabelPair> streamLabels);

    /**
     * False when samples depend only on the timestamp, line length and labels, never on the line's
     * bytes: then {@link StreamSampleExtractor#process} accepts a {@code null} line (with its length).
     */
    default boolean needsLine() {
        return true;
    }

    /** See {@link LogPipeline#readsTemplates()}. */
    default boolean readsTemplates() {
        return false;
    }

    /** See {@link LogPipeline#requiredSubstrings()}. */
    List<String> requiredSubstrings();

    /** See {@link LogPipeline#requiredSubstrings(List)}. */
    default List<String> requiredSubstrings(List<LabelPair> streamLabels) {
        return requiredSubstrings();
    }
}
