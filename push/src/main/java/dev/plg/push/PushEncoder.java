package dev.plg.push;

import static java.util.Objects.requireNonNull;

/**
 * Bodies for an agent to {@code POST} to {@code /loki/api/v1/push}. Stateless and thread-safe.
 */
public final class PushEncoder {
    /** Content type of {@link #protobufSnappy}; send no {@code Content-Encoding} (as Promtail) or {@code snappy} (as Alloy). */
    public static final String CONTENT_TYPE_PROTOBUF = "application/x-protobuf";

    /** Content type of {@link #json}. */
    public static final String CONTENT_TYPE_JSON = PushDecoder.APPLICATION_JSON;

    private PushEncoder() {}

    /** What Promtail and Alloy {@code loki.write} send: snappy block of the protobuf request. */
    public static byte[] protobufSnappy(PushRequest request) {
        requireNonNull(request, "request is null");
        return Snappy.compress(PushProtobuf.encode(request));
    }

    /** The JSON body ({@link PushJson#encode}). */
    public static byte[] json(PushRequest request) {
        return PushJson.encode(request);
    }
}
