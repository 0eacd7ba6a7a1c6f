package dev.plg.logql.pipeline;

import dev.plg.push.LabelPair;
import java.util.List;

/** One extracted sample. Owned by its extractor: valid until the next {@code process} call. */
public interface SampleResult {
    /** 1 for counting, the line's byte length for bytes_*, the unwrapped value for unwrap. */
    double value();

    /** The entry's full label set after the pipeline (stream + metadata + parsed), sorted by name. */
    List<LabelPair> labels();

    /**
     * The value of one label of {@link #labels()}, or {@code null} when absent; lets a grouped
     * aggregation build its key without the full (sorted) label set.
     */
    default String labelValue(String name) {
        for (LabelPair p : labels()) {
            if (p.name().equals(name)) {
                return p.value();
            }
        }
        return null;
    }

    /**
     * An object standing for {@link #labels()} among the samples of one stream's extractor, or
     * {@code null}: two samples whose tokens are the same object (not merely equal) have the same
     * labels, so a caller may reuse what it derived from the first one's (its series). A token is
     * only compared with tokens of the same extractor; null promises nothing.
     */
    default Object labelsToken() {
        return null;
    }
}
