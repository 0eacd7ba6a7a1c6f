package dev.plg.template;

import java.util.List;
import java.util.Map;

/**
 * Go semantics of template values, for the engine and for function writers: truthiness ({@code if}),
 * comparison ({@code eq lt ...}) and spf13/cast's conversions that sprig functions apply to their arguments.
 */
public final class Values {
    private Values() {
    }

    /** Go's {@code template.IsTrue}: false for nil, false, 0, and empty strings, lists and maps. */
    public static boolean truth(Object v) {
        return switch (v) {
            case null -> false;
            case Boolean b -> b;
            case String s -> !s.isEmpty();
            case Long l -> l != 0;
            case Integer i -> i != 0;
            case Double d -> d != 0;
            case Float f -> f != 0;
            case Number n -> n.doubleValue() != 0;
            case List<?> l -> !l.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            case Object[] a -> a.length > 0;
            default -> true;
        };
    }

    static boolean isInt(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
    }

    static boolean isFloat(Object v) {
        return v instanceof Double || v instanceof Float;
    }

    /** Go's basic kind for comparisons: 'b'ool, 'i'nt, 'f'loat, 's'tring, or 0 for anything else. */
    private static char kind(Object v) {
        if (v instanceof String) {
            return 's';
        }
        if (isInt(v)) {
            return 'i';
        }
        if (isFloat(v)) {
            return 'f';
        }
        if (v instanceof Boolean) {
            return 'b';
        }
        return 0;
    }

    /** Go's builtin {@code eq arg1 arg2...}: true if arg1 equals any of the others. */
    public static boolean eq(Object a, Object[] others) {
        Object[] all = new Object[others.length + 1];
        all[0] = a;
        System.arraycopy(others, 0, all, 1, others.length);
        return eq(all, 1);
    }

    /** {@code eq args[0] args[from...]}. */
    static boolean eq(Object[] args, int from) {
        if (args.length <= from) {
            throw new FunctionException("missing argument for comparison");
        }
        Object a = args[0];
        char k1 = kind(a);
        for (int i = from; i < args.length; i++) {
            Object b = args[i];
            char k2 = kind(b);
            boolean truth;
            if (k1 != k2) {
                if (a != null && b != null) {
                    throw new FunctionException("incompatible types for comparison");
                }
                truth = false;
            } else {
                truth = switch (k1) {
                    case 'b', 's' -> a.equals(b);
                    case 'i' -> ((Number) a).longValue() == ((Number) b).longValue();
                    case 'f' -> ((Number) a).doubleValue() == ((Number) b).doubleValue();
                    default -> {
                        if (a == null || b == null) {
                            yield a == b;
                        }
                        if (a instanceof List<?> || a instanceof Map<?, ?> || b instanceof List<?> || b instanceof Map<?, ?>) {
                            throw new FunctionException("non-comparable type " + GoFmt.toString(a) + ": " + GoFmt.typeName(a));
                        }
                        yield a.equals(b);
                    }
                };
            }
            if (truth) {
                return true;
            }
        }
        return false;
    }

    /** Go's builtin {@code lt}. */
    public static boolean lt(Object a, Object b) {
        char k1 = kind(a);
        char k2 = kind(b);
        if (k1 == 0 || k2 == 0) {
            throw new FunctionException("invalid type for comparison");
        }
        if (k1 != k2) {
            throw new FunctionException("incompatible types for comparison");
        }
        return switch (k1) {
            case 'i' -> ((Number) a).longValue() < ((Number) b).longValue();
            case 'f' -> ((Number) a).doubleValue() < ((Number) b).doubleValue();
            case 's' -> ((String) a).compareTo((String) b) < 0;
            default -> throw new FunctionException("invalid type for comparison");
        };
    }

    /** Go's builtin {@code le}: lt or eq. */
    public static boolean le(Object a, Object b) {
        return lt(a, b) || eq(new Object[] {a, b}, 1);
    }

    // ------------------------------------------------------------------ spf13/cast, as sprig uses it

    /** spf13/cast {@code ToString}: nil is empty, numbers and booleans print as Go prints them. */
    public static String str(Object v) {
        return switch (v) {
            case null -> "";
            case String s -> s;
            default -> GoFmt.toString(v);
        };
    }

    /** spf13/cast {@code ToInt64}: strings parse with Go's base prefixes, floats truncate, failures are 0. */
    public static long toInt64(Object v) {
        return switch (v) {
            case null -> 0;
            case Long l -> l;
            case Integer i -> i;
            case Double d -> (long) (double) d;
            case Float f -> (long) (float) f;
            case Number n -> n.longValue();
            case Boolean b -> b ? 1 : 0;
            case String s -> {
                String t = s.strip();
                if (t.endsWith(".0")) {
                    t = t.substring(0, t.length() - 2);
                }
                Long l = GoFmt.parseInt(t);
                yield l == null ? 0 : l;
            }
            default -> 0;
        };
    }

    /** spf13/cast {@code ToFloat64}: strings parse as Go's {@code ParseFloat}, failures are 0. */
    public static double toFloat64(Object v) {
        return switch (v) {
            case null -> 0;
            case Number n -> n.doubleValue();
            case Boolean b -> b ? 1 : 0;
            case String s -> {
                Double d = GoFmt.parseFloat(s.strip());
                yield d == null ? 0 : d;
            }
            default -> 0;
        };
    }

    /** sprig's {@code empty}: nil, false, zero numbers and empty strings/lists/maps. */
    public static boolean empty(Object v) {
        return !truth(v);
    }
}
