package dev.plg.store.ingest;

import dev.plg.push.LabelPair;
import dev.plg.push.LabelsText;
import dev.plg.push.PushEntry;
import dev.plg.push.PushFormatException;
import dev.plg.push.PushRequest;
import dev.plg.push.PushStream;
import dev.plg.store.Limits;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates a push as Loki 3.4's distributor does and adds discovered data: refuses bad label
 * sets and entries with Loki's texts ({@code pkg/validation/validate.go}), keeps the rest, adds the
 * {@code service_name} label and {@code detected_level} metadata. Stateless and thread-safe.
 */
public final class Validator {
    public static final String SERVICE_NAME = "service_name";
    public static final String UNKNOWN_SERVICE = "unknown_service";
    public static final String DETECTED_LEVEL = "detected_level";

    private static final java.util.Comparator<LabelPair> BY_NAME = (a, b) -> a.name().compareTo(b.name());

    private final Limits limits;

    public Validator(Limits limits) {
        this.limits = limits;
    }

    /** Accepted streams; each problem appended to {@code errors} as Loki words it. */
    public List<PreparedStream> prepare(PushRequest request, long nowNanos, List<String> errors, long[] discarded) {
        // Every loop is in a small method of its own (one per request, per stream, per entry), and
        // each error text is built out of line: this runs a few hundred times per 500k lines, so
        // the JIT compiles the per-stream and per-entry methods, never one unit with all inlined.
        List<PushStream> streams = request.streams();
        List<PreparedStream> out = new ArrayList<>(streams.size());
        Window w = window(nowNanos);
        for (int i = 0; i < streams.size(); i++) {
            PreparedStream prepared = prepareStream(streams.get(i), w, errors, discarded);
            if (prepared != null) {
                out.add(prepared);
            }
        }
        return out;
    }

    /**
     * What an entry is checked against: timestamps in {@code [oldest, newest]} ({@code oldest} is
     * {@code Long.MIN_VALUE} without {@code reject_old_samples}), lines of at most {@code maxLine}
     * bytes ({@code Integer.MAX_VALUE} without a limit).
     */
    private record Window(long oldest, long newest, int maxLine, boolean detectLevels) {}

    private Window window(long nowNanos) {
        long oldest = limits.rejectOldSamples() ? nowNanos - limits.rejectOldSamplesMaxAge().toNanos() : Long.MIN_VALUE;
        int max = limits.maxLineSize();
        return new Window(oldest, nowNanos + limits.creationGracePeriod().toNanos(), max == 0 ? Integer.MAX_VALUE : max,
                limits.discoverLogLevels() && limits.allowStructuredMetadata());
    }

    /** The accepted entries of {@code stream}, or {@code null} when none is. */
    private PreparedStream prepareStream(PushStream stream, Window w, List<String> errors, long[] discarded) {
        Accepted set = accept(stream, errors, w.detectLevels());
        if (set == null) {
            discard(stream.entries(), discarded);
            return null;
        }
        List<PushEntry> entries = stream.entries();
        PreparedStream prepared = new PreparedStream(set.key(), set.labels(), entries.size());
        // The metadata of an entry that brings none: the stream's level, or none without
        // discovery; null when the level comes from each entry (checked() detects it).
        List<LabelPair> plain = set.levelOnly() != null ? set.levelOnly() : w.detectLevels() ? null : List.of();
        for (int from = 0; from < entries.size(); from += RUN) {
            prepareEntries(prepared, entries, from, Math.min(entries.size(), from + RUN), plain, set, w, errors, discarded);
        }
        return prepared.count > 0 ? prepared : null;
    }

    /**
     * Entries are prepared in runs of at most this many, each run one call: a method whose loop
     * turns more than ~65 times per call gets its loop compiled on-stack (OSR) by C2 before the
     * method itself is hot enough, and then the method compiled a second time.
     */
    private static final int RUN = 32;

    /**
     * Entries {@code [from, to)}: those in the window with a plain line and no metadata of their
     * own are added here, with {@code plain} as their metadata; the rest go through {@link #checked}.
     */
    private void prepareEntries(PreparedStream prepared, List<PushEntry> entries, int from, int to, List<LabelPair> plain,
                                Accepted set, Window w, List<String> errors, long[] discarded) {
        for (int i = from; i < to; i++) {
            PushEntry e = entries.get(i);
            long ts = e.timestampNanos();
            byte[] line = e.lineUtf8();
            List<LabelPair> md = e.structuredMetadata();
            if (ts >= w.oldest() && ts <= w.newest() && line.length <= w.maxLine() && plain != null && md.isEmpty()) {
                prepared.add(ts, line, plain);
                prepared.bytes += line.length;
            } else {
                checked(prepared, e, ts, line, set, w, errors, discarded);
            }
        }
    }

