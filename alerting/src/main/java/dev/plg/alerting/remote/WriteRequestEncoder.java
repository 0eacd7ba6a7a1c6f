package dev.plg.alerting.remote;

import com.google.protobuf.CodedOutputStream;
import io.airlift.compress.v3.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Prometheus remote_write 1.0 body: {@code prometheus.WriteRequest} protobuf, snappy block
 * compressed. Written by hand (no generated code):
 * <pre>
 * WriteRequest { repeated TimeSeries timeseries = 1; }
 * TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
 * Label        { string name = 1; string value = 2; }
 * Sample       { double value = 1; int64 timestamp = 2; }   // timestamp in ms
 * </pre>
 * Labels are written sorted by name, as the spec requires. Stateless.
 */
public final class WriteRequestEncoder {
    private WriteRequestEncoder() {
    }

    /** The uncompressed protobuf: one series per sample. */
    public static byte[] encode(List<Sample> samples) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream cos = CodedOutputStream.newInstance(out);
        try {
            for (Sample s : samples) {
                cos.writeByteArray(1, series(s));
            }
            cos.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] series(Sample s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream cos = CodedOutputStream.newInstance(out);
        for (Map.Entry<String, String> e : s.labels().entrySet()) {
            ByteArrayOutputStream lb = new ByteArrayOutputStream();
            CodedOutputStream l = CodedOutputStream.newInstance(lb);
            l.writeString(1, e.getKey());
            l.writeString(2, e.getValue());
            l.flush();
            cos.writeByteArray(1, lb.toByteArray());
        }
        ByteArrayOutputStream sb = new ByteArrayOutputStream();
        CodedOutputStream smp = CodedOutputStream.newInstance(sb);
        smp.writeDouble(1, s.value());
        smp.writeInt64(2, s.timestampMillis());
        smp.flush();
        cos.writeByteArray(2, sb.toByteArray());
        cos.flush();
        return out.toByteArray();
    }

    /** Snappy block format (not framed), as remote_write requires. */
    public static byte[] snappy(byte[] input) {
        SnappyCompressor c = SnappyCompressor.create();
        byte[] out = new byte[c.maxCompressedLength(input.length)];
        int n = c.compress(input, 0, input.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }
}
