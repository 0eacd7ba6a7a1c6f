package dev.plg.store.block;

/**
 * The header of a block file, kept in memory for every block (the per-stream block list).
 *
 * @param streamId the stream (unique in its tenant)
 * @param walSeq highest WAL record sequence whose entries for this stream are in this or an
 *     earlier block of the stream; WAL replay skips this stream's part of records up to it
 * @param entries entry count
 * @param minTs smallest timestamp (Unix ns)
 * @param maxTs largest timestamp (Unix ns)
 * @param rawBytes sum of line lengths
 * @param fileBytes size of the block file
 */
public record BlockMeta(long streamId, long walSeq, int entries, long minTs, long maxTs, long rawBytes, long fileBytes) {
    public boolean overlaps(long fromNanos, long toNanos) {
        return maxTs >= fromNanos && minTs < toNanos;
    }
}
