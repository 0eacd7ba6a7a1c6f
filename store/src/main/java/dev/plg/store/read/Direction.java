package dev.plg.store.read;

/** Order of entries in a scan: {@code FORWARD} oldest first, {@code BACKWARD} newest first. */
public enum Direction {
    FORWARD, BACKWARD
}
