package dev.plg.store.ingest;

import dev.plg.push.LabelPair;
import java.util.List;

/**
 * One stream of a push after validation and discovery: the final sorted label set (with
 * {@code service_name}), its canonical text {@code key}, and the accepted entries as arrays
 * (line bytes UTF-8; metadata with {@code detected_level}). Filled once by {@link Validator} or
 * the WAL decoder, then read-only.
 */
public final class PreparedStream {
    public final String key;
    public final List<LabelPair> labels;
    public int count;
    public long[] timestamps;
    public byte[][] lines;
    public List<LabelPair>[] metadata;
    /** Line bytes plus metadata bytes as the client sent them (what rate limits count). */
    public long bytes;

    @SuppressWarnings("unchecked")
    public PreparedStream(String key, List<LabelPair> labels, int capacity) {
        this.key = key;
        this.labels = labels;
        this.timestamps = new long[capacity];
        this.lines = new byte[capacity][];
        this.metadata = new List[capacity];
    }

    public void add(long ts, byte[] line, List<LabelPair> md) {
        timestamps[count] = ts;
        lines[count] = line;
        metadata[count] = md;
        count++;
    }

    public long lineBytes() {
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += lines[i].length;
        }
        return n;
    }
}
