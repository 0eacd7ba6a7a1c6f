package dev.plg.logql.ast;

/** {@code | unwrap label}, {@code | unwrap duration(label)}, {@code duration_seconds(label)}, {@code bytes(label)}. */
public record Unwrap(String label, Conversion conversion) {
    public enum Conversion {
        NONE, DURATION, DURATION_SECONDS, BYTES
    }
}
