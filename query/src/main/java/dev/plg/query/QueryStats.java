package dev.plg.query;

/**
 * What a query cost, enough to fill the {@code summary} of Loki's {@code stats} object.
 *
 * @param execTimeNanos wall time of the evaluation
 * @param linesProcessed entries read from the store (before filtering)
 * @param bytesProcessed bytes of those lines plus their structured metadata
 * @param structuredMetadataBytes bytes of structured metadata read
 * @param postFilterLines entries that passed the pipeline
 * @param entriesReturned entries (log queries) or series (metric queries) in the answer
 * @param streams streams scanned
 */
public record QueryStats(long execTimeNanos, long linesProcessed, long bytesProcessed, long structuredMetadataBytes,
                         long postFilterLines, long entriesReturned, long streams) {
    public static final QueryStats EMPTY = new QueryStats(0, 0, 0, 0, 0, 0, 0);

    public double execTimeSeconds() {
        return execTimeNanos / 1e9;
    }

    public long bytesProcessedPerSecond() {
        return execTimeNanos <= 0 ? 0 : (long) (bytesProcessed / execTimeSeconds());
    }

    public long linesProcessedPerSecond() {
        return execTimeNanos <= 0 ? 0 : (long) (linesProcessed / execTimeSeconds());
    }
}