    /**
     * Every check and discovery on one entry, in Loki's order; the entry is added to
     * {@code prepared} or discarded after adding the reason to {@code errors}.
     */
    private void checked(PreparedStream prepared, PushEntry e, long ts, byte[] line, Accepted set, Window w,
                         List<String> errors, long[] discarded) {
        String key = set.key();
        if (ts < w.oldest()) {
            errors.add("entry for stream '" + key + "' has timestamp too old: " + rfc3339(ts)
                    + ", oldest acceptable timestamp is: " + rfc3339(w.oldest()));
            discard(e, discarded);
            return;
        }
        if (ts > w.newest()) {
            errors.add("entry for stream '" + key + "' has timestamp too new: " + rfc3339(ts));
            discard(e, discarded);
            return;
        }
        if (line.length > w.maxLine()) {
            int max = w.maxLine();
            if (limits.maxLineSizeTruncate()) {
                line = truncateUtf8(line, max);
            } else {
                errors.add("Max entry size '" + max + "' bytes exceeded for stream '" + key
                        + "' while adding an entry with length '" + line.length + "' bytes");
                discard(e, discarded);
                return;
            }
        }
        List<LabelPair> md = e.structuredMetadata();
        int mdBytes = 0;
        if (!md.isEmpty()) {
            if (!limits.allowStructuredMetadata()) {
                errors.add("stream '" + key + "' includes structured metadata, but this feature is disallowed. Please see "
                        + "`limits_config.allow_structured_metadata` or contact your Loki administrator to enable it.");
                discard(e, discarded);
                return;
            }
            for (LabelPair p : md) {
                mdBytes += p.name().length() + p.value().length();
            }
            int maxMd = limits.maxStructuredMetadataSize();
            if (maxMd != 0 && mdBytes > maxMd) {
                errors.add("stream '" + key + "' has structured metadata too large: '" + mdBytes + "' bytes, limit: '" + maxMd
                        + "' bytes. Please see `limits_config.max_structured_metadata_size` or contact your Loki administrator to increase it.");
                discard(e, discarded);
                return;
            }
            int maxCount = limits.maxStructuredMetadataEntriesCount();
            if (maxCount != 0 && md.size() > maxCount) {
                errors.add("stream '" + key + "' has too many structured metadata labels: '" + md.size() + "', limit: '" + maxCount
                        + "'. Please see `limits_config.max_structured_metadata_entries_count` or contact your Loki administrator to increase it.");
                discard(e, discarded);
                return;
            }
        }
        List<LabelPair> streamLevelOnly = set.levelOnly();
        if (streamLevelOnly != null && md.isEmpty()) {
            md = streamLevelOnly;
        } else if (w.detectLevels() && !hasName(md, DETECTED_LEVEL)) {
            md = withLevel(md, set.level() != null ? set.level() : LevelDetector.detect(List.of(), md, e));
        }
        prepared.add(ts, line, md);
        prepared.bytes += line.length + mdBytes;
    }

    /**
     * A label set as a client sent it, once validated: the final labels, their canonical text, and
     * the stream's level label (which then decides every entry's {@code detected_level}) with its
     * one-pair metadata list; both null without one.
     */
    private record Accepted(List<LabelPair> labels, String key, String level, List<LabelPair> levelOnly) {}

    /** Accepted label sets by the label list as sent; cleared when full (clients reuse few sets). */
    private final ConcurrentHashMap<List<LabelPair>, Accepted> accepted = new ConcurrentHashMap<>();
    private static final int MAX_ACCEPTED = 4096;

    /**
     * The validated form of {@code stream}'s labels, or {@code null} after adding the reason to
     * {@code errors}. Validation, sorting and formatting run once per distinct label set, not
     * once per stream of every push (and so never get hot enough for the JIT to spend on them).
     */
    private Accepted accept(PushStream stream, List<String> errors, boolean detectLevels) {
        boolean cacheable = stream.unparsableLabels() == null;
        if (cacheable) {
            Accepted known = accepted.get(stream.labels());
            if (known != null) {
                return known;
            }
        }
        List<LabelPair> labels = validateLabels(stream, errors);
        if (labels == null) {
            return null;
        }
        String level = detectLevels ? LevelDetector.fromPairs(labels) : null;
        Accepted result = new Accepted(labels, LabelsText.format(labels), level, level == null ? null : withLevel(List.of(), level));
        if (cacheable) {
            if (accepted.size() >= MAX_ACCEPTED) {
                accepted.clear();
            }
            accepted.put(stream.labels(), result);
        }
        return result;
    }

    private static void discard(List<PushEntry> entries, long[] discarded) {
        for (PushEntry e : entries) {
            discard(e, discarded);
        }
    }

    private static void discard(PushEntry e, long[] discarded) {
        discarded[0]++;
        discarded[1] += e.lineUtf8Length();
    }

