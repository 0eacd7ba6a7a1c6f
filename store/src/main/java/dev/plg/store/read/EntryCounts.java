package dev.plg.store.read;

import dev.plg.push.LabelPair;
import java.util.List;

/** Receives the counts of {@link EntryCursor#countRest}: entries counted together, which share one metadata list. */
@FunctionalInterface
public interface EntryCounts {
    /**
     * {@code entries} more entries with structured metadata {@code metadata}, of which {@code matches}
     * hold every hinted substring (all of them when the count was not asked to tell). Called once per
     * run of such entries (a block's or head's run, or a part of one), so a consumer may also check
     * its deadline here.
     */
    void add(List<LabelPair> metadata, int entries, int matches);
}
