package dev.plg.agent.model;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The agent's own logger, shaped like Alloy's: {@code ts=… level=… msg="…" key=value …} in logfmt
 * (or JSON when the {@code logging} block says {@code format = "json"}), written to stderr and
 * optionally teed into {@code logging.write_to} receivers. Thread-safe.
 */
public final class AgentLog {
    public enum Level { DEBUG, INFO, WARN, ERROR }

    private volatile Level level = Level.INFO;
    private volatile boolean json;
    private volatile PrintStream out = System.err;
    private final List<LogsReceiver> writeTo = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Boolean> inTee = ThreadLocal.withInitial(() -> false);

    public void configure(Level level, boolean json, List<LogsReceiver> writeTo) {
        this.level = level;
        this.json = json;
        this.writeTo.clear();
        this.writeTo.addAll(writeTo);
    }

    public void setOutput(PrintStream out) {
        this.out = out;
    }

    public boolean enabled(Level l) {
        return l.ordinal() >= level.ordinal();
    }

    public void debug(String msg, Object... kv) {
        log(Level.DEBUG, msg, kv);
    }

    public void info(String msg, Object... kv) {
        log(Level.INFO, msg, kv);
    }

    public void warn(String msg, Object... kv) {
        log(Level.WARN, msg, kv);
    }

    public void error(String msg, Object... kv) {
        log(Level.ERROR, msg, kv);
    }

    public void log(Level l, String msg, Object... kv) {
        if (!enabled(l)) {
            return;
        }
        long now = System.currentTimeMillis();
        StringBuilder sb = new StringBuilder(128);
        String lv = l.name().toLowerCase(Locale.ROOT);
        if (json) {
            sb.append("{\"ts\":\"").append(Instant.ofEpochMilli(now)).append("\",\"level\":\"").append(lv).append("\",\"msg\":");
            jsonQuote(sb, msg);
            for (int i = 0; i + 1 < kv.length; i += 2) {
                sb.append(',');
                jsonQuote(sb, String.valueOf(kv[i]));
                sb.append(':');
                jsonQuote(sb, String.valueOf(kv[i + 1]));
            }
            sb.append('}');
        } else {
            sb.append("ts=").append(Instant.ofEpochMilli(now)).append(" level=").append(lv).append(" msg=");
            logfmtValue(sb, msg);
            for (int i = 0; i + 1 < kv.length; i += 2) {
                sb.append(' ').append(kv[i]).append('=');
                logfmtValue(sb, String.valueOf(kv[i + 1]));
            }
        }
        String line = sb.toString();
        out.println(line);
        if (!writeTo.isEmpty() && !inTee.get()) {
            inTee.set(true);
            try {
                LogEntry e = new LogEntry(Labels.EMPTY, now * 1_000_000L, line, Ack.NONE);
                LogsReceiver.fanOut(writeTo, List.of(e));
            } catch (RuntimeException ignored) {
                // never let the tee break the logger
            } finally {
                inTee.set(false);
            }
        }
    }

    private static void logfmtValue(StringBuilder sb, String v) {
        boolean needQuote = v.isEmpty();
        for (int i = 0; i < v.length() && !needQuote; i++) {
            char c = v.charAt(i);
            needQuote = c <= ' ' || c == '"' || c == '=' || c == '\\';
        }
        if (needQuote) {
            Labels.quote(sb, v);
        } else {
            sb.append(v);
        }
    }

    private static void jsonQuote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
