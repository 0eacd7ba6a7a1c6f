package dev.plg.template;

/**
 * A template that fails to parse or to execute. The message is Go's, e.g.
 * {@code template: line:1: function "nope" not defined} or
 * {@code template: line:1:3: executing "line" at <div 1 0>: error calling div: runtime error: integer divide by zero}.
 */
public final class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }
}
