package dev.plg.store.engine;

import dev.plg.store.block.BlockMeta;
import dev.plg.store.ingest.TokenBucket;
import dev.plg.store.read.StreamRef;
import java.nio.file.Path;
import java.util.List;

/**
 * One stream of one tenant. {@link #head}, {@link #rate} and {@link #active} belong to the ingest
 * path (store apply lock); {@link #view} is the immutable picture readers use, replaced under
 * {@code synchronized (this)} by whoever changes blocks, frozen heads or the head snapshot.
 */
final class StreamState {
    final long id;
    final String key;
    final StreamRef ref;
    Head head = new Head();
    TokenBucket rate;
    boolean active;
    /** Highest WAL sequence whose entries for this stream are in blocks. */
    volatile long flushedSeq;
    volatile View view = new View(List.of(), List.of(), Head.Snapshot.EMPTY);
    volatile long minTs = Long.MAX_VALUE;
    volatile long maxTs = Long.MIN_VALUE;

    StreamState(long id, String key, StreamRef ref) {
        this.id = id;
        this.key = key;
        this.ref = ref;
    }

    boolean overlaps(long from, long to) {
        return maxTs >= from && minTs < to;
    }

    /** A block on disk; {@code number} orders blocks of a tenant by creation (ingest order). */
    record BlockRef(BlockMeta meta, Path path, long number) {}

    /** A head cut for flushing, still served from memory until its block is written. */
    record Frozen(Head.Snapshot snapshot, long firstSeq, long lastSeq) {}

    /** What readers see: blocks in creation order, frozen heads, and the live head. */
    record View(List<BlockRef> blocks, List<Frozen> frozen, Head.Snapshot head) {}

    synchronized void publishHead(Head.Snapshot snapshot) {
        view = new View(view.blocks(), view.frozen(), snapshot);
    }

    synchronized void addFrozen(Frozen f) {
        List<Frozen> frozen = new java.util.ArrayList<>(view.frozen());
        frozen.add(f);
        view = new View(view.blocks(), List.copyOf(frozen), Head.Snapshot.EMPTY);
    }

    synchronized void blockWritten(Frozen f, BlockRef block) {
        List<Frozen> frozen = new java.util.ArrayList<>(view.frozen());
        frozen.remove(f);
        List<BlockRef> blocks = new java.util.ArrayList<>(view.blocks());
        blocks.add(block);
        view = new View(List.copyOf(blocks), List.copyOf(frozen), view.head());
    }

    synchronized void addBlock(BlockRef block) {
        List<BlockRef> blocks = new java.util.ArrayList<>(view.blocks());
        blocks.add(block);
        blocks.sort((a, b) -> Long.compare(a.number(), b.number()));
        view = new View(List.copyOf(blocks), view.frozen(), view.head());
        widen(block.meta().minTs(), block.meta().maxTs());
    }

    synchronized void removeBlocks(List<BlockRef> doomed) {
        List<BlockRef> blocks = new java.util.ArrayList<>(view.blocks());
        blocks.removeAll(doomed);
        view = new View(List.copyOf(blocks), view.frozen(), view.head());
    }

    synchronized void widen(long min, long max) {
        if (min < minTs) {
            minTs = min;
        }
        if (max > maxTs) {
            maxTs = max;
        }
    }
}
