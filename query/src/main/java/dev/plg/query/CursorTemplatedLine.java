package dev.plg.query;

import dev.plg.logql.pipeline.TemplatedLine;
import dev.plg.store.read.EntryCursor;

/**
 * The seam between the store's and logql's view of a line held as a template with hole values
 * (logql does not depend on the store): one adapter per scan, pointed at the cursor's current
 * {@link dev.plg.store.read.TemplatedLine} before each {@code process} call; the whole line comes
 * from the cursor, which rebuilds it only when asked.
 */
final class CursorTemplatedLine implements TemplatedLine {
    private final EntryCursor cursor;
    private dev.plg.store.read.TemplatedLine line;

    CursorTemplatedLine(EntryCursor cursor) {
        this.cursor = cursor;
    }

    /** This adapter over the cursor's current templated line, or null when the cursor has none. */
    TemplatedLine current() {
        dev.plg.store.read.TemplatedLine l = cursor.templatedLine();
        if (l == null) {
            return null;
        }
        line = l;
        return this;
    }

    @Override
    public Object templateKey() {
        return line.templateKey();
    }

    @Override
    public int holeCount() {
        return line.holeCount();
    }

    @Override
    public byte[] literal(int k) {
        return line.literal(k);
    }

    @Override
    public byte[] holeBytes(int k) {
        return line.holeBytes(k);
    }

    @Override
    public int holeOffset(int k) {
        return line.holeOffset(k);
    }

    @Override
    public int holeLength(int k) {
        return line.holeLength(k);
    }

    @Override
    public boolean holeNumeric(int k) {
        return line.holeNumeric(k);
    }

    @Override
    public int holeCode(int k) {
        return line.holeCode(k);
    }

    @Override
    public double holeDouble(int k) {
        return line.holeDouble(k);
    }

    @Override
    public byte[] lineBytes() {
        return cursor.lineBytes();
    }

    @Override
    public int lineOffset() {
        return cursor.lineOffset();
    }

    @Override
    public int lineLength() {
        return cursor.lineLength();
    }
}
