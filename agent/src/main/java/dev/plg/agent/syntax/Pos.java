package dev.plg.agent.syntax;

/** A place in a config file: 1-based line and column (column counts UTF-8 bytes, as Go's scanner does). */
public record Pos(int line, int col) {
    public static final Pos NONE = new Pos(0, 0);

    @Override
    public String toString() {
        return line + ":" + col;
    }
}
