package dev.plg.alerting;

import dev.plg.push.PushRequest;

/**
 * Where the ruler writes alert state history ({@link StateHistory}'s Loki streams): in {@code plg up}
 * the store's ingest, so the UI reads the history back with LogQL; it could as well be a real
 * Loki's push API. Alerting never depends on the store: the server wires this.
 *
 * <p>Called on the ruler's thread after a group's evaluation, only when some alert changed state.
 * It should return quickly (a local store's WAL append); it must not keep {@code request} mutable
 * state (records are immutable anyway). An exception is logged and the transitions are lost;
 * evaluation goes on.
 */
@FunctionalInterface
public interface StateHistorySink {
    /** Writes nothing (state history off). */
    StateHistorySink NONE = (tenant, request) -> { };

    /** Stores {@code request} for {@code tenant} (the rule's tenant, {@code fake} without auth). */
    void write(String tenant, PushRequest request);
}
