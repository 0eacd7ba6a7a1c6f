package dev.plg.agent.eval;

/** An evaluation failure without a place; the evaluator attaches file/line/column. */
public final class EvalException extends RuntimeException {
    public EvalException(String message) {
        super(message);
    }
}
