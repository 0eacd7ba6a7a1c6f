package dev.plg.store.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plg.push.LabelPair;
import dev.plg.store.io.CorruptDataException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockFormatTest {
    private static final List<LabelPair> INFO = List.of(new LabelPair("detected_level", "info"));
    private static final List<LabelPair> TRACE = List.of(new LabelPair("trace_id", "abc"), new LabelPair("detected_level", "error"));

    /** Three entries, two metadata sets: the smallest block exercising every section. */
    static EntryColumns sample() {
        byte[] lines = "hello worldfoo bar bazlast line".getBytes(StandardCharsets.UTF_8);
        return new EntryColumns(3, new long[] {1_000, 1_000, 2_500}, lines, new int[] {0, 11, 22}, new int[] {11, 11, 9},
                List.of(INFO, TRACE), new int[] {0, 1, 0});
    }

    @Test
    void version1BlocksStillReadAndKeepTheirSize() {
        byte[] bytes = BlockFormat.encode(7, 42, sample(), new TrigramBloom.Builder(), 1);
        BlockFormat.Header h = BlockFormat.readHeader(bytes, bytes.length, bytes.length, "sample.blk");
        // 20 prefix + 14 header + 4 header CRC = 38; filter: the minimum 4096 bits = 64 words
        assertThat(h.bodyOffset()).isEqualTo(38);
        assertThat(h.bloomWords()).isEqualTo(64);
        // deltas 0, 0, 1500 (2 bytes)
        assertThat(h.timestampsLength()).isEqualTo(4);
        // 3 lengths + 31 line bytes + 1 set count + (1 + 1+14 + 1+4) + (1 + 1+8+1+3 + 1+14+1+5) + 3 indexes
        assertThat(h.payloadRawLength()).isEqualTo(94);
        // zstd output size depends on the codec build, the rest is fixed:
        assertThat(bytes.length).isEqualTo(38 + 64 * 8 + 4 + h.payloadLength() + 8);
        BlockFormat.Block block = BlockFormat.parse(bytes, "sample.blk");
        assertThat(block.meta()).isEqualTo(new BlockMeta(7, 42, 3, 1_000, 2_500, 31, bytes.length));
        assertThat(block.timestamps()).as("without the lines").containsExactly(1_000, 1_000, 2_500);
        EntryColumns c = block.columns();
        assertThat(c.count()).isEqualTo(3);
        assertThat(c.timestamps()).containsExactly(1_000, 1_000, 2_500);
        assertThat(line(c, 0)).isEqualTo("hello world");
        assertThat(line(c, 1)).isEqualTo("foo bar baz");
        assertThat(line(c, 2)).isEqualTo("last line");
        assertThat(c.metadata(0)).isEqualTo(INFO);
        assertThat(c.metadata(1)).isEqualTo(TRACE);
        assertThat(c.metadata(2)).isEqualTo(INFO);
    }

    @Test
    void blocksWithoutMetadataOmitTheIndex() {
        byte[] lines = "ab".getBytes(StandardCharsets.UTF_8);
        EntryColumns plain = new EntryColumns(2, new long[] {5, 9}, lines, new int[] {0, 1}, new int[] {1, 1}, List.of(), null);
        byte[] bytes = BlockFormat.encode(1, 1, plain, new TrigramBloom.Builder(), 1);
        BlockFormat.Header h = BlockFormat.readHeader(bytes, bytes.length, bytes.length, "plain.blk");
        // 2 lengths + 2 line bytes + set count 0, no index
        assertThat(h.payloadRawLength()).isEqualTo(5);
        assertThat(h.bloomWords()).as("the minimum filter").isEqualTo(64);
        assertThat(bytes.length).isEqualTo(h.bodyOffset() + 64 * 8 + 2 + h.payloadLength() + 8);
        EntryColumns c = BlockFormat.parse(bytes, "plain.blk").columns();
        assertThat(c.metadata(1)).isEmpty();
        assertThat(c.timestamps()).containsExactly(5, 9);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {2, 3, 4})
    void columnWiseVersionsRoundTripEverything(int version) {
        byte[] bytes = BlockFormat.encode(7, 42, sample(), new TrigramBloom.Builder(), version);
        BlockFormat.Block block = BlockFormat.parse(bytes, "sample.blk");
        assertThat(BlockFormat.readHeader(bytes, bytes.length, bytes.length, "s").version()).isEqualTo(version);
        assertThat(block.meta()).isEqualTo(new BlockMeta(7, 42, 3, 1_000, 2_500, 31, bytes.length));
        assertThat(block.timestamps()).as("without the lines").containsExactly(1_000, 1_000, 2_500);
        EntryColumns c = block.columns();
        assertThat(c.timestamps()).containsExactly(1_000, 1_000, 2_500);
        assertThat(List.of(line(c, 0), line(c, 1), line(c, 2))).containsExactly("hello world", "foo bar baz", "last line");
        assertThat(List.of(c.metadata(0), c.metadata(1), c.metadata(2))).containsExactly(INFO, TRACE, INFO);
        EntryColumns sized = block.lengths();
        assertThat(sized.lineLengths()).as("lengths without the lines").containsExactly(11, 11, 9);
        assertThat(sized.timestamps()).containsExactly(1_000, 1_000, 2_500);
        assertThat(List.of(sized.metadata(0), sized.metadata(1), sized.metadata(2))).containsExactly(INFO, TRACE, INFO);
    }

    @Test
    void filterSkipsOnlyWhatCannotMatch() {
        BlockFormat.Block block = BlockFormat.parse(BlockFormat.encode(7, 42, sample(), new TrigramBloom.Builder()), "s.blk");
        TrigramBloom bloom = block.bloom();
        assertThat(bloom.mayContainAll(List.of("world"))).isTrue();
        assertThat(bloom.mayContainAll(List.of("o bar b", "last"))).isTrue();
        assertThat(bloom.mayContainAll(List.of("ab"))).as("shorter than a trigram never skips").isTrue();
        assertThat(bloom.mayContainAll(List.of("user-456"))).isFalse();
        assertThat(bloom.mayContainAll(List.of("world", "zzz"))).isFalse();
        assertThat(bloom.mayContainAll(List.of(" bar "))).as("whole token").isTrue();
        assertThat(bloom.mayContainAll(List.of(" hello "))).as("no line has a blank before hello").isFalse();
        assertThat(bloom.mayContainAll(List.of(" llo wo"))).as("every trigram is there, but llo is no token").isFalse();
        assertThat(bloom.mayContainAll(List.of("llo wo"))).as("an edge token may be part of a longer one").isTrue();
    }

    @Test
    void corruptionIsDetectedAndNamed() {
        byte[] good = BlockFormat.encode(7, 42, sample(), new TrigramBloom.Builder());
        assertCorrupt(flip(good, 60), "b.blk: checksum mismatch in block body");
        assertCorrupt(flip(good, 25), "b.blk: header checksum mismatch");
        assertCorrupt(flip(good, 0), "b.blk: not a block file (bad magic)");
        assertCorrupt(java.util.Arrays.copyOf(good, good.length - 3), "b.blk: bad end magic (truncated file?)");
        byte[] newer = good.clone();
        newer[15] = 5;
        assertCorrupt(newer, "b.blk: block format version 5 is newer than supported 4");
    }

    private static void assertCorrupt(byte[] bytes, String message) {
        assertThatThrownBy(() -> BlockFormat.parse(bytes, "b.blk").columns()).isInstanceOf(CorruptDataException.class).hasMessage(message);
    }

    private static byte[] flip(byte[] b, int at) {
        byte[] copy = b.clone();
        copy[at] ^= 0x5A;
        return copy;
    }

    private static String line(EntryColumns c, int i) {
        return new String(c.lines(), c.lineOffsets()[i], c.lineLengths()[i], StandardCharsets.UTF_8);
    }
}
