package dev.plg.store.engine;

import dev.plg.store.block.TrigramBloom;
import java.util.List;

/**
 * The trigram/token filter of one head, built lazily by the first scan that has
 * {@link dev.plg.store.read.ScanHints} and extended by later ones with the entries appended since,
 * so heads can be skipped as blocks are, without any cost on the ingest path. Sized like a block's
 * filter for the bytes it covers; when the head outgrows it, it is rebuilt twice as large
 * (amortised: each line is hashed about twice).
 *
 * <p>Thread-safe (one lock per head). Entries appended after a snapshot only add bits, so checking
 * an older snapshot against a newer filter can give a false positive, never a false negative.
 */
final class HeadFilter {
    private TrigramBloom bloom;
    /** Entries of the head (in arrival order) already in {@link #bloom}. */
    private int covered;
    /** Raw bytes the filter is sized for. */
    private long capacity;

    /** Whether some entry of {@code snap} may contain every needle; {@code false} is certain. */
    synchronized boolean mayContainAll(Head.Snapshot snap, List<String> needles) {
        if (snap.count() > covered) {
            extend(snap);
        }
        return bloom == null || bloom.mayContainAll(needles);
    }

    private void extend(Head.Snapshot snap) {
        if (bloom == null || snap.bytes() > capacity) {
            capacity = Math.max(64 << 10, snap.bytes() * 2);
            bloom = new TrigramBloom(new long[TrigramBloom.wordsFor(capacity)], TrigramBloom.HASHES);
            covered = 0;
        }
        for (int i = covered; i < snap.count(); i++) {
            int start = snap.lineStart(i);
            bloom.addLine(snap.lines(), start, snap.lineEnds()[i] - start);
        }
        covered = snap.count();
    }
}
