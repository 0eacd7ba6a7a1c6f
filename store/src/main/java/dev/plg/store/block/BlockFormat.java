package dev.plg.store.block;

import dev.plg.push.LabelPair;
import dev.plg.store.io.ByteSink;
import dev.plg.store.io.ByteSource;
import dev.plg.store.io.CorruptDataException;
import io.airlift.compress.v3.MalformedInputException;
import io.airlift.compress.v3.zstd.ZstdCompressor;
import io.airlift.compress.v3.zstd.ZstdDecompressor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes block files; the byte layout is drawn in {@code package-info.java}.
 * Stateless apart from per-thread compressor contexts; thread-safe.
 */
public final class BlockFormat {
    public static final byte[] MAGIC = {'P', 'L', 'G', 'B'};
    public static final byte[] END_MAGIC = {'P', 'L', 'G', 'E'};
    public static final String FORMAT_NAME = "plg-block";
    /**
     * Version 4: each line column carries the set of bytes its values can hold, so that a line
     * search passes over a column that cannot hold the needle without decompressing it. Version 3:
     * timestamps as byte planes. Version 2: lines stored column-wise ({@link LineColumns}),
     * timestamps as varints. Version 1 (lengths, then the lines as they are) is still read, as are
     * 2 and 3. Bump on any layout change and keep a reader for the old one.
     */
    public static final int VERSION = 4;
    public static final int CODEC_NONE = 0;
    public static final int CODEC_ZSTD = 1;
    /**
     * zstd level 1, by measurement on pushbench blocks (sections recompressed at each level): after
     * the column split what is left is near its entropy (random ids, times, numbers), so the level
     * hardly changes the size (stored/raw 0.0999 at 1, 0.1003 at 3, 0.0998 at 5-9, 0.0990 at 12)
     * while its cost grows (zstd per line ~100 ns at 1, ~130 at 3, ~200 at 4, 400-900 at 5-9).
     */
    public static final int ZSTD_LEVEL = 1;
    /** Bytes before the variable header: magic 4, name length 1, name 9, version 2, header length 4. */
    public static final int PREFIX_BYTES = 4 + 1 + 9 + 2 + 4;
    /** Footer: CRC32C 4 + end magic 4. */
    public static final int FOOTER_BYTES = 8;

    private static final ThreadLocal<ZstdCompressor> COMPRESSOR = ThreadLocal.withInitial(() -> ZstdCompressor.create(ZSTD_LEVEL));
    /** Per-thread scratch buffers for encoding (the flusher is one thread; benchmarks another). */
    private static final ThreadLocal<ByteSink> PAYLOAD = ThreadLocal.withInitial(() -> new ByteSink(1 << 20));
    private static final ThreadLocal<byte[]> COMPRESSED = ThreadLocal.withInitial(() -> new byte[0]);
    private static final ThreadLocal<ZstdDecompressor> DECOMPRESSOR = ThreadLocal.withInitial(ZstdDecompressor::create);

    private BlockFormat() {}

    /**
     * Loads the zstd codec and checks that it round-trips. The native library links its functions
     * when first used (a few hundred generated classes, and the JIT compiling the class generator:
     * about 0.5 CPU-s), which belongs to start-up rather than to the first flush; and a codec that
     * cannot load or round-trip fails the start instead of every flush.
     */
    public static void loadCodec() {
        byte[] raw = "plg block codec check: plg block codec check: plg block codec check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ZstdCompressor compressor = COMPRESSOR.get();
        byte[] packed = new byte[compressor.maxCompressedLength(raw.length)];
        int n = compressor.compress(raw, 0, raw.length, packed, 0, packed.length);
        byte[] back = new byte[raw.length];
        int got = DECOMPRESSOR.get().decompress(packed, 0, n, back, 0, back.length);
        if (got != raw.length || !java.util.Arrays.equals(raw, back)) {
            throw new IllegalStateException("the zstd codec (" + compressor.getClass().getSimpleName() + ") does not round-trip");
        }
    }

    /**
     * Encodes entries already sorted by timestamp (ascending; ties in ingest order) into a block.
     *
     * @param bloomBuilder a reusable builder (not shared between threads)
     */
    public static byte[] encode(long streamId, long walSeq, EntryColumns entries, TrigramBloom.Builder bloomBuilder) {
        return encode(streamId, walSeq, entries, bloomBuilder, VERSION);
    }

