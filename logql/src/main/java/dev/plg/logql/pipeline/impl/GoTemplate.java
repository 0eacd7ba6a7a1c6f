package dev.plg.logql.pipeline.impl;

import java.util.Map;

/** Placeholder until the template engine lands. */
final class GoTemplate {
    static final class ExecException extends Exception {
        ExecException(String m) {
            super(m);
        }
    }

    private final String text;

    private GoTemplate(String text) {
        this.text = text;
    }

    static GoTemplate parse(String name, String text) {
        return new GoTemplate(text);
    }

    String execute(Map<String, String> data, String line, long ts) throws ExecException {
        return text;
    }
}
