package dev.plg.query;

import dev.plg.logql.ast.Expr;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** Calls the logql module's parser, {@code dev.plg.logql.LogQL.parse(String)}. */
final class DefaultParser {
    private static final MethodHandle PARSE = find();

    private DefaultParser() {
    }

    private static MethodHandle find() {
        try {
            Class<?> c = Class.forName("dev.plg.logql.LogQL");
            return MethodHandles.publicLookup().findStatic(c, "parse", MethodType.methodType(Expr.class, String.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    static Expr parse(String query) {
        if (PARSE == null) {
            throw QueryException.internal("the LogQL parser is not available");
        }
        try {
            return (Expr) PARSE.invokeExact(query);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