    /** Encodes in an older layout version too (tests of the readers of old blocks). */
    static byte[] encode(long streamId, long walSeq, EntryColumns entries, TrigramBloom.Builder bloomBuilder, int version) {
        if (version < 1 || version > VERSION) {
            throw new IllegalArgumentException("cannot write block format version " + version);
        }
        int n = entries.count();
        if (n == 0) {
            throw new IllegalArgumentException("cannot encode an empty block for stream " + streamId);
        }
        // Each step is a method of its own: they run once per block, so the JIT compiles their
        // loops on-stack, and a small method compiles fast and alone (see LineEncoder).
        ByteSink tsSection = timestamps(entries.timestamps(), n, version);
        long raw = entries.rawLineBytes();
        bloomBuilder.begin(raw);
        ByteSink payload = PAYLOAD.get();
        payload.reset();
        writePayload(entries, payload, version, bloomBuilder);
        TrigramBloom bloom = bloomBuilder.build();
        byte[] out;
        if (version == 1) {
            int compressedLength = compressV1(payload);
            out = assemble(streamId, walSeq, entries, raw, bloom, tsSection, CODEC_ZSTD, COMPRESSED.get(), compressedLength, payload.size(), version);
        } else {
            // Version 2 and later compress each section of the payload on its own (see Sections).
            out = assemble(streamId, walSeq, entries, raw, bloom, tsSection, CODEC_NONE, payload.array(), payload.size(), payload.size(), version);
        }
        if (payload.array().length > (8 << 20)) {
            PAYLOAD.remove(); // an unusually large block: do not keep its buffer forever
            COMPRESSED.remove();
        }
        return out;
    }

    /** The timestamp part: deltas as byte planes in a section (v3), varints in a section (v2), plain varints (v1). */
    private static ByteSink timestamps(long[] ts, int n, int version) {
        long[] deltas = new long[n];
        long widest = deltas(ts, n, deltas);
        ByteSink tsSink = new ByteSink(n * 3);
        if (version >= 3) {
            // Deltas as W-byte little-endian integers, one byte plane after the other: the low
            // planes are random, the high ones nearly constant, and zstd codes each for what it is.
            int width = Math.max(1, (64 - Long.numberOfLeadingZeros(widest) + 7) / 8);
            tsSink.writeByte(width);
            LineEncoder.writePlanes(deltas, n, width, tsSink);
        } else {
            for (int i = 0; i < n; i++) {
                tsSink.writeVarLong(deltas[i]);
            }
        }
        if (version == 1) {
            return tsSink;
        }
        ByteSink packed = new ByteSink(tsSink.size() / 2 + 16);
        Sections.write(packed, tsSink);
        return packed;
    }

    /** Fills {@code deltas} with each timestamp's difference from the previous (the first: 0); returns their OR. */
    private static long deltas(long[] ts, int n, long[] deltas) {
        long prev = ts[0];
        long widest = 0;
        for (int i = 0; i < n; i++) {
            long d = ts[i] - prev;
            if (d < 0) {
                throw new IllegalArgumentException("entries are not sorted: timestamp " + ts[i] + " after " + prev);
            }
            deltas[i] = d;
            widest |= d;
            prev = ts[i];
        }
        return widest;
    }

    /** Every line into the filter being built, one by one (version 1; later versions fill it while splitting lines). */
    private static void addLines(EntryColumns entries, TrigramBloom.Builder bloomBuilder) {
        byte[] lines = entries.lines();
        int[] offs = entries.lineOffsets();
        int[] lens = entries.lineLengths();
        for (int i = 0; i < entries.count(); i++) {
            bloomBuilder.addLine(lines, offs[i], lens[i]);
        }
    }

    /** The payload, and every line's trigrams and tokens into the filter being built. */
    private static void writePayload(EntryColumns entries, ByteSink payload, int version, TrigramBloom.Builder bloomBuilder) {
        if (version == 1) {
            addLines(entries, bloomBuilder);
            writeLinesV1(entries, payload);
            writeMetadata(entries, payload);
        } else {
            if (version >= 4) {
                LineEncoder.encode(entries, payload, bloomBuilder.filling());
            } else {
                LineEncoder.encodeWithoutByteSets(entries, payload, bloomBuilder.filling());
            }
            ByteSink md = new ByteSink(64);
            writeMetadata(entries, md);
            Sections.write(payload, md);
        }
    }

