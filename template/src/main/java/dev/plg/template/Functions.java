package dev.plg.template;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable registry of template functions (Go's {@code template.FuncMap}): name, parameter types and the
 * Java implementation. Go's builtins ({@code and or not len index slice print printf println html js urlquery
 * eq ne lt le gt ge}) are always available and may be overridden by a registered function of the same name.
 * Parameter types make the engine convert and check arguments as Go's reflection does ({@code wrong type for
 * value; expected string; got int}); {@link Type#ANY} passes the value as is.
 */
public final class Functions {
    /** A parameter type: the Go type a function declares. */
    public enum Type {
        /** {@code interface{}}: any value, including nil. */
        ANY("interface {}"),
        /** {@code string}: a String. */
        STRING("string"),
        /** {@code int}: a Long (untyped integer constants convert). */
        INT("int"),
        /** {@code float64}: a Double (untyped numeric constants convert). */
        FLOAT64("float64"),
        /** {@code bool}: a Boolean. */
        BOOL("bool");

        private final String goName;

        Type(String goName) {
            this.goName = goName;
        }

        /** The Go spelling used in error texts. */
        public String goName() {
            return goName;
        }
    }

    /**
     * A function body. {@code env} is the per-execution environment given to
     * {@link Template#execute(Object, Object)} (e.g. the current log line); {@code args} are already converted
     * to the declared types. Fail with {@link FunctionException} (or any runtime exception) to make the template
     * fail with {@code error calling <name>: <message>}.
     */
    @FunctionalInterface
    public interface Fn {
        Object call(Object env, Object[] args);
    }

    /** One registered function; with {@code variadic}, the last parameter type repeats (zero or more times). */
    public record Def(String name, List<Type> params, boolean variadic, Fn fn) {
        public Def {
            requireNonNull(name, "name is null");
            if (name.isEmpty() || !Character.isLetter(name.codePointAt(0)) && name.charAt(0) != '_'
                    || !name.chars().allMatch(c -> c == '_' || Character.isLetterOrDigit(c))) {
                throw new IllegalArgumentException("function name " + GoFmt.quote(name) + " is not a valid identifier");
            }
            params = List.copyOf(requireNonNull(params, "params is null"));
            requireNonNull(fn, "fn is null");
            if (variadic && params.isEmpty()) {
                throw new IllegalArgumentException("variadic function " + name + " needs at least one parameter type");
            }
        }

        /** Number of parameters that must always be given. */
        int fixed() {
            return variadic ? params.size() - 1 : params.size();
        }

        /** The declared type of argument {@code i}. */
        Type type(int i) {
            return i < params.size() - (variadic ? 1 : 0) ? params.get(i) : params.get(params.size() - 1);
        }
    }

    private static final Functions EMPTY = new Functions(Map.of());

    private final Map<String, Def> defs;

    private Functions(Map<String, Def> defs) {
        this.defs = defs;
    }

    /** No functions beyond Go's builtins. */
    public static Functions empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting with these functions. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.defs.putAll(defs);
        return b;
    }

    /** The registered function, else the Go builtin of that name, else {@code null}. */
    public Def lookup(String name) {
        Def d = defs.get(name);
        return d != null ? d : Builtins.get(name);
    }

    /** The registered function of that name, ignoring builtins. */
    Def lookupOwn(String name) {
        return defs.get(name);
    }

    /** Registered names (builtins not included), in registration order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(defs.keySet());
    }

    /** These functions plus {@code other}'s; on a name clash {@code other} wins. */
    public Functions with(Functions other) {
        return toBuilder().addAll(other).build();
    }

    /** Only the named functions (Loki registers a fixed subset of sprig); fails naming an unknown one. */
    public Functions only(String... names) {
        Builder b = new Builder();
        for (String n : names) {
            Def d = defs.get(n);
            if (d == null) {
                throw new IllegalArgumentException("no function " + GoFmt.quote(n) + " to select; have " + defs.keySet());
            }
            b.defs.put(n, d);
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "Functions" + defs.keySet();
    }

    /** Collects functions; later registrations replace earlier ones of the same name. */
    public static final class Builder {
        private final Map<String, Def> defs = new LinkedHashMap<>();

        private Builder() {
        }

        /** A function with exactly these parameter types. */
        public Builder add(String name, Fn fn, Type... params) {
            Def d = new Def(name, Arrays.asList(params), false, fn);
            defs.put(name, d);
            return this;
        }

        /** A function whose last parameter type repeats zero or more times ({@code func(a string, b ...any)}). */
        public Builder addVariadic(String name, Fn fn, Type... params) {
            Def d = new Def(name, Arrays.asList(params), true, fn);
            defs.put(name, d);
            return this;
        }

        public Builder addAll(Functions other) {
            defs.putAll(other.defs);
            return this;
        }

        public Functions build() {
            return new Functions(Collections.unmodifiableMap(new LinkedHashMap<>(defs)));
        }
    }
}
