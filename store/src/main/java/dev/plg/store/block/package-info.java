/**
 * Block files: an immutable, compressed run of one stream's entries.
 *
 * <h2>Principle</h2>
 * A stream's head is cut into a block when it reaches the target size or age. Entries are sorted
 * by timestamp (ties keep ingest order). Timestamps are delta-encoded varints outside the
 * compressed payload; lines, their lengths and structured metadata are one zstd frame. A Bloom
 * filter over every byte trigram and every token of every line lets a scan skip the block when a required
 * substring cannot occur ({@link dev.plg.store.read.ScanHints}).
 *
 * <h2>File layout (version 1), big-endian fixed-width integers</h2>
 * <pre>
 * +-----------------------------------------------------------------------------+
 * | "PLGB" magic (4) | name length u8 = 9 | "plg-block" (9) | version u16 = 1    |
 * | header length u32 = H                                                        |
 * +-----------------------------------------------------------------------------+
 * | header (H bytes, varints; zz = zigzag varint):                               |
 * |   streamId | walSeq | entryCount | minTs zz | maxTs zz | rawLineBytes |      |
 * |   codec u8 (0 none, 1 zstd) | bloomWords | bloomHashes u8 |                  |
 * |   timestampsLength | payloadLength | payloadRawLength                         |
 * +-----------------------------------------------------------------------------+
 * | header CRC32C u32 (over every byte before it)                                |
 * +-----------------------------------------------------------------------------+
 * | bloom: bloomWords x u64 (trigrams: 1 probe; tokens: bloomHashes probes;     |
 * |        see TrigramBloom)                                                     |
 * +-----------------------------------------------------------------------------+
 * | timestamps: entryCount varints, each the delta from the previous timestamp   |
 * |             (the first from minTs, so 0)                                     |
 * +-----------------------------------------------------------------------------+
 * | payload (payloadLength bytes, codec-compressed; payloadRawLength raw):       |
 * |   entryCount x varint line length                                            |
 * |   line bytes, concatenated                                                   |
 * |   varint S = number of distinct structured-metadata sets                     |
 * |   S x ( varint pairs, pairs x (varint len, name UTF-8, varint len, value) )  |
 * |   if S > 1: entryCount x varint set index (S == 1: all use set 0;            |
 * |             S == 0: no entry has metadata)                                   |
 * +-----------------------------------------------------------------------------+
 * | footer: CRC32C u32 (over every byte before it) | "PLGE" end magic (4)         |
 * +-----------------------------------------------------------------------------+
 * </pre>
 *
 * <h2>Known limitations</h2>
 * A block is read whole (it is at most a few hundred KiB compressed). Needles shorter than three
 * bytes never skip a block.
 */
package dev.plg.store.block;