    /** Version 1: the whole payload as one zstd frame into this thread's {@link #COMPRESSED} buffer; returns its length. */
    private static int compressV1(ByteSink payload) {
        ZstdCompressor compressor = COMPRESSOR.get();
        int maxCompressed = compressor.maxCompressedLength(payload.size());
        byte[] compressed = COMPRESSED.get();
        if (compressed.length < maxCompressed) {
            compressed = new byte[maxCompressed];
            COMPRESSED.set(compressed);
        }
        return compressor.compress(payload.array(), 0, payload.size(), compressed, 0, compressed.length);
    }

    private static byte[] assemble(long streamId, long walSeq, EntryColumns entries, long raw, TrigramBloom bloom, ByteSink tsSection,
                                   int codec, byte[] body, int bodyLen, int payloadRawLen, int version) {
        int n = entries.count();
        long[] ts = entries.timestamps();
        ByteSink header = new ByteSink(64);
        header.writeVarLong(streamId);
        header.writeVarLong(walSeq);
        header.writeVarInt(n);
        header.writeZigZag(ts[0]);
        header.writeZigZag(ts[n - 1]);
        header.writeVarLong(raw);
        header.writeByte(codec);
        header.writeVarInt(bloom.words().length);
        header.writeByte(bloom.hashes());
        header.writeVarInt(tsSection.size());
        header.writeVarInt(bodyLen);
        header.writeVarInt(payloadRawLen);

        ByteSink out = new ByteSink(PREFIX_BYTES + header.size() + 4 + bloom.words().length * 8 + tsSection.size() + bodyLen + FOOTER_BYTES);
        out.writeBytes(MAGIC);
        out.writeByte(FORMAT_NAME_BYTES.length);
        out.writeBytes(FORMAT_NAME_BYTES);
        out.writeShortBE(version);
        out.writeIntBE(header.size());
        out.writeBytes(header.array(), 0, header.size());
        out.writeIntBE(crc(out.array(), 0, out.size()));
        writeWords(bloom.words(), out);
        out.writeBytes(tsSection.array(), 0, tsSection.size());
        out.writeBytes(body, 0, bodyLen);
        out.writeIntBE(crc(out.array(), 0, out.size()));
        out.writeBytes(END_MAGIC);
        return out.array().length == out.size() ? out.array() : out.toByteArray();
    }

    private static final byte[] FORMAT_NAME_BYTES = FORMAT_NAME.getBytes(StandardCharsets.US_ASCII);

    private static void writeWords(long[] words, ByteSink out) {
        out.ensure(words.length * 8);
        byte[] b = out.array();
        int at = out.size();
        for (long w : words) {
            LONGS_BE.set(b, at, w);
            at += 8;
        }
        out.skip(words.length * 8);
    }

    private static final VarHandle LONGS_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private static void writeMetadata(EntryColumns entries, ByteSink out) {
        List<List<LabelPair>> sets = entries.metadataSets();
        out.writeVarInt(sets.size());
        for (List<LabelPair> set : sets) {
            out.writeVarInt(set.size());
            for (LabelPair p : set) {
                out.writeString(p.name());
                out.writeString(p.value());
            }
        }
        if (sets.size() > 1) {
            int[] idx = entries.metadataIndex();
            for (int i = 0; i < entries.count(); i++) {
                out.writeVarInt(idx[i]);
            }
        }
    }

    private static void writeLinesV1(EntryColumns entries, ByteSink payload) {
        int n = entries.count();
        for (int i = 0; i < n; i++) {
            payload.writeVarInt(entries.lineLengths()[i]);
        }
        for (int i = 0; i < n; i++) {
            payload.writeBytes(entries.lines(), entries.lineOffsets()[i], entries.lineLengths()[i]);
        }
    }

    static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    /** A parsed header: enough to list a block, check its filter and find its sections. */
    public record Header(BlockMeta meta, int codec, int bloomWords, int bloomHashes, int timestampsLength,
                         int payloadLength, int payloadRawLength, int bodyOffset, int version) {}

