package dev.plg.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.plg.logging.internal.JsonBuffer;
import dev.plg.logging.internal.JsonValues;
import dev.plg.logging.internal.LineEncoder;
import dev.plg.logging.internal.Timestamps;
import dev.plg.logging.internal.TypedContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * Development output like structlog's {@code ConsoleRenderer}:
 *
 * <pre>2026-02-27T12:00:00Z [error    ] 계정 잠김  logger=auth request_id=req-abc-123 service=auth</pre>
 *
 * <p>Timestamp, level padded to 9 columns in brackets, the event, two spaces, then
 * {@code key=value} pairs sorted by key ({@code logger} included, as structlog sorts the event
 * dict). With colors on, the ANSI codes are structlog's: dim timestamp, colored level, bright
 * event, cyan keys, magenta values. An exception follows the line as a Java stack trace.
 * Thread-safe.
 */
public final class ConsoleEncoder extends EncoderBase<ILoggingEvent> implements LineEncoder {
    private static final String RESET = "\u001b[0m";
    private static final String DIM = "\u001b[2m";
    private static final String BRIGHT = "\u001b[1m";
    private static final String CYAN = "\u001b[36m";
    private static final String MAGENTA = "\u001b[35m";
    private static final String[] LEVEL_COLORS = {
        "\u001b[32m", "\u001b[32m", "\u001b[32m", "\u001b[33m", "\u001b[31m", "\u001b[31;1m",
    };
    /** structlog pads the level to the longest name it knows ("exception"). */
    private static final int LEVEL_WIDTH = 9;

    private boolean colors;
    private int timestampDigits = 6;
    private final ThreadLocal<State> state = ThreadLocal.withInitial(this::newState);

    private final class State {
        final JsonBuffer buffer = new JsonBuffer();
        final Timestamps timestamps = new Timestamps(timestampDigits);
        final List<String[]> fields = new ArrayList<>();
    }

    private State newState() {
        return new State();
    }

    public void setColors(boolean colors) {
        this.colors = colors;
    }

    public boolean isColors() {
        return colors;
    }

    public void setTimestampDigits(int digits) {
        new Timestamps(digits);
        this.timestampDigits = digits;
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        JsonBuffer buffer = state.get().buffer;
        buffer.reset();
        encodeTo(event, buffer);
        return buffer.toByteArray();
    }

    @Override
    public void encodeTo(ILoggingEvent event, JsonBuffer out) {
        State s = state.get();
        if (colors) {
            out.writeAscii(DIM);
        }
        long millis = event.getTimeStamp();
        int nanos = event.getNanoseconds();
        if (nanos < 0) {
            nanos = (int) Math.floorMod(millis, 1000L) * 1_000_000;
        }
        s.timestamps.write(out, Math.floorDiv(millis, 1000L), nanos);
        if (colors) {
            out.writeAscii(RESET);
        }
        out.writeAscii(" [");
        int level = JsonLineEncoder.levelIndex(event);
        String levelName = JsonLineEncoder.levelName(event);
        if (colors) {
            out.writeAscii(LEVEL_COLORS[level]);
        }
        out.writeAscii(levelName);
        out.repeat(' ', LEVEL_WIDTH - levelName.length());
        if (colors) {
            out.writeAscii(RESET);
        }
        out.writeAscii("] ");
        if (colors) {
            out.writeAscii(BRIGHT);
        }
        writeText(out, JsonLineEncoder.safeMessage(event));
        if (colors) {
            out.writeAscii(RESET);
        }

        List<String[]> fields = s.fields;
        fields.clear();
        collectFields(event, fields);
        fields.sort((a, b) -> a[0].compareTo(b[0]));
        for (int i = 0; i < fields.size(); i++) {
            out.writeAscii(i == 0 ? "  " : " ");
            String[] f = fields.get(i);
            if (colors) {
                out.writeAscii(CYAN);
            }
            writeText(out, f[0]);
            if (colors) {
                out.writeAscii(RESET);
            }
            out.writeByte('=');
            if (colors) {
                out.writeAscii(MAGENTA);
            }
            writeText(out, f[1]);
            if (colors) {
                out.writeAscii(RESET);
            }
        }
        fields.clear();
        out.writeByte('\n');
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            writeText(out, ThrowableProxyUtil.asString(thrown));
            out.writeAscii(CoreConstants.LINE_SEPARATOR);
        }
    }

    private static void collectFields(ILoggingEvent event, List<String[]> fields) {
        fields.add(new String[] {"logger", String.valueOf(event.getLoggerName())});
        List<KeyValuePair> kvs = event.getKeyValuePairs();
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null) {
            TypedContext.Frame frame = TypedContext.current();
            for (Map.Entry<String, String> e : mdc.entrySet()) {
                if (e.getKey() == null || hasKey(kvs, e.getKey())) {
                    continue;
                }
                String value = e.getValue();
                if (frame != null) {
                    int i = frame.indexOf(e.getKey());
                    if (i >= 0 && frame.string(i) == value) {
                        value = render(frame.value(i));
                    }
                }
                fields.add(new String[] {e.getKey(), String.valueOf(value)});
            }
        }
        if (kvs != null) {
            for (KeyValuePair kv : kvs) {
                if (kv == null || kv.key == null) {
                    continue;
                }
                fields.removeIf(f -> f[0].equals(kv.key));
                fields.add(new String[] {kv.key, render(kv.value)});
            }
        }
    }

    private static boolean hasKey(List<KeyValuePair> kvs, String key) {
        if (kvs == null) {
            return false;
        }
        for (KeyValuePair kv : kvs) {
            if (kv != null && key.equals(kv.key)) {
                return true;
            }
        }
        return false;
    }

    /** Strings as they are, everything else as its JSON rendering (structlog uses repr()). */
    private static String render(Object value) {
        if (value instanceof String) {
            return (String) value;
        }
        JsonBuffer b = new JsonBuffer(64);
        JsonValues.write(b, value);
        return b.toString();
    }

    /** Writes text as UTF-8 but with control characters (other than tab/newline) made visible. */
    private static void writeText(JsonBuffer out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                out.writeAscii(String.format("\\x%02x", (int) c));
                continue;
            }
            if (c < 0x80) {
                out.writeByte(c);
            } else {
                int end = i + 1;
                while (end < s.length() && s.charAt(end) >= 0x80) {
                    end++;
                }
                out.writeRaw(s.substring(i, end).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
    }
}
