package dev.plg.logql.pipeline;

/**
 * A line held as a template (literal parts with holes between them) and one value per hole, as a
 * column store keeps JSON lines: the line is {@code literal(0) hole(0) literal(1) ... literal(holeCount())}.
 * A {@code json} stage learns each template's labels once and then fills in the hole values, so
 * the line need not be rebuilt or parsed; it is rebuilt ({@link #lineBytes()}) only when a stage
 * needs it. Supplied by the query engine, adapting its store; owned by the caller, valid for one
 * {@code process} call.
 */
public interface TemplatedLine {
    /**
     * Identifies the current line's template: the same object for the lines of one template while
     * the same source supplies them; never equal to another template's key.
     */
    Object templateKey();

    int holeCount();

    /** Literal part {@code k} (0..holeCount()): the bytes before hole {@code k}. Not to be changed. */
    byte[] literal(int k);

    /** Hole {@code k}'s value bytes: {@code holeBytes(k)} from {@link #holeOffset} for {@link #holeLength}. */
    byte[] holeBytes(int k);

    int holeOffset(int k);

    int holeLength(int k);

    /**
     * True when every value of hole {@code k} (in every line of this template key) is a JSON
     * number {@code -?[0-9]+(.[0-9]+)?}, known without reading it; false when unknown.
     */
    boolean holeNumeric(int k);

    /** A dictionary number of hole {@code k}'s value (same template key and code: same bytes), or -1. */
    int holeCode(int k);

    /**
     * Hole {@code k}'s value as Go's {@code strconv.ParseFloat} reads it, when known without
     * rendering the value (a number the source holds as digits and a scale); NaN when not known.
     */
    default double holeDouble(int k) {
        return Double.NaN;
    }

    /** The whole line, rebuilt (UTF-8 bytes from {@link #lineOffset()} for {@link #lineLength()}). */
    byte[] lineBytes();

    int lineOffset();

    int lineLength();
}
