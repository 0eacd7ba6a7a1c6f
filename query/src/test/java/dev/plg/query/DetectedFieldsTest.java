package dev.plg.query;

import static dev.plg.query.Ast.SEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plg.query.DetectedFields.Field;
import dev.plg.query.DetectedFields.Type;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link DetectedFields} through the real parser, pipelines and engine on an in-memory store, and
 * table tests of Loki's type detection and value rewriting.
 */
class DetectedFieldsTest {
    static final long T0 = 1767225600L * SEC;
    static final String APP = "app=shop,env=prod,level=info";
    static final InMemoryLogSource SOURCE = new InMemoryLogSource()
            // JSON lines (oldest first); "level" and "app" collide with stream labels
            .add("t", APP, T0 + SEC, "{\"level\":\"info\",\"user_id\":\"u-1\",\"attempt\":1,"
                    + "\"http\":{\"status\":200,\"took\":\"5ms\"},\"size\":\"10KB\",\"tags\":[\"a\"]}",
                    "detected_level=info,trace_id=abc")
            .add("t", APP, T0 + 2 * SEC, "{\"level\":\"info\",\"user_id\":\"u-2\",\"attempt\":2.5,"
                    + "\"http\":{\"status\":404,\"took\":\"1.5s\"},\"size\":\"1536KiB\",\"app\":\"x\"}",
                    "detected_level=info,trace_id=abc")
            // logfmt and plain lines in another stream
            .add("t", "app=shop,env=prod,level=error", T0 + 3 * SEC, "msg=boom user_id=u-3 ok=true",
                    "detected_level=error")
            .add("t", "app=shop,env=prod,level=error", T0 + 4 * SEC, "just some words", "detected_level=error")
            .add("t", "app=other", T0 + 5 * SEC, "{\"only\":\"here\"}");
    static final DetectedFields DETECTED = new DetectedFields(new QueryEngine(SOURCE, QueryLimits.DEFAULTS));

    static List<String> fields(String query, int lineLimit, int limit) {
        List<String> out = new ArrayList<>();
        for (Field f : DETECTED.run("t", new DetectedFields.Request(query, T0, T0 + 60 * SEC, SEC, lineLimit, limit,
                null)).fields()) {
            out.add(f.label() + " " + f.type().text() + " " + f.cardinality() + " " + f.parsers());
        }
        return out;
    }

    static List<String> values(String query, String name, int limit) {
        return DETECTED.run("t", new DetectedFields.Request(query, T0, T0 + 60 * SEC, SEC, 100, limit, name)).values();
    }

    @Test
    void fieldsOfJsonLogfmtAndStructuredMetadata() {
        assertThat(fields("{app=\"shop\"}", 100, 1000)).containsExactly(
                "app_extracted string 1 [json]",
                "attempt int 2 [json]", // the oldest line (scanned last) decides: 1
                "detected_level string 2 []",
                "http_status int 2 [json]",
                "http_took duration 2 [json]",
                "level_extracted string 1 [json]",
                "msg string 1 [logfmt]",
                "ok boolean 1 [logfmt]",
                "size bytes 2 [json]",
                "trace_id string 1 []",
                "user_id string 3 [logfmt, json]"); // streams sorted by labels: level="error" first
    }

    @Test
    void lineLimitScansTheNewestLinesOnly() {
        // backward: the two logfmt/plain lines and the newer JSON line
        assertThat(fields("{app=\"shop\"}", 3, 1000)).containsExactly(
                "app_extracted string 1 [json]",
                "attempt float 1 [json]",
                "detected_level string 2 []",
                "http_status int 1 [json]",
                "http_took duration 1 [json]",
                "level_extracted string 1 [json]",
                "msg string 1 [logfmt]",
                "ok boolean 1 [logfmt]",
                "size bytes 1 [json]",
                "trace_id string 1 []",
                "user_id string 2 [logfmt, json]");
    }

    @Test
    void fieldLimitKeepsTheFirstFound() {
        assertThat(fields("{app=\"shop\"} |= \"boom\"", 100, 2)).containsExactly(
                "detected_level string 1 []", "msg string 1 [logfmt]");
    }