    /**
     * Parses and checks the header from the first bytes of a block file (at least
     * {@link #PREFIX_BYTES} + header length + 4; 4096 bytes always suffice in practice).
     *
     * @throws CorruptDataException naming {@code resource} when the bytes are not a valid block header
     */
    public static Header readHeader(byte[] file, int length, long fileBytes, String resource) {
        try {
            ByteSource in = new ByteSource(file, 0, length);
            for (byte b : MAGIC) {
                if (in.readByte() != (b & 0xFF)) {
                    throw new CorruptDataException(resource + ": not a block file (bad magic)");
                }
            }
            int nameLen = in.readByte();
            byte[] nameBytes = Arrays.copyOfRange(file, in.position(), in.position() + nameLen);
            in.skip(nameLen);
            String name = new String(nameBytes, StandardCharsets.US_ASCII);
            if (!FORMAT_NAME.equals(name)) {
                throw new CorruptDataException(resource + ": format '" + name + "' is not " + FORMAT_NAME);
            }
            int version = in.readShortBE();
            if (version > VERSION) {
                throw new CorruptDataException(resource + ": block format version " + version + " is newer than supported " + VERSION);
            }
            if (version < 1) {
                throw new CorruptDataException(resource + ": block format version " + version + " is not supported");
            }
            int headerLen = in.readIntBE();
            if (headerLen < 0 || headerLen > 4096) {
                throw new CorruptDataException(resource + ": header length " + headerLen + " out of range");
            }
            int headerStart = in.position();
            in.skip(headerLen);
            int expected = crc(file, 0, in.position());
            int actual = in.readIntBE();
            if (expected != actual) {
                throw new CorruptDataException(resource + ": header checksum mismatch");
            }
            ByteSource h = new ByteSource(file, headerStart, headerLen);
            long streamId = h.readVarLong();
            long walSeq = h.readVarLong();
            int entries = h.readVarInt();
            long minTs = h.readZigZag();
            long maxTs = h.readZigZag();
            long raw = h.readVarLong();
            int codec = h.readByte();
            int bloomWords = h.readVarInt();
            int bloomHashes = h.readByte();
            int tsLen = h.readVarInt();
            int payloadLen = h.readVarInt();
            int payloadRaw = h.readVarInt();
            BlockMeta meta = new BlockMeta(streamId, walSeq, entries, minTs, maxTs, raw, fileBytes);
            return new Header(meta, codec, bloomWords, bloomHashes, tsLen, payloadLen, payloadRaw, in.position(), version);
        } catch (CorruptDataException e) {
            if (e.getMessage().startsWith(resource)) {
                throw e;
            }
            throw new CorruptDataException(resource + ": " + e.getMessage(), e);
        }
    }

    /** A whole block file in memory, checked; decode its entries with {@link #columns()}. */
    public static final class Block {
        private final byte[] file;
        private final Header header;
        private final String resource;

        private Block(byte[] file, Header header, String resource) {
            this.file = file;
            this.header = header;
            this.resource = resource;
        }

        public BlockMeta meta() {
            return header.meta();
        }

        public TrigramBloom bloom() {
            if ((long) header.bloomWords() * 8 > file.length - header.bodyOffset()) {
                throw new CorruptDataException(resource + ": filter of " + header.bloomWords() + " words does not fit the file");
            }
            long[] words = new long[header.bloomWords()];
            // one bulk copy of the big-endian words
            java.nio.ByteBuffer.wrap(file, header.bodyOffset(), words.length * 8).asLongBuffer().get(words);
            return new TrigramBloom(words, header.bloomHashes());
        }

        /**
         * Only the entries' timestamps (no payload decompression, no line rebuilding): for scans
         * that can place or count entries before they need any line bytes.
         */
        public long[] timestamps() {
            try {
                return readTimestamps();
            } catch (CorruptDataException e) {
                throw new CorruptDataException(resource + ": " + e.getMessage(), e);
            }
        }

