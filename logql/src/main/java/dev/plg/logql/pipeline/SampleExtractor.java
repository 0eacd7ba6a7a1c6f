package dev.plg.logql.pipeline;

import dev.plg.push.LabelPair;
import java.util.List;

/** The compiled log range of a range aggregation (stages, unwrap, post-unwrap filters). Thread-safe. */
public interface SampleExtractor {
    StreamSampleExtractor forStream(List<LabelPair> streamLabels);

    /**
     * False when samples depend only on the line length and labels (the stream's and the entry's
     * structured metadata), never on the line's bytes or the entry's time: then
     * {@link StreamSampleExtractor#process} accepts a {@code null} line (with its length), and entries
     * with the same metadata and length give the same sample.
     */
    default boolean needsLine() {
        return true;
    }

    /**
     * For entries already known to hold every {@link #requiredSubstrings()}: an extractor giving
     * them the same samples without reading their line ({@link #needsLine()} false), or null when
     * the line matters beyond those substrings. Lets a scan whose store decides per entry, without
     * the line, whether it holds them (see the store's {@code EntryCursor.mayMatchIsExact()}) count
     * line-filtered entries without decoding a line.
     */
    default SampleExtractor givenRequiredSubstrings() {
        return null;
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
