package dev.plg.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * Loki's {@code limits_config} keys PLG implements, with Loki 3.4's defaults. One instance applies
 * to every tenant (Loki's per-tenant overrides are not supported). Byte sizes are in bytes; Loki's
 * {@code ingestion_rate_mb} / {@code ingestion_burst_size_mb} are MiB as in Loki.
 *
 * @param rejectOldSamples refuse entries older than {@code rejectOldSamplesMaxAge}
 * @param rejectOldSamplesMaxAge Loki default 1w (168h)
 * @param creationGracePeriod entries newer than now + this are refused; Loki default 10m
 * @param maxLineSize bytes; 0 disables; Loki default 256KB (= 256000, Loki parses "KB" as 1000)
 * @param maxLineSizeTruncate truncate long lines instead of refusing them
 * @param maxLabelNamesPerSeries Loki default 15 ({@code service_name} does not count)
 * @param maxLabelNameLength Loki default 1024
 * @param maxLabelValueLength Loki default 2048
 * @param maxStreamsPerUser live streams per tenant; 0 disables (Loki's local default)
 * @param maxGlobalStreamsPerUser Loki default 5000; with one instance the same as the local limit;
 *     0 disables
 * @param ingestionRateMb token-bucket rate, MiB/s per tenant; Loki default 4
 * @param ingestionBurstSizeMb token-bucket size, MiB; Loki default 6
 * @param perStreamRateLimit bytes/s per stream; Loki default 3MB (3 MiB)
 * @param perStreamRateLimitBurst bytes; Loki default 15MB (15 MiB)
 * @param maxEntriesLimitPerQuery Loki default 5000 (enforced by the query side)
 * @param maxQuerySeries Loki default 500 (enforced by the query side)
 * @param maxQueryLength Loki default 721h (enforced by the query side)
 * @param retentionPeriod 0 keeps forever (Loki default); applies only with
 *     {@link StoreConfig#retentionEnabled()}
 * @param discoverServiceName labels tried in order for {@code service_name}; empty disables
 * @param discoverLogLevels add {@code detected_level} structured metadata
 * @param allowStructuredMetadata Loki 3.4 default true
 * @param maxStructuredMetadataSize bytes; Loki default 64KB (64 KiB); 0 disables
 * @param maxStructuredMetadataEntriesCount Loki default 128; 0 disables
 */
public record Limits(
        boolean rejectOldSamples,
        Duration rejectOldSamplesMaxAge,
        Duration creationGracePeriod,
        int maxLineSize,
        boolean maxLineSizeTruncate,
        int maxLabelNamesPerSeries,
        int maxLabelNameLength,
        int maxLabelValueLength,
        int maxStreamsPerUser,
        int maxGlobalStreamsPerUser,
        double ingestionRateMb,
        double ingestionBurstSizeMb,
        long perStreamRateLimit,
        long perStreamRateLimitBurst,
        int maxEntriesLimitPerQuery,
        int maxQuerySeries,
        Duration maxQueryLength,
        Duration retentionPeriod,
        List<String> discoverServiceName,
        boolean discoverLogLevels,
        boolean allowStructuredMetadata,
        int maxStructuredMetadataSize,
        int maxStructuredMetadataEntriesCount) {

    /** Loki's {@code -validation.discover-service-name} default list, in order. */
    public static final List<String> DEFAULT_DISCOVER_SERVICE_NAME = List.of("service", "app", "application",
            "app_name", "name", "app_kubernetes_io_name", "container", "container_name", "k8s_container_name",
            "component", "workload", "job", "k8s_job_name");

    public Limits {
        requireNonNull(rejectOldSamplesMaxAge, "rejectOldSamplesMaxAge is null");
        requireNonNull(creationGracePeriod, "creationGracePeriod is null");
        requireNonNull(maxQueryLength, "maxQueryLength is null");
        requireNonNull(retentionPeriod, "retentionPeriod is null");
        discoverServiceName = List.copyOf(requireNonNull(discoverServiceName, "discoverServiceName is null"));
        requireNotNegative("max_line_size", maxLineSize);
        requireNotNegative("max_label_names_per_series", maxLabelNamesPerSeries);
        requireNotNegative("max_label_name_length", maxLabelNameLength);
        requireNotNegative("max_label_value_length", maxLabelValueLength);
        requireNotNegative("max_streams_per_user", maxStreamsPerUser);
        requireNotNegative("max_global_streams_per_user", maxGlobalStreamsPerUser);
        requireNotNegative("per_stream_rate_limit", perStreamRateLimit);
        requireNotNegative("per_stream_rate_limit_burst", perStreamRateLimitBurst);
        requireNotNegative("max_entries_limit_per_query", maxEntriesLimitPerQuery);
        requireNotNegative("max_query_series", maxQuerySeries);
        requireNotNegative("max_structured_metadata_size", maxStructuredMetadataSize);
        requireNotNegative("max_structured_metadata_entries_count", maxStructuredMetadataEntriesCount);
        if (ingestionRateMb < 0 || Double.isNaN(ingestionRateMb)) {
            throw new IllegalArgumentException("ingestion_rate_mb must be >= 0, got " + ingestionRateMb);
        }
        if (ingestionBurstSizeMb < 0 || Double.isNaN(ingestionBurstSizeMb)) {
            throw new IllegalArgumentException("ingestion_burst_size_mb must be >= 0, got " + ingestionBurstSizeMb);
        }
        for (Duration d : List.of(rejectOldSamplesMaxAge, creationGracePeriod, maxQueryLength, retentionPeriod)) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative, got " + d);
            }
        }
    }

    private static void requireNotNegative(String key, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(key + " must be >= 0, got " + value);
        }
    }

    /** Loki 3.4.2's defaults. */
    public static Limits defaults() {
        return new Limits(
                true, Duration.ofDays(7), Duration.ofMinutes(10),
                256_000, false,
                15, 1024, 2048,
                0, 5000,
                4, 6,
                3L << 20, 15L << 20,
                5000, 500, Duration.ofHours(721),
                Duration.ZERO,
                DEFAULT_DISCOVER_SERVICE_NAME, true,
                true, 64 << 10, 128);
    }

    /** Ingestion rate in bytes per second ({@code ingestion_rate_mb} x 2^20). */
    public long ingestionRateBytes() {
        return (long) (ingestionRateMb * (1 << 20));
    }

    /** Ingestion burst in bytes ({@code ingestion_burst_size_mb} x 2^20). */
    public long ingestionBurstBytes() {
        return (long) (ingestionBurstSizeMb * (1 << 20));
    }

    public Limits withRejectOldSamples(boolean reject) {
        return toBuilder().rejectOldSamples(reject).build();
    }

    public Limits withRetentionPeriod(Duration period) {
        return toBuilder().retentionPeriod(period).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copy-and-change builder for the server's YAML mapping and for tests. */
    public static final class Builder {
        private boolean rejectOldSamples;
        private Duration rejectOldSamplesMaxAge;
        private Duration creationGracePeriod;
        private int maxLineSize;
        private boolean maxLineSizeTruncate;
        private int maxLabelNamesPerSeries;
        private int maxLabelNameLength;
        private int maxLabelValueLength;
        private int maxStreamsPerUser;
        private int maxGlobalStreamsPerUser;
        private double ingestionRateMb;
        private double ingestionBurstSizeMb;
        private long perStreamRateLimit;
        private long perStreamRateLimitBurst;
        private int maxEntriesLimitPerQuery;
        private int maxQuerySeries;
        private Duration maxQueryLength;
        private Duration retentionPeriod;
        private List<String> discoverServiceName;
        private boolean discoverLogLevels;
        private boolean allowStructuredMetadata;
        private int maxStructuredMetadataSize;
        private int maxStructuredMetadataEntriesCount;

        private Builder(Limits l) {
            rejectOldSamples = l.rejectOldSamples;
            rejectOldSamplesMaxAge = l.rejectOldSamplesMaxAge;
            creationGracePeriod = l.creationGracePeriod;
            maxLineSize = l.maxLineSize;
            maxLineSizeTruncate = l.maxLineSizeTruncate;
            maxLabelNamesPerSeries = l.maxLabelNamesPerSeries;
            maxLabelNameLength = l.maxLabelNameLength;
            maxLabelValueLength = l.maxLabelValueLength;
            maxStreamsPerUser = l.maxStreamsPerUser;
            maxGlobalStreamsPerUser = l.maxGlobalStreamsPerUser;
            ingestionRateMb = l.ingestionRateMb;
            ingestionBurstSizeMb = l.ingestionBurstSizeMb;
            perStreamRateLimit = l.perStreamRateLimit;
            perStreamRateLimitBurst = l.perStreamRateLimitBurst;
            maxEntriesLimitPerQuery = l.maxEntriesLimitPerQuery;
            maxQuerySeries = l.maxQuerySeries;
            maxQueryLength = l.maxQueryLength;
            retentionPeriod = l.retentionPeriod;
            discoverServiceName = l.discoverServiceName;
            discoverLogLevels = l.discoverLogLevels;
            allowStructuredMetadata = l.allowStructuredMetadata;
            maxStructuredMetadataSize = l.maxStructuredMetadataSize;
            maxStructuredMetadataEntriesCount = l.maxStructuredMetadataEntriesCount;
        }

        public Builder rejectOldSamples(boolean v) { rejectOldSamples = v; return this; }
        public Builder rejectOldSamplesMaxAge(Duration v) { rejectOldSamplesMaxAge = v; return this; }
        public Builder creationGracePeriod(Duration v) { creationGracePeriod = v; return this; }
        public Builder maxLineSize(int v) { maxLineSize = v; return this; }
        public Builder maxLineSizeTruncate(boolean v) { maxLineSizeTruncate = v; return this; }
        public Builder maxLabelNamesPerSeries(int v) { maxLabelNamesPerSeries = v; return this; }
        public Builder maxLabelNameLength(int v) { maxLabelNameLength = v; return this; }
        public Builder maxLabelValueLength(int v) { maxLabelValueLength = v; return this; }
        public Builder maxStreamsPerUser(int v) { maxStreamsPerUser = v; return this; }
        public Builder maxGlobalStreamsPerUser(int v) { maxGlobalStreamsPerUser = v; return this; }
        public Builder ingestionRateMb(double v) { ingestionRateMb = v; return this; }
        public Builder ingestionBurstSizeMb(double v) { ingestionBurstSizeMb = v; return this; }
        public Builder perStreamRateLimit(long v) { perStreamRateLimit = v; return this; }
        public Builder perStreamRateLimitBurst(long v) { perStreamRateLimitBurst = v; return this; }
        public Builder maxEntriesLimitPerQuery(int v) { maxEntriesLimitPerQuery = v; return this; }
        public Builder maxQuerySeries(int v) { maxQuerySeries = v; return this; }
        public Builder maxQueryLength(Duration v) { maxQueryLength = v; return this; }
        public Builder retentionPeriod(Duration v) { retentionPeriod = v; return this; }
        public Builder discoverServiceName(List<String> v) { discoverServiceName = v; return this; }
        public Builder discoverLogLevels(boolean v) { discoverLogLevels = v; return this; }
        public Builder allowStructuredMetadata(boolean v) { allowStructuredMetadata = v; return this; }
        public Builder maxStructuredMetadataSize(int v) { maxStructuredMetadataSize = v; return this; }
        public Builder maxStructuredMetadataEntriesCount(int v) { maxStructuredMetadataEntriesCount = v; return this; }

        public Limits build() {
            return new Limits(rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxLineSize,
                    maxLineSizeTruncate, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength,
                    maxStreamsPerUser, maxGlobalStreamsPerUser, ingestionRateMb, ingestionBurstSizeMb,
                    perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries,
                    maxQueryLength, retentionPeriod, discoverServiceName, discoverLogLevels,
                    allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount);
        }
    }
}
