package dev.plg.store.read;

/** Sizes of stored data in a time range, as {@code /index/stats} and {@code /index/volume} report. */
public record StreamStats(long streams, long chunks, long entries, long bytes) {
    public static final StreamStats EMPTY = new StreamStats(0, 0, 0, 0);

    public StreamStats plus(StreamStats o) {
        return new StreamStats(streams + o.streams, chunks + o.chunks, entries + o.entries, bytes + o.bytes);
    }
}