        private long[] readTimestamps() {
            int n = header.meta().entries();
            int tsOff = header.bodyOffset() + header.bloomWords() * 8;
            ByteSource tsIn = new ByteSource(file, tsOff, header.timestampsLength());
            if (header.version() >= 2) {
                tsIn = Sections.read(tsIn);
            }
            long[] ts = new long[n];
            long prev = header.meta().minTs();
            if (header.version() >= 3) {
                int width = tsIn.readByte();
                if (width < 1 || width > 8) {
                    throw new CorruptDataException("timestamp width " + width + " out of range");
                }
                if (tsIn.remaining() != (long) width * n) {
                    throw new CorruptDataException("timestamps hold " + tsIn.remaining() + " bytes, expected " + (long) width * n);
                }
                byte[] b = tsIn.array();
                int base = tsIn.position();
                for (int i = 0; i < n; i++) {
                    long d = 0;
                    for (int plane = 0; plane < width; plane++) {
                        d |= (b[base + plane * n + i] & 0xFFL) << (plane * 8);
                    }
                    prev += d;
                    ts[i] = prev;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    prev += tsIn.readVarLong();
                    ts[i] = prev;
                }
            }
            return ts;
        }

        /** Decompresses and decodes every entry. */
        public EntryColumns columns() {
            return columns(timestamps());
        }

        /** {@link #columns()} with the block's {@link #timestamps()} already read (not copied: do not change them). */
        public EntryColumns columns(long[] ts) {
            try {
                int n = header.meta().entries();
                int tsOff = header.bodyOffset() + header.bloomWords() * 8;
                int payloadOff = tsOff + header.timestampsLength();
                byte[] raw;
                ByteSource p;
                if (header.codec() == CODEC_ZSTD) {
                    raw = new byte[header.payloadRawLength()];
                    int got;
                    try {
                        got = DECOMPRESSOR.get().decompress(file, payloadOff, header.payloadLength(), raw, 0, raw.length);
                    } catch (MalformedInputException | IndexOutOfBoundsException e) {
                        throw new CorruptDataException("payload does not decompress: " + e.getMessage(), e);
                    }
                    if (got != raw.length) {
                        throw new CorruptDataException("payload decompressed to " + got + " bytes, expected " + raw.length);
                    }
                    p = new ByteSource(raw);
                } else if (header.codec() == CODEC_NONE) {
                    raw = file;
                    p = new ByteSource(file, payloadOff, header.payloadLength());
                } else {
                    throw new CorruptDataException("unknown codec " + header.codec());
                }
                int[] lens = new int[n];
                int[] offs = new int[n];
                byte[] lines;
                if (header.version() == 1) {
                    for (int i = 0; i < n; i++) {
                        lens[i] = p.readVarInt();
                    }
                    int at = p.position();
                    for (int i = 0; i < n; i++) {
                        offs[i] = at;
                        at += lens[i];
                    }
                    p.skip(at - p.position());
                    lines = raw;
                } else {
                    lines = LineColumns.decode(p, n, ts, header.meta().rawBytes(), offs, lens);
                    p = Sections.read(p);
                }
                return withMetadata(p, n, ts, lines, offs, lens);
            } catch (CorruptDataException e) {
                throw new CorruptDataException(resource + ": " + e.getMessage(), e);
            }
        }

        /**
         * Timestamps, line lengths and metadata, without rebuilding any line: the result's
         * {@code lines} is empty and its {@code lineOffsets} all zero. For scans that only count or
         * size entries. Old (version 1) blocks decode in full.
         */
        public EntryColumns lengths() {
            return lengths(timestamps());
        }

        /** {@link #lengths()} with the block's {@link #timestamps()} already read (not copied: do not change them). */
        public EntryColumns lengths(long[] ts) {
            EntryColumns c = withoutLines(ts, true);
            return c != null ? c : columns(ts);
        }

        /**
         * Metadata alone (no line is decompressed, no timestamp decoded): the result's
         * {@code timestamps} is null, its {@code lines} empty and its {@code lineOffsets} and
         * {@code lineLengths} all zero; the block's total line bytes are {@code meta().rawBytes()}.
         * Old (version 1) blocks and payloads compressed whole decode in full, asking {@code ts} for
         * the block's {@link #timestamps()}.
         */
        public EntryColumns metadataOnly(java.util.function.Supplier<long[]> ts) {
            EntryColumns c = withoutLines(null, false);
            return c != null ? c : columns(ts.get());
        }

        /**
         * Which entries' lines hold every needle (UTF-8 bytes), decided on the block's templates and
         * columns without rebuilding lines ({@link LineColumns#search}); {@code null} when that cannot
         * be decided so (old blocks, needles that could straddle a value's border): search the lines.
         */
        public boolean[] search(long[] ts, byte[][] needles) {
            return search(() -> ts, needles);
        }

