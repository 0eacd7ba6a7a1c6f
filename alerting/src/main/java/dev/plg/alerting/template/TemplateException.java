package dev.plg.alerting.template;

/** A template that cannot be parsed or expanded; the message is shaped like Go's text/template errors. */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }
}
