package dev.plg.logql.pipeline.impl;

/** One compiled stage. Immutable and thread-safe; per-entry state lives in {@link EntryState}. */
interface Op {
    /** Returns false to drop the entry. */
    boolean process(EntryState e);
}
