package dev.plg.template;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A compiled Go {@code text/template}: parse once, execute many times from any number of threads (immutable).
 *
 * <p>Syntax and semantics are Go's: text and {@code {{actions}}} with trim markers ({@code {{- -}}}) and comments;
 * fields {@code .a.b} of maps, {@code $} and variables ({@code $x := ...}, {@code $x = ...}); pipelines and
 * parenthesized commands; {@code if/else if/else}, {@code with/else with/else}, {@code range} over lists, maps
 * (sorted keys) and integers with {@code $i, $v :=}, {@code break} and {@code continue}; Go's builtins and the
 * caller's {@link Functions}; Go's truthiness, number printing and error texts. {@code define}, {@code template} and
 * {@code block} are not supported.
 *
 * <p>Data values: {@code null} (nil), String, Boolean, Long/Integer (int), Double (float64), List, Map with String
 * keys; other objects print with {@code toString()}.
 */
public final class Template {
    /**
     * What a field of a map reads as when the key is missing (Go's {@code missingkey} option).
     * {@link #INVALID} (Go's default) yields no value, printed as {@code <no value>}; {@link #ZERO} yields
     * {@link Options#zero()} (the zero value of the map's element type, {@code ""} for Go's
     * {@code map[string]string}); {@link #ERROR} fails the execution.
     */
    public enum MissingKey {
        INVALID, ZERO, ERROR
    }

    /**
     * Execution options: the missing-key policy and the zero value of map elements (what {@code index} of a
     * missing key returns, and a missing field under {@link MissingKey#ZERO}).
     */
    public record Options(MissingKey missingKey, Object zero) {
        /** Go's defaults over {@code map[string]interface{}} data. */
        public static final Options DEFAULT = new Options(MissingKey.INVALID, null);

        public Options {
            requireNonNull(missingKey, "missingKey is null");
        }
    }

    private final String name;
    private final String text;
    private final Options options;
    private final Node[] root;

    private Template(String name, String text, Options options, Node[] root) {
        this.name = name;
        this.text = text;
        this.options = options;
        this.root = root;
    }

    /** Parses {@code text} with Go's default options; fails with Go's message, e.g. {@code template: x:1: unclosed action}. */
    public static Template parse(String name, String text, Functions functions) {
        return parse(name, text, functions, Options.DEFAULT);
    }

    /** Parses {@code text}; every function it calls must be in {@code functions} or a Go builtin. */
    public static Template parse(String name, String text, Functions functions, Options options) {
        requireNonNull(name, "name is null");
        requireNonNull(text, "text is null");
        requireNonNull(functions, "functions is null");
        requireNonNull(options, "options is null");
        return new Template(name, text, options, Parser.parse(name, text, functions, List.of()));
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    public Options options() {
        return options;
    }

    /** Executes with {@code data} as dot and {@code $}; fails with a {@link TemplateException} in Go's words. */
    public String execute(Object data) {
        return execute(data, null);
    }

    /** Executes; {@code env} is handed to every function call (e.g. the current log line for {@code __line__}). */
    public String execute(Object data, Object env) {
        StringBuilder sb = new StringBuilder(text.length() + 32);
        execute(data, env, sb);
        return sb.toString();
    }

    /** Executes, appending to {@code out}; on failure {@code out} holds the output written before the error. */
    public void execute(Object data, Object env, StringBuilder out) {
        new Exec(this, env, out).run(data, root);
    }

    /** True if the template is only text (no actions): its output is always {@link #text()} minus trimmed space. */
    public boolean isConstant() {
        for (Node n : root) {
            if (!(n instanceof Node.Text)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Template[" + name + ": " + text + "]";
    }
}
