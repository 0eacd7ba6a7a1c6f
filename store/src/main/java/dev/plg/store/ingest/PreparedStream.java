package dev.plg.store.ingest;

import dev.plg.push.LabelPair;
import java.util.List;

/**
 * One stream of a push after validation and discovery: the final sorted label set (with
 * {@code service_name}), its canonical text {@code key}, and the accepted entries as arrays
 * (line bytes UTF-8; metadata with {@code detected_level}). Filled once by {@link Validator},
 * then read-only.
 *
 * <p>Entries of a stream nearly always share one metadata list (the stream's
 * {@code detected_level}), so that list is kept once and a per-entry array exists only once an
 * entry's list differs: the usual push stores no object reference per entry (a {@code List[]}
 * store is type-checked, and a second list class seen there made the JIT recompile its callers).
 */
public final class PreparedStream {
    public final String key;
    public final List<LabelPair> labels;
    public int count;
    public long[] timestamps;
    public byte[][] lines;
    /** The metadata of every entry while {@link #mixed} is null; that of entry 0 otherwise. */
    private List<LabelPair> shared;
    /** Per-entry metadata, from the first entry whose list is not {@link #shared} on; else null. */
    private Object[] mixed;
    /** Line bytes plus metadata bytes as the client sent them (what rate limits count). */
    public long bytes;

    public PreparedStream(String key, List<LabelPair> labels, int capacity) {
        this.key = key;
        this.labels = labels;
        this.timestamps = new long[capacity];
        this.lines = new byte[capacity][];
    }

    public void add(long ts, byte[] line, List<LabelPair> md) {
        if (md != shared || mixed != null) {
            differentMetadata(md);
        }
        timestamps[count] = ts;
        lines[count] = line;
        count++;
    }

    /** Rare path of {@link #add}: the first entry, or once some entry's list was not the shared one. */
    private void differentMetadata(List<LabelPair> md) {
        if (count == 0) {
            shared = md;
            return;
        }
        if (mixed == null) {
            mixed = new Object[timestamps.length];
            java.util.Arrays.fill(mixed, 0, count, shared);
        }
        mixed[count] = md;
    }

    /** The metadata of entry {@code i} (below {@link #count}). */
    @SuppressWarnings("unchecked")
    public List<LabelPair> metadata(int i) {
        return mixed == null ? shared : (List<LabelPair>) mixed[i];
    }

    public long lineBytes() {
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += lines[i].length;
        }
        return n;
    }
}
