package dev.plg.server.http;

import dev.plg.push.LabelPair;
import dev.plg.query.DetectedFields;
import dev.plg.query.QueryResult;
import dev.plg.query.TailSink;
import dev.plg.store.read.Direction;
import dev.plg.store.read.StreamStats;
import java.util.List;

/**
 * The read side as the HTTP API needs it: LogQL queries and metadata, per tenant. Times are Unix
 * nanoseconds, ranges half-open {@code [start, end)}. Implementations are thread-safe and report
 * failures as {@link dev.plg.query.QueryException} (its category decides the HTTP status) or
 * {@link ApiException}.
 */
public interface ReadBackend {
    QueryResult rangeQuery(String tenant, String query, long start, long end, long step, long interval, int limit,
                           Direction direction);

    QueryResult instantQuery(String tenant, String query, long time, int limit, Direction direction);

    /** Label names; {@code query} is a stream selector or empty. */
    List<String> labels(String tenant, String query, long start, long end);

    List<String> labelValues(String tenant, String name, String query, long start, long end);

    /** Label sets of streams matching any of {@code matchers} (each a stream selector; empty = all). */
    List<List<LabelPair>> series(String tenant, List<String> matchers, long start, long end);

    StreamStats indexStats(String tenant, String query, long start, long end);

    /**
     * {@code index/volume} ({@code step <= 0}: a vector at {@code end}) and {@code index/volume_range}
     * (a matrix over {@code step}).
     */
    QueryResult volume(String tenant, String query, long start, long end, long step, int limit,
                       List<String> targetLabels, boolean aggregateByLabels);

    /**
     * {@code detected_fields} / {@code detected_field/<name>/values}: runs the request's log query
     * backward and detects the fields of its lines (see {@link DetectedFields}).
     */
    DetectedFields.Result detectedFields(String tenant, DetectedFields.Request request);

    /** The canonical text of a query ({@code format_query}); throws on a parse error. */
    String formatQuery(String query);

    /** Checks a tail query before the WebSocket upgrade; throws on a parse error. */
    void validateTailQuery(String query);

    /**
     * Live tail: first the most recent {@code limit} entries since {@code start} (ascending), then
     * new entries as they are ingested, delivered to {@code sink} in batches. Close to stop.
     */
    AutoCloseable tail(String tenant, String query, long start, int limit, TailSink sink);
}
