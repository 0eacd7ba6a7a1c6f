package dev.plg.push;

import java.util.List;

/**
 * One stream of a push request.
 *
 * <p>{@code labels} is the label set as the client sent it (JSON object order, or the protobuf's
 * Prometheus-style text parsed into pairs); validation and sorting are the store's job, so a bad
 * label set is refused with Loki's message while the other streams of the request are kept.
 *
 * <p>When the protobuf label text cannot be parsed at all, {@code labels} is empty and
 * {@code unparsableLabels} holds the raw text, so the store can report it the way Loki does
 * ({@code error parsing labels ...}); it is {@code null} otherwise.
 */
public record PushStream(List<LabelPair> labels, List<PushEntry> entries, String unparsableLabels) {
    public PushStream {
        labels = List.copyOf(labels);
        entries = List.copyOf(entries);
    }

    public PushStream(List<LabelPair> labels, List<PushEntry> entries) {
        this(labels, entries, null);
    }
}
