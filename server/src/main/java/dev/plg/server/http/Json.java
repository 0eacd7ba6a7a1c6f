package dev.plg.server.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.plg.push.LabelPair;
import dev.plg.query.QueryResult;
import dev.plg.query.QueryStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Writes Loki's JSON response bodies with Jackson's streaming generator: query results in the
 * shapes of {@code spec/loki-captures}, the {@code stats} object, label lists and series.
 *
 * <p>Number rules (Loki/Prometheus): sample values are strings, shortest round-trip decimal in
 * plain notation ({@code "0.0033333333333333335"}, {@code "NaN"}, {@code "+Inf"}); sample times are
 * bare numbers of seconds with up to 3 decimals; log timestamps are strings of nanoseconds.
 * Stateless and thread-safe.
 */
public final class Json {
    static final JsonFactory FACTORY = JsonFactory.builder().build();

    private Json() {
    }

    /** A generator writing into a growing buffer; call {@link Body#bytes()} when done. */
    public static final class Body implements AutoCloseable {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        private final JsonGenerator gen;

        public Body() {
            try {
                gen = FACTORY.createGenerator(out, JsonEncoding.UTF8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public JsonGenerator gen() {
            return gen;
        }

        public byte[] bytes() {
            try {
                gen.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        @Override
        public void close() {
            try {
                gen.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code {"status":"success","data":{...result...}}} for any query result. */
    public static byte[] queryResponse(QueryResult result, boolean categorize) {
        try (Body body = new Body()) {
            JsonGenerator g = body.gen();
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeFieldName("data");
            writeData(g, result, categorize);
            g.writeEndObject();
            return body.bytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeData(JsonGenerator g, QueryResult result, boolean categorize) throws IOException {
        g.writeStartObject();
        g.writeStringField("resultType", result.resultType());
        switch (result) {
            case QueryResult.Streams s -> {
                if (categorize) {
                    g.writeArrayFieldStart("encodingFlags");
                    g.writeString("categorize-labels");
                    g.writeEndArray();
                    g.writeFieldName("result");
                    writeStreams(g, s.streams(), true);
                } else {
                    g.writeFieldName("result");
                    writeStreams(g, s.plainStreams(), false);
                }
            }
            case QueryResult.Matrix m -> {
                g.writeArrayFieldStart("result");
                for (QueryResult.Series series : m.series()) {
                    g.writeStartObject();
                    g.writeFieldName("metric");
                    writeLabels(g, series.labels());
                    g.writeArrayFieldStart("values");
                    long[] ts = series.timestampsMillis();
                    double[] vs = series.values();
                    for (int i = 0; i < ts.length; i++) {
                        writeSample(g, ts[i], vs[i]);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case QueryResult.Vector v -> {
                g.writeArrayFieldStart("result");
                for (QueryResult.Sample sample : v.samples()) {
                    g.writeStartObject();
                    g.writeFieldName("metric");
                    writeLabels(g, sample.labels());
                    g.writeFieldName("value");
                    writeSample(g, sample.timestampMillis(), sample.value());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case QueryResult.Scalar sc -> {
                g.writeFieldName("result");
                writeSample(g, sc.timestampMillis(), sc.value());
            }
        }
        g.writeFieldName("stats");
        writeStats(g, result.stats());
        g.writeEndObject();
    }

    /** The {@code result} array of a streams answer; with {@code categorize} every entry has a third element. */
    public static void writeStreams(JsonGenerator g, List<QueryResult.LogStream> streams, boolean categorize)
            throws IOException {
        g.writeStartArray();
        for (QueryResult.LogStream s : streams) {
            writeStream(g, s, categorize);
        }
        g.writeEndArray();
    }

    public static void writeStream(JsonGenerator g, QueryResult.LogStream s, boolean categorize) throws IOException {
        g.writeStartObject();
        g.writeFieldName("stream");
        writeLabels(g, s.labels());
        g.writeArrayFieldStart("values");
        for (QueryResult.LogEntry e : s.entries()) {
            writeEntry(g, e, categorize);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    public static void writeEntry(JsonGenerator g, QueryResult.LogEntry e, boolean categorize) throws IOException {
        g.writeStartArray();
        g.writeString(Long.toString(e.timestampNanos()));
        g.writeString(e.line());
        if (categorize) {
            g.writeStartObject();
            if (!e.structuredMetadata().isEmpty()) {
                g.writeFieldName("structuredMetadata");
                writeLabels(g, e.structuredMetadata());
            }
            if (!e.parsed().isEmpty()) {
                g.writeFieldName("parsed");
                writeLabels(g, e.parsed());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    public static void writeLabels(JsonGenerator g, List<LabelPair> labels) throws IOException {
        g.writeStartObject();
        for (LabelPair p : labels) {
            g.writeStringField(p.name(), p.value());
        }
        g.writeEndObject();
    }

    /** {@code [<seconds>, "<value>"]}. */
    public static void writeSample(JsonGenerator g, long millis, double value) throws IOException {
        g.writeStartArray();
        g.writeNumber(seconds(millis));
        g.writeString(value(value));
        g.writeEndArray();
    }

    /** Milliseconds as seconds with up to 3 decimals, Go's {@code FormatFloat(ms/1000, 'f', -1, 64)}. */
    public static String seconds(long millis) {
        if (millis < 0) {
            return "-" + seconds(-millis);
        }
        long s = millis / 1000;
        int ms = (int) (millis % 1000);
        if (ms == 0) {
            return Long.toString(s);
        }
        String frac = ms < 10 ? "00" + ms : ms < 100 ? "0" + ms : Integer.toString(ms);
        int end = frac.length();
        while (frac.charAt(end - 1) == '0') {
            end--;
        }
        return s + "." + frac.substring(0, end);
    }

    /** A sample value: Go's {@code FormatFloat(v, 'f', -1, 64)}, with {@code NaN}, {@code +Inf}, {@code -Inf}. */
    public static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == (long) v && Math.abs(v) < 1e15) {
            return v == 0 && 1 / v < 0 ? "-0" : Long.toString((long) v);
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** Loki 3.4.2's full {@code stats} object, with the numbers PLG knows in {@code summary} and {@code ingester}. */
    public static void writeStats(JsonGenerator g, QueryStats s) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("summary");
        g.writeNumberField("bytesProcessedPerSecond", s.bytesProcessedPerSecond());
        g.writeNumberField("linesProcessedPerSecond", s.linesProcessedPerSecond());
        g.writeNumberField("totalBytesProcessed", s.bytesProcessed());
        g.writeNumberField("totalLinesProcessed", s.linesProcessed());
        g.writeNumberField("execTime", s.execTimeSeconds());
        g.writeNumberField("queueTime", 0);
        g.writeNumberField("subqueries", 0);
        g.writeNumberField("totalEntriesReturned", s.entriesReturned());
        g.writeNumberField("splits", 0);
        g.writeNumberField("shards", 0);
        g.writeNumberField("totalPostFilterLines", s.postFilterLines());
        g.writeNumberField("totalStructuredMetadataBytesProcessed", s.structuredMetadataBytes());
        g.writeEndObject();
        g.writeObjectFieldStart("querier");
        writeStoreStats(g, QueryStats.EMPTY);
        g.writeEndObject();
        g.writeObjectFieldStart("ingester");
        g.writeNumberField("totalReached", s.streams() > 0 ? 1 : 0);
        g.writeNumberField("totalChunksMatched", s.streams());
        g.writeNumberField("totalBatches", s.linesProcessed() > 0 ? 1 : 0);
        g.writeNumberField("totalLinesSent", s.entriesReturned());
        writeStoreStats(g, s);
        g.writeEndObject();
        g.writeObjectFieldStart("cache");
        for (String cache : CACHES) {
            g.writeObjectFieldStart(cache);
            for (String f : CACHE_FIELDS) {
                g.writeNumberField(f, 0);
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeObjectFieldStart("index");
        g.writeNumberField("totalChunks", 0);
        g.writeNumberField("postFilterChunks", 0);
        g.writeNumberField("shardsDuration", 0);
        g.writeBooleanField("usedBloomFilters", false);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static final List<String> CACHES = List.of("chunk", "index", "result", "statsResult", "volumeResult",
            "seriesResult", "labelResult", "instantMetricResult");
    private static final List<String> CACHE_FIELDS = List.of("entriesFound", "entriesRequested", "entriesStored",
            "bytesReceived", "bytesSent", "requests", "downloadTime", "queryLengthServed");

    private static void writeStoreStats(JsonGenerator g, QueryStats s) throws IOException {
        g.writeObjectFieldStart("store");
        g.writeNumberField("totalChunksRef", 0);
        g.writeNumberField("totalChunksDownloaded", 0);
        g.writeNumberField("chunksDownloadTime", 0);
        g.writeBooleanField("queryReferencedStructuredMetadata", s.structuredMetadataBytes() > 0);
        g.writeObjectFieldStart("chunk");
        g.writeNumberField("headChunkBytes", s.bytesProcessed());
        g.writeNumberField("headChunkLines", s.linesProcessed());
        g.writeNumberField("decompressedBytes", 0);
        g.writeNumberField("decompressedLines", 0);
        g.writeNumberField("compressedBytes", 0);
        g.writeNumberField("totalDuplicates", 0);
        g.writeNumberField("postFilterLines", s.postFilterLines());
        g.writeNumberField("headChunkStructuredMetadataBytes", s.structuredMetadataBytes());
        g.writeNumberField("decompressedStructuredMetadataBytes", 0);
        g.writeEndObject();
        g.writeNumberField("chunkRefsFetchTime", 0);
        g.writeNumberField("congestionControlLatency", 0);
        g.writeNumberField("pipelineWrapperFilteredLines", 0);
        g.writeEndObject();
    }

    /** {@code {"status":"success","data":[...strings...]}}; no {@code data} key when empty, as Loki. */
    public static byte[] stringList(List<String> values) {
        try (Body body = new Body()) {
            JsonGenerator g = body.gen();
            g.writeStartObject();
            g.writeStringField("status", "success");
            if (!values.isEmpty()) {
                g.writeArrayFieldStart("data");
                for (String v : values) {
                    g.writeString(v);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            return body.bytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {"status":"success","data":[{labels}, ...]}}; {@code data} is always present. */
    public static byte[] series(List<List<LabelPair>> series) {
        try (Body body = new Body()) {
            JsonGenerator g = body.gen();
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeArrayFieldStart("data");
            for (List<LabelPair> s : series) {
                writeLabels(g, s);
            }
            g.writeEndArray();
            g.writeEndObject();
            return body.bytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
