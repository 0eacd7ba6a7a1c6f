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
    String line;
    List<LabelPair> structuredMetadata;
    private Map<String, Object> extracted;
    Ack ack;
    /** The line as read and its UTF-8 bytes; valid while {@code line == originalLine}. */
    private String originalLine;
    private byte[] originalUtf8;

    Work(LogEntry e) {
        labels = e.labels();
        timestampNanos = e.timestampNanos();
        line = e.line();
        originalLine = e.line();
        originalUtf8 = e.lineUtf8();
        structuredMetadata = e.structuredMetadata();
        ack = e.ack();
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
        return line == originalLine ? originalUtf8 : null;
    }

    LogEntry toEntry() {
        return new LogEntry(labels, timestampNanos, line, structuredMetadata, ack, lineUtf8());
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
