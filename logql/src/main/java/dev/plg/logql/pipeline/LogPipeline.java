package dev.plg.logql.pipeline;

import dev.plg.push.LabelPair;
import java.util.List;

/** A compiled list of stages. Immutable and thread-safe. */
public interface LogPipeline {
    /** A pipeline for one stream; {@code streamLabels} sorted by name. */
    StreamPipeline forStream(List<LabelPair> streamLabels);

    /**
     * Substrings every kept line must contain, for block skipping: the literal of each positive single-value
     * {@code |=} filter that precedes any line-rewriting stage (line_format, unpack, decolorize), plus, for
     * {@code | json | name="value"} where the value is a plain ASCII token (letters, digits, {@code - _ . :},
     * at least 3 characters) and no stage in between can set {@code name}, that value. The JSON token assumes
     * {@code name} is neither a stream label nor structured metadata of the scanned streams and that the
     * encoder does not escape (backslash-u) ASCII letters or digits (true for every common JSON writer).
     */
    List<String> requiredSubstrings();
}
