package dev.plg.agent.syntax;

import static java.util.Objects.requireNonNull;

/**
 * A config error with its place, printed the way Alloy prints diagnostics:
 * {@code <file>:<line>:<col>: <message>}. Raised by the scanner, the parser, the loader
 * (unknown/duplicate components, references, cycles) and argument decoding.
 */
public final class ConfigException extends RuntimeException {
    private final String file;
    private final Pos pos;
    private final String detail;

    public ConfigException(String file, Pos pos, String detail) {
        super(format(file, pos, detail));
        this.file = requireNonNull(file, "file is null");
        this.pos = requireNonNull(pos, "pos is null");
        this.detail = requireNonNull(detail, "detail is null");
    }

    private static String format(String file, Pos pos, String detail) {
        if (pos.line() == 0) {
            return file + ": " + detail;
        }
        return file + ":" + pos.line() + ":" + pos.col() + ": " + detail;
    }

    public String file() {
        return file;
    }

    public Pos pos() {
        return pos;
    }

    /** The message without file and position. */
    public String detail() {
        return detail;
    }
}