        /** {@link #search(long[], byte[][])} asking for the timestamps only if the search needs them. */
        public boolean[] search(java.util.function.Supplier<long[]> ts, byte[][] needles) {
            return fromColumns(p -> LineColumns.search(p, header.meta().entries(), ts, needles));
        }

        /**
         * The lines as templates and column values ({@link LineTemplates}), none rebuilt; null when
         * the block does not store its lines that way (version 1, or a payload compressed whole).
         */
        public LineTemplates templates(long[] ts) {
            return fromColumns(p -> LineTemplates.read(p, header.meta().entries(), ts));
        }

        /**
         * {@code read} of the payload when its lines are stored column-wise section by section, null
         * otherwise (version 1, or a payload compressed whole); damage is reported naming the block.
         */
        private <T> T fromColumns(java.util.function.Function<ByteSource, T> read) {
            if (header.version() == 1 || header.codec() != CODEC_NONE) {
                return null;
            }
            int payloadOff = header.bodyOffset() + header.bloomWords() * 8 + header.timestampsLength();
            try {
                return read.apply(new ByteSource(file, payloadOff, header.payloadLength()));
            } catch (CorruptDataException e) {
                throw new CorruptDataException(resource + ": " + e.getMessage(), e);
            }
        }

        /**
         * Timestamps, metadata and, when {@code sized}, line lengths: no line is rebuilt. Null when the
         * lines are not stored column-wise ({@link #fromColumns}).
         */
        private EntryColumns withoutLines(long[] ts, boolean sized) {
            return fromColumns(p -> {
                int n = header.meta().entries();
                int[] lens = new int[n];
                if (sized) {
                    LineColumns.decodeLengths(p, n, ts, header.meta().rawBytes(), lens);
                } else {
                    LineColumns.skip(p);
                }
                return withMetadata(Sections.read(p), n, ts, new byte[0], new int[n], lens);
            });
        }

        private static EntryColumns withMetadata(ByteSource p, int n, long[] ts, byte[] lines, int[] offs, int[] lens) {
            int setCount = p.readVarInt();
            List<List<LabelPair>> sets = new ArrayList<>(setCount);
            for (int s = 0; s < setCount; s++) {
                int pairs = p.readVarInt();
                List<LabelPair> set = new ArrayList<>(pairs);
                for (int j = 0; j < pairs; j++) {
                    set.add(new LabelPair(p.readString(), p.readString()));
                }
                sets.add(List.copyOf(set));
            }
            int[] idx = null;
            if (setCount > 1) {
                idx = new int[n];
                for (int i = 0; i < n; i++) {
                    idx[i] = p.readVarInt();
                    if (idx[i] >= setCount) {
                        throw new CorruptDataException("metadata index " + idx[i] + " out of range");
                    }
                }
            }
            return new EntryColumns(n, ts, lines, offs, lens, List.copyOf(sets), idx);
        }
    }

    /**
     * Checks a whole block file (magic, version, header and footer checksums) and returns it for
     * decoding.
     *
     * @throws CorruptDataException naming {@code resource} on any mismatch
     */
    public static Block parse(byte[] file, String resource) {
        if (file.length < PREFIX_BYTES + 4 + FOOTER_BYTES) {
            throw new CorruptDataException(resource + ": " + file.length + " bytes is too short for a block");
        }
        Header header = readHeader(file, file.length - FOOTER_BYTES, file.length, resource);
        int footer = file.length - FOOTER_BYTES;
        for (int i = 0; i < 4; i++) {
            if (file[footer + 4 + i] != END_MAGIC[i]) {
                throw new CorruptDataException(resource + ": bad end magic (truncated file?)");
            }
        }
        int stored = ((file[footer] & 0xFF) << 24) | ((file[footer + 1] & 0xFF) << 16) | ((file[footer + 2] & 0xFF) << 8) | (file[footer + 3] & 0xFF);
        if (stored != crc(file, 0, footer)) {
            throw new CorruptDataException(resource + ": checksum mismatch in block body");
        }
        long expectedEnd = (long) header.bodyOffset() + header.bloomWords() * 8L + header.timestampsLength() + header.payloadLength();
        if (expectedEnd != footer) {
            throw new CorruptDataException(resource + ": sections end at " + expectedEnd + " but footer is at " + footer);
        }
        return new Block(file, header, resource);
    }
}
