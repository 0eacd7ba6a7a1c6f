package dev.plg.agent.component.process;

import dev.plg.agent.model.Ack;
import dev.plg.agent.model.Labels;
import dev.plg.agent.model.LogEntry;
import dev.plg.push.LabelPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mutable entry a {@code loki.process} pipeline works on: labels, timestamp, line, structured
 * metadata and the extracted map (initialised with the labels on first use). Owned by one pipeline
 * run at a time; never shared between threads.
 */
public final class Work {
    Labels labels;
    long timestampNanos;
    /** The line; null while only {@link #utf8} is known (decoded on the first {@link #line()}). */
    private String line;
    /** The UTF-8 bytes of the current line as read, or null once a stage rewrote the line. */
    private byte[] utf8;
    List<LabelPair> structuredMetadata;
    private Map<String, Object> extracted;
    Ack ack;

    Work(LogEntry e) {
        labels = e.labels();
        timestampNanos = e.timestampNanos();
        line = e.lineIfDecoded();
        utf8 = e.lineUtf8();
        structuredMetadata = e.structuredMetadata();
        ack = e.ack();
    }

    /** The current line (decoded from the bytes read on first use). */
    String line() {
        String l = line;
        if (l == null) {
            l = new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
            line = l;
        }
        return l;
    }

    /** Replaces the line; its read bytes no longer apply. */
    void setLine(String l) {
        line = java.util.Objects.requireNonNull(l, "line is null");
        utf8 = null;
    }

    Work(Labels labels, long ts, String line, List<LabelPair> sm, Map<String, Object> extracted, Ack ack) {
        this.labels = labels;
        this.timestampNanos = ts;
        this.line = line;
        this.structuredMetadata = sm;
        this.extracted = extracted;
        this.ack = ack;
    }

    /** The extracted map; created from the labels on first access. */
    Map<String, Object> extracted() {
        Map<String, Object> m = extracted;
        if (m == null) {
            m = new HashMap<>(16);
            for (int i = 0; i < labels.size(); i++) {
                m.put(labels.name(i), labels.value(i));
            }
            extracted = m;
        }
        return m;
    }

    Map<String, Object> extractedOrNull() {
        return extracted;
    }

    void putStructuredMetadata(String name, String value) {
        List<LabelPair> out = new ArrayList<>(structuredMetadata.size() + 1);
        for (LabelPair p : structuredMetadata) {
            if (!p.name().equals(name)) {
                out.add(p);
            }
        }
        out.add(new LabelPair(name, value));
        structuredMetadata = out;
    }

    /** UTF-8 bytes of the current line if still known without encoding, else null. */
    byte[] lineUtf8() {
        return utf8;
    }

    LogEntry toEntry() {
        return new LogEntry(labels, timestampNanos, line, structuredMetadata, ack, utf8);
    }

    /** Renders an extracted value as a label value; null for missing/null values. */
    static String asString(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString(d.longValue());
            }
            return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        }
        return v.toString();
    }
}
