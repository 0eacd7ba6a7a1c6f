/**
 * Block files: an immutable, compressed run of one stream's entries.
 *
 * <h2>Principle</h2>
 * A stream's head is cut into a block when it reaches the target size or age. Entries are sorted
 * by timestamp (ties keep ingest order). Timestamps are delta-encoded varints; lines are stored
 * column-wise ({@link dev.plg.store.block.LineColumns}: a template per line shape and one column
 * per JSON key, each zstd-compressed on its own), structured metadata after them. A Bloom
 * filter over every byte trigram and every token of every line lets a scan skip the block when a required
 * substring cannot occur ({@link dev.plg.store.read.ScanHints}).
 *
 * <h2>File layout (version 4; versions 1 to 3 below), big-endian fixed-width integers</h2>
 * <pre>
 * +-----------------------------------------------------------------------------+
 * | "PLGB" magic (4) | name length u8 = 9 | "plg-block" (9) | version u16 = 4    |
 * | header length u32 = H                                                        |
 * +-----------------------------------------------------------------------------+
 * | header (H bytes, varints; zz = zigzag varint):                               |
 * |   streamId | walSeq | entryCount | minTs zz | maxTs zz | rawLineBytes |      |
 * |   codec u8 (0 none, 1 zstd; v2: 0) | bloomWords | bloomHashes u8 |          |
 * |   timestampsLength | payloadLength | payloadRawLength                         |
 * +-----------------------------------------------------------------------------+
 * | header CRC32C u32 (over every byte before it)                                |
 * +-----------------------------------------------------------------------------+
 * | bloom: bloomWords x u64 (trigrams: 1 probe; tokens: bloomHashes probes;     |
 * |        see TrigramBloom)                                                     |
 * +-----------------------------------------------------------------------------+
 * | timestamps (timestampsLength bytes): one section (see below) holding         |
 * |             u8 W, then the entryCount deltas from the previous timestamp     |
 * |             (the first from minTs, so 0) as W-byte little-endian integers,   |
 * |             stored plane by plane: every lowest byte, then every next one    |
 * +-----------------------------------------------------------------------------+
 * | payload (payloadLength bytes; codec none, sections compress themselves):     |
 * |   lines: LineColumns layout (template section, then per column a mode byte,  |
 * |          its byte set (16 bytes; not TIME, HEX) and a section; see LineColumns)|
 * |   metadata section:                                                          |
 * |     varint S = number of distinct structured-metadata sets                   |
 * |     S x ( varint pairs, pairs x (varint len, name UTF-8, varint len, value) )|
 * |     if S > 1: entryCount x varint set index (S == 1: all use set 0;          |
 * |               S == 0: no entry has metadata)                                 |
 * +-----------------------------------------------------------------------------+
 * | footer: CRC32C u32 (over every byte before it) | "PLGE" end magic (4)         |
 * +-----------------------------------------------------------------------------+
 * </pre>
 *
 * <p>A <em>section</em> is {@code varint rawLength | varint storedLength | stored bytes}: one zstd
 * frame ({@link BlockFormat#ZSTD_LEVEL level 1}; earlier blocks level 3: any level reads) of storedLength bytes, or, when storedLength is 0, the rawLength bytes as they
 * are (zstd would not shrink them).
 *
 * <h2>Version 3 (still read, no longer written)</h2>
 * As version 4, but no line column has a byte set (no mode byte has the 0x80 flag).
 *
 * <h2>Version 2 (still read, no longer written)</h2>
 * As version 3, but the timestamp section holds entryCount varint deltas.
 *
 * <h2>Version 1 (still read, no longer written)</h2>
 * Timestamps are the plain varints (no section); codec 1 (zstd): the payload is one zstd frame of
 * {@code entryCount x varint line length | line bytes concatenated | metadata as above}.
 *
 * <h2>Known limitations</h2>
 * A block is read whole (it is at most a few hundred KiB compressed). Needles shorter than three
 * bytes never skip a block.
 */
package dev.plg.store.block;
