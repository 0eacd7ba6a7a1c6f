package dev.plg.store.block;

import dev.plg.push.LabelPair;
import java.util.List;

/**
 * Entries of one stream as columns, in the order to store or read them: entry {@code i} has
 * timestamp {@code timestamps[i]}, line bytes {@code lines[lineOffsets[i] .. +lineLengths[i]]} and
 * structured metadata {@code metadataSets.get(metadataIndex[i])} ({@code metadataIndex} may be
 * {@code null} when every entry uses set 0, or when {@code metadataSets} is empty: no metadata).
 *
 * <p>A value holder without copies: arrays may be longer than {@code count}; whoever builds it
 * must not change the first {@code count} slots afterwards.
 */
public record EntryColumns(
        int count,
        long[] timestamps,
        byte[] lines,
        int[] lineOffsets,
        int[] lineLengths,
        List<List<LabelPair>> metadataSets,
        int[] metadataIndex) {

    public List<LabelPair> metadata(int i) {
        if (metadataSets.isEmpty()) {
            return List.of();
        }
        return metadataSets.get(metadataIndex == null ? 0 : metadataIndex[i]);
    }

    public long rawLineBytes() {
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += lineLengths[i];
        }
        return n;
    }
}
