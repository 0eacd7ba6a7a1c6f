package dev.plg.push;

import java.util.List;

/** A decoded {@code POST /loki/api/v1/push} body: Loki's {@code logproto.PushRequest}. */
public record PushRequest(List<PushStream> streams) {
    public PushRequest {
        streams = List.copyOf(streams);
    }

    public int entryCount() {
        int n = 0;
        for (PushStream s : streams) {
            n += s.entries().size();
        }
        return n;
    }
}
