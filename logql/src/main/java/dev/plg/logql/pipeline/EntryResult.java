package dev.plg.logql.pipeline;

import dev.plg.push.LabelPair;
import java.util.List;

/**
 * The outcome of running a pipeline over one entry that was kept. Owned by the
 * {@link StreamPipeline} that returned it: valid only until its next {@code process} call.
 */
public interface EntryResult {
    /** The line after formatting stages (the original line when none ran). */
    String line();

    /** Stream labels after drop/keep/label_format, sorted by name. */
    List<LabelPair> streamLabels();

    /** Structured metadata of the entry (incl. {@code detected_level}) after drop/keep, sorted. */
    List<LabelPair> structuredMetadata();

    /** Labels from parsers and label_format, incl. {@code __error__}, {@code __error_details__}, sorted. */
    List<LabelPair> parsedLabels();

    /** All three categories merged into one label set, sorted by name (the non-categorized encoding). */
    List<LabelPair> allLabels();
}