    /** The final sorted label set, or {@code null} after adding the reason to {@code errors}. */
    List<LabelPair> validateLabels(PushStream stream, List<String> errors) {
        if (stream.unparsableLabels() != null) {
            String cause;
            try {
                LabelsText.parse(stream.unparsableLabels());
                cause = "unparsable";
            } catch (PushFormatException e) {
                cause = e.getMessage();
            }
            errors.add("Error parsing labels '" + stream.unparsableLabels() + "' with error: " + cause);
            return null;
        }
        List<LabelPair> raw = stream.labels();
        String rawText = LabelsText.format(raw);
        // Plain loops, no streams: this runs for every stream of every push.
        int nonEmpty = 0;
        for (LabelPair p : raw) {
            if (!p.value().isEmpty()) {
                nonEmpty++;
            }
        }
        LabelPair[] sorted = new LabelPair[nonEmpty];
        int k = 0;
        for (LabelPair p : raw) {
            if (!p.value().isEmpty()) {
                sorted[k++] = p;
            }
        }
        Arrays.sort(sorted, BY_NAME);
        if (sorted.length == 0) {
            errors.add("error at least one label pair is required per stream");
            return null;
        }
        int names = sorted.length;
        boolean hasServiceName = false;
        for (LabelPair p : sorted) {
            if (p.name().equals(SERVICE_NAME)) {
                hasServiceName = true;
            }
        }
        if (hasServiceName) {
            names--;
        }
        if (names > limits.maxLabelNamesPerSeries()) {
            errors.add("entry for stream '" + rawText + "' has " + names + " label names; limit " + limits.maxLabelNamesPerSeries());
            return null;
        }
        String last = "";
        for (LabelPair p : sorted) {
            if (p.name().length() > limits.maxLabelNameLength()) {
                errors.add("stream '" + rawText + "' has label name too long: '" + p.name() + "'");
                return null;
            }
            if (p.value().length() > limits.maxLabelValueLength()) {
                errors.add("stream '" + rawText + "' has label value too long: '" + p.value() + "'");
                return null;
            }
            if (p.name().equals(last)) {
                errors.add("stream '" + rawText + "' has duplicate label name: '" + p.name() + "'");
                return null;
            }
            last = p.name();
        }
        List<LabelPair> labels = new ArrayList<>(sorted.length + 1);
        labels.addAll(Arrays.asList(sorted));
        if (!hasServiceName && !limits.discoverServiceName().isEmpty()) {
            String service = null;
            for (String candidate : limits.discoverServiceName()) {
                for (LabelPair p : sorted) {
                    if (p.name().equals(candidate)) {
                        service = p.value();
                        break;
                    }
                }
                if (service != null) {
                    break;
                }
            }
            labels.add(new LabelPair(SERVICE_NAME, service == null ? UNKNOWN_SERVICE : service));
            labels.sort(BY_NAME);
        }
        return List.copyOf(labels);
    }

    private static boolean hasName(List<LabelPair> pairs, String name) {
        for (LabelPair p : pairs) {
            if (p.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static final List<LabelPair>[] COMMON_LEVELS = commonLevels();

    @SuppressWarnings("unchecked")
    private static List<LabelPair>[] commonLevels() {
        List<String> names = List.of("trace", "debug", "info", "warn", "warning", "error", "critical", "fatal", "unknown");
        List<LabelPair>[] out = new List[names.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = List.of(new LabelPair(DETECTED_LEVEL, names.get(i)));
        }
        return out;
    }

    /** Appends {@code detected_level}; the common single-pair lists are shared, not allocated. */
    private static List<LabelPair> withLevel(List<LabelPair> md, String level) {
        if (md.isEmpty()) {
            for (List<LabelPair> common : COMMON_LEVELS) {
                if (common.getFirst().value().equals(level)) {
                    return common;
                }
            }
            return List.of(new LabelPair(DETECTED_LEVEL, level));
        }
        List<LabelPair> out = new ArrayList<>(md.size() + 1);
        out.addAll(md);
        out.add(new LabelPair(DETECTED_LEVEL, level));
        return List.copyOf(out);
    }

    /** Go's {@code time.RFC3339} in UTC, as Loki formats validation timestamps. */
    public static String rfc3339(long nanos) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L));
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    /** Cuts {@code line} to at most {@code max} bytes without splitting a UTF-8 sequence. */
    static byte[] truncateUtf8(byte[] line, int max) {
        int end = max;
        while (end > 0 && (line[end] & 0xC0) == 0x80) {
            end--;
        }
        return Arrays.copyOf(line, end);
    }

    /** Go's {@code humanize.Bytes} (SI units), as Loki prints byte sizes in rate-limit errors. */
    public static String humanizeBytes(long s) {
        if (s < 10) {
            return s + " B";
        }
        String[] sizes = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        int e = (int) Math.floor(Math.log(s) / Math.log(1000));
        double val = Math.floor(s / Math.pow(1000, e) * 10 + 0.5) / 10;
        return val < 10 ? String.format("%.1f %s", val, sizes[e]) : String.format("%.0f %s", val, sizes[e]);
    }
}
