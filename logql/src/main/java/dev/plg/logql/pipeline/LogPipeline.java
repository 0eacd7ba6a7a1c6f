package dev.plg.logql.pipeline;

import dev.plg.push.LabelPair;
import java.util.List;

/** A compiled list of stages. Immutable and thread-safe. */
public interface LogPipeline {
    /** A pipeline for one stream; {@code streamLabels} sorted by name. */
    StreamPipeline forStream(List<LabelPair> streamLabels);

    /** Substrings every kept line must contain (from positive {@code |=} filters before any formatting), for block skipping. */
    List<String> requiredSubstrings();
}