    @Test
    void queryWithItsOwnParserAndFilters() {
        assertThat(fields("{app=\"shop\"} | json | user_id=\"u-2\"", 100, 1000)).containsExactly(
                "app_extracted string 1 [json]",
                "attempt float 1 [json]",
                "detected_level string 1 []",
                "http_status int 1 [json]",
                "http_took duration 1 [json]",
                "level_extracted string 1 [json]",
                "size bytes 1 [json]",
                "trace_id string 1 []",
                "user_id string 1 [json]");
        assertThat(fields("{app=\"nothing\"}", 100, 1000)).isEmpty();
    }

    @Test
    void valuesOfOneField() {
        assertThat(values("{app=\"shop\"}", "user_id", 1000)).containsExactly("u-1", "u-2", "u-3");
        assertThat(values("{app=\"shop\"}", "detected_level", 1000)).containsExactly("error", "info");
        assertThat(values("{app=\"shop\"}", "size", 1000)).containsExactly("1.6MB", "10kB");
        assertThat(values("{app=\"shop\"}", "level", 1000)).isEmpty(); // a stream label, never a field
        assertThat(values("{app=\"shop\"}", "user_id", 1)).hasSize(1);
    }

    @Test
    void errorsUseLokisTexts() {
        assertThatThrownBy(() -> fields("sum(count_over_time({app=\"shop\"}[1m]))", 100, 1000))
                .isInstanceOf(QueryException.class).hasMessage("only log selector is supported");
        assertThatThrownBy(() -> fields("{app=\"shop\"", 100, 1000))
                .isInstanceOf(QueryException.class).hasMessageStartingWith("parse error at line 1");
        assertThatThrownBy(() -> fields("{app=\"shop\"}", 5001, 1000))
                .isInstanceOf(QueryException.class)
                .hasMessage("max entries limit per query exceeded, limit > max_entries_limit_per_query (5001 > 5000)");
        assertThatThrownBy(() -> fields("{app=~\".*\"}", 100, 1000))
                .isInstanceOf(QueryException.class).hasMessageContaining("at least one regexp or equality matcher");
    }

    @Test
    void determineTypeAsLoki() {
        String[][] table = {
            {"42", "int"}, {"-7", "int"}, {"+3", "int"}, {"9223372036854775808", "float"}, {"1.5", "float"},
            {"1e3", "float"}, {"NaN", "float"}, {"-Inf", "float"}, {"0x1p-2", "float"}, {"1e400", "string"},
            {"1_000", "string"}, {"true", "boolean"}, {"T", "boolean"}, {"False", "boolean"}, {"yes", "string"},
            {"5m", "duration"}, {"1h30m", "duration"}, {"250ms", "duration"}, {"1.5µs", "duration"},
            {"-.5s", "duration"}, {"10KB", "bytes"}, {"1.5 MiB", "bytes"}, {"10 mb", "bytes"}, {"2Mi", "bytes"},
            {"5e", "bytes"}, {"1,024k", "bytes"}, {"user-456", "string"}, {"", "string"}, {"5 apples", "string"},
        };
        for (String[] row : table) {
            assertThat(DetectedFields.determineType(row[0]).text()).as(row[0]).isEqualTo(row[1]);
        }
        assertThat(Type.BYTES.text()).isEqualTo("bytes");
    }

    @Test
    void valuesRewriteByteSizesAsLoki() {
        String[][] table = {
            {"1.5MB", "1.5MB"}, {"1536KiB", "1.6MB"}, {"10kb", "10kB"}, {"5m", "5.0MB"}, {"12.5KB", "12kB"},
            {"8b", "8B"}, {"200", "200"}, {"user-1", "user-1"}, {"1.5s", "1.5s"}, {"3 GB", "3.0GB"},
        };
        for (String[] row : table) {
            assertThat(DetectedFields.normalizeBytes(row[0])).as(row[0]).isEqualTo(row[1]);
        }
    }
}
