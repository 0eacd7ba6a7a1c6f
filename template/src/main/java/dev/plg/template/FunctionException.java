package dev.plg.template;

/**
 * Thrown by a template function to fail the execution; the engine reports it as Go does:
 * {@code ... executing "name" at <fn args>: error calling fn: <message>}.
 */
public final class FunctionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FunctionException(String message) {
        super(message, null, false, false);
    }
}
