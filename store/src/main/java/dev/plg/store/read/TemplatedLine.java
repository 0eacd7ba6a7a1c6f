package dev.plg.store.read;

/**
 * The current entry's line as a store holds it column-wise: a template (literal parts with holes
 * between them) and one value per hole; the line is the parts and values interleaved,
 * {@code literal(0) hole(0) literal(1) ... literal(holeCount())}. Lets a consumer whose result
 * depends on the template only through its structure (a JSON parser) read values without the line
 * being rebuilt. Owned by the cursor that returned it: valid until its next {@code next()}.
 */
public interface TemplatedLine {
    /**
     * Identifies the template: the same object for every line of that template from one block
     * (lines of other blocks with the same template text may have another key); never equal to
     * another template's key.
     */
    Object templateKey();

    int holeCount();

    /** Literal part {@code k} (0..holeCount()), the bytes before hole {@code k}. Do not change them. */
    byte[] literal(int k);

    /** Hole {@code k}'s value: {@code holeBytes(k)} from {@link #holeOffset} for {@link #holeLength}. */
    byte[] holeBytes(int k);

    int holeOffset(int k);

    int holeLength(int k);

    /**
     * True when every value of hole {@code k} (in every line of this template key) is a JSON
     * number {@code -?[0-9]+(.[0-9]+)?}, known without reading it; false when unknown.
     */
    boolean holeNumeric(int k);

    /**
     * A number for hole {@code k}'s value from its column's dictionary, or -1: two lines of one
     * template key whose hole {@code k} has the same code &gt;= 0 have the same value there.
     */
    int holeCode(int k);

    /**
     * Hole {@code k}'s value as a double (what Go's {@code strconv.ParseFloat} gives for its text)
     * when the store holds it as a number it converts exactly, without rendering it; else NaN.
     */
    default double holeDouble(int k) {
        return Double.NaN;
    }
}
