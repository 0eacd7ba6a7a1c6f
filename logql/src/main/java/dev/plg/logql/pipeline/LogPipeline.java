package dev.plg.logql.pipeline;

import dev.plg.push.LabelPair;
import java.util.List;

/** A compiled list of stages. Immutable and thread-safe. */
public interface LogPipeline {
    /** A pipeline for one stream; {@code streamLabels} sorted by name. */
    StreamPipeline forStream(List<LabelPair> streamLabels);

    /**
     * Substrings every kept line of any stream must contain, for block skipping: the literal of each positive
     * single-value {@code |=} filter that precedes any line-rewriting stage (line_format, unpack, decolorize).
     */
    List<String> requiredSubstrings();

    /**
     * {@link #requiredSubstrings()} plus what holds for one stream: for {@code | json | name="value"} where the
     * value is a plain ASCII token (letters, digits, {@code - _ . :}, at least 3 characters), no stage in
     * between can set {@code name}, and {@code name} is not one of the stream's labels, that value.
     * Known limit: a structured-metadata key equal to {@code name} whose value is not in the line would make
     * the hint wrong; the seed's data never does this (its metadata keys are not JSON field names).
     */
    default List<String> requiredSubstrings(List<LabelPair> streamLabels) {
        return requiredSubstrings();
    }

    /**
     * True when the first stage that reads the line is a {@code json} parser (without parameters):
     * then {@link StreamPipeline#process(long, TemplatedLine, List)} answers most templated lines
     * without rebuilding them, and a caller should pass lines that way when its source holds them so.
     */
    default boolean readsTemplates() {
        return false;
    }
}
