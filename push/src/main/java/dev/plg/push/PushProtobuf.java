package dev.plg.push;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Loki's push protobuf ({@code pkg/push/push.proto}, package {@code logproto}), uncompressed, by hand
 * on protobuf-java's wire classes (no generated code):
 *
 * <pre>
 * message PushRequest      { repeated StreamAdapter streams = 1; }
 * message StreamAdapter    { string labels = 1; repeated EntryAdapter entries = 2; uint64 hash = 3; }
 * message EntryAdapter     { google.protobuf.Timestamp timestamp = 1; string line = 2;
 *                            repeated LabelPairAdapter structuredMetadata = 3;
 *                            repeated LabelPairAdapter parsed = 4; }
 * message LabelPairAdapter { string name = 1; string value = 2; }
 * message Timestamp        { int64 seconds = 1; int32 nanos = 2; }
 * </pre>
 *
 * <p>Decoding skips unknown fields, {@code hash} and {@code parsed} (query-side only). Strings are
 * not required to be valid UTF-8 (Go does not check); bad sequences become U+FFFD. A {@code labels}
 * text that {@link LabelsText#parse} refuses yields a stream with no labels and
 * {@link PushStream#unparsableLabels()} set; its entries are still decoded.
 *
 * <p>Encoding writes what Promtail writes: labels as {@link LabelsText#format} text, no hash, the
 * timestamp message always present. Stateless and thread-safe.
 */
public final class PushProtobuf {
    private static final int PUSH_STREAMS = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int STREAM_LABELS = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int STREAM_ENTRIES = tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int ENTRY_TIMESTAMP = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int ENTRY_LINE = tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int ENTRY_METADATA = tag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int PAIR_NAME = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int PAIR_VALUE = tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int TS_SECONDS = tag(1, WireFormat.WIRETYPE_VARINT);
    private static final int TS_NANOS = tag(2, WireFormat.WIRETYPE_VARINT);

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private PushProtobuf() {}

    /**
     * Decodes an uncompressed {@code logproto.PushRequest}.
     *
     * @throws PushFormatException with the gogo-protobuf style message Loki gives, e.g.
     *     {@code unexpected EOF} for a truncated message
     */
    public static PushRequest decode(byte[] message) {
        requireNonNull(message, "message is null");
        CodedInputStream in = CodedInputStream.newInstance(message);
        List<PushStream> streams = new ArrayList<>();
        try {
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                if (tag == PUSH_STREAMS) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    streams.add(readStream(in));
                    in.popLimit(limit);
                } else {
                    skip(in, tag, "PushRequest", 1, "Streams");
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw translate(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
        return new PushRequest(streams);
    }

    private static PushStream readStream(CodedInputStream in) throws IOException {
        String labelsText = "";
        List<PushEntry> entries = new ArrayList<>();
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            if (tag == STREAM_ENTRIES) {
                int limit = in.pushLimit(in.readRawVarint32());
                entries.add(readEntry(in));
                in.popLimit(limit);
            } else if (tag == STREAM_LABELS) {
                labelsText = in.readString();
            } else {
                skip(in, tag, "StreamAdapter", 2, "Labels", "Entries");
            }
        }
        List<LabelPair> labels;
        try {
            labels = LabelsText.parse(labelsText);
        } catch (PushFormatException e) {
            return new PushStream(List.of(), entries, labelsText);
        }
        return new PushStream(labels, entries);
    }

    private static PushEntry readEntry(CodedInputStream in) throws IOException {
        long timestamp = 0;
        byte[] line = EMPTY;
        List<LabelPair> metadata = null;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            if (tag == ENTRY_LINE) {
                line = in.readByteArray();
            } else if (tag == ENTRY_TIMESTAMP) {
                int limit = in.pushLimit(in.readRawVarint32());
                timestamp = readTimestamp(in);
                in.popLimit(limit);
            } else if (tag == ENTRY_METADATA) {
                int limit = in.pushLimit(in.readRawVarint32());
                if (metadata == null) {
                    metadata = new ArrayList<>(4);
                }
                metadata.add(readPair(in));
                in.popLimit(limit);
            } else {
                // parsed (4) is a LabelPairAdapter list too, set only on query responses: skipped.
                skip(in, tag, "EntryAdapter", 3, "Timestamp", "Line", "StructuredMetadata");
            }
        }
        List<LabelPair> md = metadata == null ? List.of() : metadata;
        // Valid UTF-8 (the normal case) is kept as bytes; otherwise decoded with replacement
        // characters as before, so what is stored does not change.
        return Utf8.isValid(line) ? PushEntry.ofUtf8(timestamp, line, md)
                : new PushEntry(timestamp, new String(line, java.nio.charset.StandardCharsets.UTF_8), md);
    }

    private static final byte[] EMPTY = new byte[0];

    private static LabelPair readPair(CodedInputStream in) throws IOException {
        String name = "";
        String value = "";
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            if (tag == PAIR_NAME) {
                name = in.readString();
            } else if (tag == PAIR_VALUE) {
                value = in.readString();
            } else {
                skip(in, tag, "LabelPairAdapter", 2, "Name", "Value");
            }
        }
        return new LabelPair(name, value);
    }

    private static long readTimestamp(CodedInputStream in) throws IOException {
        long seconds = 0;
        int nanos = 0;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            if (tag == TS_SECONDS) {
                seconds = in.readInt64();
            } else if (tag == TS_NANOS) {
                nanos = in.readInt32();
            } else {
                skip(in, tag, "Timestamp", 2, "Seconds", "Nanos");
            }
        }
        if (nanos < 0 || nanos >= NANOS_PER_SECOND) {
            throw new PushFormatException("timestamp: seconds:" + seconds + " nanos:" + nanos
                    + ": nanos not in range [0, 1e9)");
        }
        try {
            return Math.addExact(Math.multiplyExact(seconds, NANOS_PER_SECOND), nanos);
        } catch (ArithmeticException e) {
            throw new PushFormatException("timestamp: seconds:" + seconds + " nanos:" + nanos
                    + ": outside the range of Unix nanoseconds (1677-09-21 to 2262-04-11)");
        }
    }

    /**
     * Skips an unknown field; a known field number with the wrong wire type is refused as gogo
     * protobuf does ({@code proto: wrong wireType = 0 for field Labels}).
     */
    private static void skip(CodedInputStream in, int tag, String message, int knownFields, String... names)
            throws IOException {
        int field = WireFormat.getTagFieldNumber(tag);
        if (field >= 1 && field <= knownFields) {
            throw new PushFormatException("proto: wrong wireType = " + WireFormat.getTagWireType(tag)
                    + " for field " + names[field - 1]);
        }
        if (!in.skipField(tag)) {
            throw new PushFormatException("proto: " + message + ": illegal tag " + field
                    + " (wire type " + WireFormat.getTagWireType(tag) + ")");
        }
    }

    private static PushFormatException translate(InvalidProtocolBufferException e) {
        String text = String.valueOf(e.getMessage());
        if (text.startsWith("While parsing a protocol message, the input ended unexpectedly")) {
            return new PushFormatException("unexpected EOF", e);
        }
        if (text.contains("negative size")) {
            return new PushFormatException("proto: negative length found during unmarshaling", e);
        }
        return new PushFormatException("proto: " + text, e);
    }

    /** Encodes {@code request} as an uncompressed {@code logproto.PushRequest}. */
    public static byte[] encode(PushRequest request) {
        requireNonNull(request, "request is null");
        List<PushStream> streams = request.streams();
        int entryCount = request.entryCount();
        // Sizes of every nested message, computed once and used for both the total and the writes.
        int[] entrySizes = new int[entryCount];
        int[] streamSizes = new int[streams.size()];
        String[] labelTexts = new String[streams.size()];
        int total = 0;
        int e = 0;
        for (int s = 0; s < streams.size(); s++) {
            PushStream stream = streams.get(s);
            labelTexts[s] = labelsText(stream);
            int size = CodedOutputStream.computeStringSize(1, labelTexts[s]);
            for (PushEntry entry : stream.entries()) {
                int entrySize = entrySize(entry);
                entrySizes[e++] = entrySize;
                size += 1 + CodedOutputStream.computeUInt32SizeNoTag(entrySize) + entrySize;
            }
            streamSizes[s] = size;
            total += 1 + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
        }
        byte[] out = new byte[total];
        CodedOutputStream os = CodedOutputStream.newInstance(out);
        try {
            e = 0;
            for (int s = 0; s < streams.size(); s++) {
                os.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                os.writeUInt32NoTag(streamSizes[s]);
                os.writeString(1, labelTexts[s]);
                for (PushEntry entry : streams.get(s).entries()) {
                    os.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                    os.writeUInt32NoTag(entrySizes[e++]);
                    writeEntry(os, entry);
                }
            }
            os.checkNoSpaceLeft();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex); // cannot happen: the array was sized exactly
        }
        return out;
    }

    private static String labelsText(PushStream stream) {
        if (stream.unparsableLabels() != null) {
            return stream.unparsableLabels();
        }
        return LabelsText.format(stream.labels());
    }

    private static int entrySize(PushEntry entry) {
        int ts = timestampSize(entry.timestampNanos());
        int size = 1 + CodedOutputStream.computeUInt32SizeNoTag(ts) + ts;
        if (!entry.line().isEmpty()) {
            size += CodedOutputStream.computeStringSize(2, entry.line());
        }
        for (LabelPair pair : entry.structuredMetadata()) {
            int p = pairSize(pair);
            size += 1 + CodedOutputStream.computeUInt32SizeNoTag(p) + p;
        }
        return size;
    }

    private static int pairSize(LabelPair pair) {
        int size = 0;
        if (!pair.name().isEmpty()) {
            size += CodedOutputStream.computeStringSize(1, pair.name());
        }
        if (!pair.value().isEmpty()) {
            size += CodedOutputStream.computeStringSize(2, pair.value());
        }
        return size;
    }

    private static int timestampSize(long nanos) {
        long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
        int nano = (int) Math.floorMod(nanos, NANOS_PER_SECOND);
        int size = 0;
        if (seconds != 0) {
            size += CodedOutputStream.computeInt64Size(1, seconds);
        }
        if (nano != 0) {
            size += CodedOutputStream.computeInt32Size(2, nano);
        }
        return size;
    }

    private static void writeEntry(CodedOutputStream os, PushEntry entry) throws IOException {
        long seconds = Math.floorDiv(entry.timestampNanos(), NANOS_PER_SECOND);
        int nano = (int) Math.floorMod(entry.timestampNanos(), NANOS_PER_SECOND);
        os.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        os.writeUInt32NoTag(timestampSize(entry.timestampNanos()));
        if (seconds != 0) {
            os.writeInt64(1, seconds);
        }
        if (nano != 0) {
            os.writeInt32(2, nano);
        }
        if (!entry.line().isEmpty()) {
            os.writeString(2, entry.line());
        }
        for (LabelPair pair : entry.structuredMetadata()) {
            os.writeTag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            os.writeUInt32NoTag(pairSize(pair));
            if (!pair.name().isEmpty()) {
                os.writeString(1, pair.name());
            }
            if (!pair.value().isEmpty()) {
                os.writeString(2, pair.value());
            }
        }
    }

    private static int tag(int field, int wireType) {
        return (field << 3) | wireType;
    }
}
