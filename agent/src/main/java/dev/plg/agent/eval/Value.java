package dev.plg.agent.eval;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values of the Alloy config language. Numbers keep whether they are integral (Alloy's int64/uint64)
 * or floating (float64); they compare numerically ({@code 3 == 3.0}). Capsules wrap runtime objects
 * such as log receivers and relabel rules.
 */
public sealed interface Value permits Value.Null, Value.Bool, Value.Num, Value.Str, Value.Array, Value.Obj, Value.Func,
        Value.Capsule {

    /** Alloy's type name, as printed in "expected X, got Y". */
    String typeName();

    Null NULL = new Null();

    static Str of(String s) {
        return new Str(s);
    }

    static Num of(long l) {
        return new Num(l, l, true);
    }

    static Num of(double d) {
        return new Num(d, (long) d, false);
    }

    static Bool of(boolean b) {
        return b ? Bool.TRUE : Bool.FALSE;
    }

    record Null() implements Value {
        public String typeName() {
            return "null";
        }
    }

    record Bool(boolean value) implements Value {
        static final Bool TRUE = new Bool(true);
        static final Bool FALSE = new Bool(false);

        public String typeName() {
            return "bool";
        }
    }

    /** A number; {@code integral} numbers use {@code longValue}, others {@code doubleValue}. */
    record Num(double doubleValue, long longValue, boolean integral) implements Value {
        public String typeName() {
            return "number";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Num n && (integral && n.integral ? longValue == n.longValue : doubleValue == n.doubleValue);
        }

        @Override
        public int hashCode() {
            return Double.hashCode(doubleValue);
        }

        /** Text used when a number is converted to a string. */
        public String text() {
            if (integral) {
                return Long.toString(longValue);
            }
            if (doubleValue == Math.rint(doubleValue) && Math.abs(doubleValue) < 1e21) {
                return Long.toString((long) doubleValue);
            }
            return new BigDecimal(Double.toString(doubleValue)).stripTrailingZeros().toPlainString();
        }
    }

    record Str(String value) implements Value {
        public Str {
            requireNonNull(value, "value is null");
        }

        public String typeName() {
            return "string";
        }
    }

    record Array(List<Value> elements) implements Value {
        public Array {
            elements = Collections.unmodifiableList(new ArrayList<>(elements));
        }

        public String typeName() {
            return "array";
        }
    }

    /** An object; key order is insertion order. */
    record Obj(Map<String, Value> fields) implements Value {
        public Obj {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        public String typeName() {
            return "object";
        }
    }

    /** A standard-library function. */
    record Func(String name, Function impl) implements Value {
        public String typeName() {
            return "function";
        }
    }

    /** A runtime object exported by a component (log receiver, relabel rules, secret). */
    record Capsule(String capsuleType, Object value) implements Value {
        public Capsule {
            requireNonNull(capsuleType, "capsuleType is null");
            requireNonNull(value, "value is null");
        }

        public String typeName() {
            return "capsule(\"" + capsuleType + "\")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Capsule c && c.value == value;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(value);
        }
    }

    @FunctionalInterface
    interface Function {
        Value call(List<Value> args);
    }
}
