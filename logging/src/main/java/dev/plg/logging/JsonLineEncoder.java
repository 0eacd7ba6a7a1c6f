package dev.plg.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.plg.logging.internal.JsonBuffer;
import dev.plg.logging.internal.JsonValues;
import dev.plg.logging.internal.LineEncoder;
import dev.plg.logging.internal.PerThread;
import dev.plg.logging.internal.StringCache;
import dev.plg.logging.internal.Timestamps;
import dev.plg.logging.internal.TypedContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * Logback encoder writing one JSON object per line in the seed's structlog schema:
 *
 * <pre>{"timestamp":"2026-02-27T12:00:00Z","level":"error","logger":"auth","event":"계정 잠김","request_id":"req-abc-123",...}</pre>
 *
 * <p>Field order: {@code timestamp} (ISO 8601 UTC, {@code Z}), {@code level} (lowercase Python
 * names: trace, debug, info, warning, error, critical — critical is an ERROR event carrying the
 * {@link PlgLogging#CRITICAL} marker), {@code logger}, {@code event} (the formatted message), then
 * bound context (MDC; values bound through {@link PlgLogging#bind} keep their JSON type), then the
 * event's SLF4J 2 key-values with their JSON types, then {@code exception} shaped like structlog's
 * {@code dict_tracebacks}: a list of stacks, outermost first, each
 * {@code {"exc_type","exc_value","is_cause","frames":[{"filename","lineno","name"}]}}.
 *
 * <p>A key-value pair overrides a context field of the same name (structlog: call arguments
 * override bound context); a field named like one of the four fixed fields is written with a
 * leading underscore. Thread-safe; each thread reuses its own buffer.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> implements LineEncoder {
    /** structlog/Rich's default: enough frames to find the failing call without megabyte lines. */
    static final int DEFAULT_MAX_FRAMES = 50;
    /** Causes followed before giving up (a cause chain this long is a bug in the app). */
    private static final int MAX_CAUSES = 16;

    private static final String[] LEVEL_NAMES = {"trace", "debug", "info", "warning", "error", "critical"};

    private boolean pythonSpacing;
    private int timestampDigits = 6;
    private int maxFrames = DEFAULT_MAX_FRAMES;

    // Pre-encoded fragments; rebuilt by start() if the spacing changes.
    private byte[] tsOpen;
    private byte[] levelOpen;
    private byte[][] levelValues;
    private byte[] loggerOpen;
    private byte[] eventOpen;
    private byte[] comma;
    private byte[] colon;
    private byte[] excTypeOpen;
    private byte[] excValueOpen;
    private byte[] isCauseTrue;
    private byte[] isCauseFalse;
    private byte[] filenameOpen;
    private byte[] linenoOpen;
    private byte[] nameOpen;

    private final PerThread<State> state = new PerThread<>(this::newState);

    public JsonLineEncoder() {
        buildFragments();
    }

    private final class State {
        final JsonBuffer buffer = new JsonBuffer();
        final Timestamps timestamps = new Timestamps(timestampDigits);
        final StringCache names = new StringCache();
    }

    private State newState() {
        return new State();
    }

    /**
     * Writes {@code ", "} and {@code ": "} between fields like Python's {@code json.dumps}
     * (byte-identical to the seed's sample line); default compact.
     */
    public void setPythonSpacing(boolean pythonSpacing) {
        this.pythonSpacing = pythonSpacing;
        buildFragments();
    }

    /** Fraction digits of {@code timestamp}: 0, 3, 6 (default, as structlog) or 9. */
    public void setTimestampDigits(int digits) {
        new Timestamps(digits); // validates
        this.timestampDigits = digits;
    }

    /** Frames written per exception in the chain; the rest are counted in {@code frames_omitted}. */
    public void setMaxFrames(int maxFrames) {
        if (maxFrames < 0) {
            throw new IllegalArgumentException("maxFrames must be >= 0, got " + maxFrames);
        }
        this.maxFrames = maxFrames;
    }

    private void buildFragments() {
        String c = pythonSpacing ? ", " : ",";
        String k = pythonSpacing ? ": " : ":";
        comma = ascii(c);
        colon = ascii(k);
        tsOpen = ascii("{\"timestamp\"" + k + "\"");
        levelOpen = ascii("\"" + c + "\"level\"" + k);
        levelValues = new byte[LEVEL_NAMES.length][];
        for (int i = 0; i < LEVEL_NAMES.length; i++) {
            levelValues[i] = ascii("\"" + LEVEL_NAMES[i] + "\"");
        }
        loggerOpen = ascii(c + "\"logger\"" + k);
        eventOpen = ascii(c + "\"event\"" + k);
        excTypeOpen = ascii("{\"exc_type\"" + k);
        excValueOpen = ascii(c + "\"exc_value\"" + k);
        isCauseTrue = ascii(c + "\"is_cause\"" + k + "true" + c + "\"frames\"" + k + "[");
        isCauseFalse = ascii(c + "\"is_cause\"" + k + "false" + c + "\"frames\"" + k + "[");
        filenameOpen = ascii("{\"filename\"" + k);
        linenoOpen = ascii(c + "\"lineno\"" + k);
        nameOpen = ascii(c + "\"name\"" + k + "\"");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    /** Returns a fresh array holding one line; prefer {@link #encodeTo} on hot paths. */
    @Override
    public byte[] encode(ILoggingEvent event) {
        State s = state.acquire();
        try {
            JsonBuffer buffer = s.buffer;
            buffer.reset();
            encode(event, buffer, s);
            return buffer.toByteArray();
        } finally {
            state.release(s);
        }
    }

    /**
     * Encodes into a reusable buffer and hands it to {@code sink}; the bytes are valid only during
     * the call. This is the appender's path: no per-line array.
     */
    @Override
    public void encode(ILoggingEvent event, LineEncoder.Sink sink) {
        State s = state.acquire();
        try {
            JsonBuffer buffer = s.buffer;
            buffer.reset();
            encode(event, buffer, s);
            sink.write(buffer.array(), buffer.length());
        } finally {
            state.release(s);
        }
    }

    @Override
    public void encodeTo(ILoggingEvent event, JsonBuffer out) {
        State s = state.acquire();
        try {
            encode(event, out, s);
        } finally {
            state.release(s);
        }
    }

    private void encode(ILoggingEvent event, JsonBuffer out, State s) {
        StringCache names = s.names;
        out.writeRaw(tsOpen);
        long millis = event.getTimeStamp();
        int nanos = event.getNanoseconds();
        if (nanos < 0) {
            nanos = (int) Math.floorMod(millis, 1000L) * 1_000_000;
        }
        s.timestamps.write(out, Math.floorDiv(millis, 1000L), nanos);
        out.writeRaw(levelOpen);
        out.writeRaw(levelValues[levelIndex(event)]);
        out.writeRaw(loggerOpen);
        names.writeString(out, nullToEmpty(event.getLoggerName()));
        out.writeRaw(eventOpen);
        String message = safeMessage(event);
        out.writeString(message);

        List<KeyValuePair> kvs = event.getKeyValuePairs();
        writeContext(out, event, kvs, names);
        if (kvs != null) {
            int n = kvs.size();
            for (int i = 0; i < n; i++) {
                KeyValuePair kv = kvs.get(i);
                if (kv == null || kv.key == null || laterKeyEquals(kvs, i, kv.key)) {
                    continue;
                }
                writeKey(out, kv.key, names);
                JsonValues.write(out, kv.value);
            }
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            writeKey(out, "exception", names);
            out.writeByte('[');
            writeStacks(out, thrown, names);
            out.writeByte(']');
        }
        out.writeByte('}');
        out.writeByte('\n');
    }

    private void writeContext(JsonBuffer out, ILoggingEvent event, List<KeyValuePair> kvs, StringCache names) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc == null || mdc.isEmpty()) {
            return;
        }
        TypedContext.Frame frame = TypedContext.current();
        int typed = 0;
        if (frame != null) {
            // Bound fields first, in bind order, with their JSON types when the MDC still holds our string.
            for (int i = 0; i < frame.size(); i++) {
                String key = frame.key(i);
                String inMdc = mdc.get(key);
                if (inMdc != frame.string(i) || (inMdc == null && !mdc.containsKey(key))) {
                    continue;
                }
                typed++;
                if (containsKey(kvs, key)) {
                    continue;
                }
                writeKey(out, key, names);
                JsonValues.write(out, frame.value(i));
            }
        }
        for (Map.Entry<String, String> e : mdc.entrySet()) {
            String key = e.getKey();
            if (key == null) {
                continue;
            }
            if (typed > 0) {
                int i = frame.indexOf(key);
                if (i >= 0 && frame.string(i) == e.getValue()) {
                    continue;
                }
            }
            if (containsKey(kvs, key)) {
                continue;
            }
            writeKey(out, key, names);
            String v = e.getValue();
            if (v == null) {
                out.writeAscii("null");
            } else {
                out.writeString(v);
            }
        }
    }

    private static boolean containsKey(List<KeyValuePair> kvs, String key) {
        if (kvs == null) {
            return false;
        }
        for (int i = 0, n = kvs.size(); i < n; i++) {
            KeyValuePair kv = kvs.get(i);
            if (kv != null && key.equals(kv.key)) {
                return true;
            }
        }
        return false;
    }

    private static boolean laterKeyEquals(List<KeyValuePair> kvs, int i, String key) {
        for (int j = i + 1, n = kvs.size(); j < n; j++) {
            KeyValuePair kv = kvs.get(j);
            if (kv != null && key.equals(kv.key)) {
                return true;
            }
        }
        return false;
    }

    private void writeKey(JsonBuffer out, String key, StringCache names) {
        out.writeRaw(comma);
        if (isReserved(key)) {
            out.writeByte('"');
            out.writeByte('_');
            out.writeStringContent(key);
            out.writeByte('"');
        } else {
            names.writeString(out, key);
        }
        out.writeRaw(colon);
    }

    static boolean isReserved(String key) {
        switch (key.length()) {
            case 5:
                return key.equals("level") || key.equals("event");
            case 6:
                return key.equals("logger");
            case 9:
                return key.equals("timestamp");
            default:
                return false;
        }
    }

    private void writeStacks(JsonBuffer out, IThrowableProxy top, StringCache names) {
        IThrowableProxy p = top;
        for (int depth = 0; p != null && depth < MAX_CAUSES; depth++) {
            if (depth > 0) {
                out.writeRaw(comma);
            }
            writeStack(out, p, depth > 0, 0, names);
            if (p.isCyclic()) {
                break;
            }
            p = p.getCause();
        }
    }

    private void writeStack(JsonBuffer out, IThrowableProxy p, boolean isCause, int nesting, StringCache names) {
        out.writeRaw(excTypeOpen);
        names.writeString(out, nullToEmpty(p.getClassName()));
        out.writeRaw(excValueOpen);
        out.writeString(nullToEmpty(p.getMessage()));
        out.writeRaw(isCause ? isCauseTrue : isCauseFalse);
        StackTraceElementProxy[] frames = p.getStackTraceElementProxyArray();
        int total = frames == null ? 0 : frames.length;
        // Frames shared with the enclosing exception are counted, not repeated (as Java's "... n more");
        // a cause always keeps its top frame, which says where it was thrown.
        int own = Math.max(Math.min(1, total), total - Math.max(0, p.getCommonFrames()));
        int written = Math.min(own, maxFrames);
        for (int i = 0; i < written; i++) {
            if (i > 0) {
                out.writeRaw(comma);
            }
            StackTraceElement ste = frames[i].getStackTraceElement();
            out.writeRaw(filenameOpen);
            String fileName = ste.getFileName();
            if (fileName == null) {
                out.writeAscii("null");
            } else {
                names.writeString(out, fileName);
            }
            out.writeRaw(linenoOpen);
            out.writeLong(ste.getLineNumber());
            out.writeRaw(nameOpen);
            names.writeContent(out, ste.getClassName());
            out.writeByte('.');
            names.writeContent(out, ste.getMethodName());
            out.writeByte('"');
            out.writeByte('}');
        }
        out.writeByte(']');
        if (total > written) {
            out.writeRaw(comma);
            out.writeString("frames_omitted");
            out.writeRaw(colon);
            out.writeLong(total - written);
        }
        IThrowableProxy[] suppressed = p.getSuppressed();
        if (suppressed != null && suppressed.length > 0 && nesting < 2) {
            out.writeRaw(comma);
            out.writeString("suppressed");
            out.writeRaw(colon);
            out.writeByte('[');
            for (int i = 0; i < suppressed.length; i++) {
                if (i > 0) {
                    out.writeRaw(comma);
                }
                writeStack(out, suppressed[i], false, nesting + 1, names);
            }
            out.writeByte(']');
        }
        out.writeByte('}');
    }

    static int levelIndex(ILoggingEvent event) {
        Level level = event.getLevel();
        switch (level.toInt()) {
            case Level.TRACE_INT:
                return 0;
            case Level.DEBUG_INT:
                return 1;
            case Level.INFO_INT:
                return 2;
            case Level.WARN_INT:
                return 3;
            default:
                return isCritical(event) ? 5 : 4;
        }
    }

    static boolean isCritical(ILoggingEvent event) {
        List<Marker> markers = event.getMarkerList();
        if (markers == null) {
            return false;
        }
        for (int i = 0, n = markers.size(); i < n; i++) {
            Marker m = markers.get(i);
            if (m != null && (m == PlgLogging.CRITICAL || PlgLogging.CRITICAL_NAME.equals(m.getName())
                    || m.contains(PlgLogging.CRITICAL_NAME))) {
                return true;
            }
        }
        return false;
    }

    static String levelName(ILoggingEvent event) {
        return LEVEL_NAMES[levelIndex(event)];
    }

    static String safeMessage(ILoggingEvent event) {
        try {
            String m = event.getFormattedMessage();
            return m == null ? "" : m;
        } catch (RuntimeException e) {
            return String.valueOf(event.getMessage());
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
