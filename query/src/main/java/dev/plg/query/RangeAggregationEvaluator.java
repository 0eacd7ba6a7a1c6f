package dev.plg.query;

import dev.plg.logql.ast.Grouping;
import dev.plg.logql.ast.LogRange;
import dev.plg.logql.ast.Matcher;
import dev.plg.logql.ast.MatchOp;
import dev.plg.logql.ast.RangeAggregation;
import dev.plg.logql.pipeline.SampleExtractor;
import dev.plg.logql.pipeline.SampleResult;
import dev.plg.logql.pipeline.StreamSampleExtractor;
import dev.plg.logql.pipeline.TemplatedLine;
import dev.plg.push.LabelPair;
import dev.plg.store.read.Direction;
import dev.plg.store.read.EntryCursor;
import dev.plg.store.read.LabelMatcher;
import dev.plg.store.read.ScanHints;
import dev.plg.store.read.StreamRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Range aggregations ({@code rate}, {@code count_over_time}, {@code quantile_over_time}, ...) with
 * Loki's window: the value at step {@code t} aggregates the samples with timestamps in
 * {@code (t - offset - range, t - offset]}; a step whose window holds no sample has no point
 * (except {@code absent_over_time}, which has a point exactly there).
 *
 * <p>Streams are scanned in parallel, forward, each into its own per-series sample buffers; buffers
 * of the same series from different streams are merged by time; then each series slides its window
 * over the steps with two pointers.
 */
final class RangeAggregationEvaluator {
    static final String ERROR_LABEL = "__error__";
    static final String PRESERVE_ERROR_LABEL = "__preserve_error__";

    private RangeAggregationEvaluator() {
    }

    /** Growable (timestamp, value) arrays of one series, in time order. */
    static final class Samples {
        long[] ts;
        double[] v;
        int n;
        /**
         * Summary mode (one step, additive operation): only the count and sum are kept, so an
         * instant query over any range needs constant memory per series.
         */
        final boolean summary;
        double sum;

        Samples() {
            this(false);
        }

        Samples(boolean summary) {
            this.summary = summary;
            this.ts = new long[summary ? 0 : 16];
            this.v = new double[summary ? 0 : 16];
        }

        /** {@code count} samples of {@code value}, in summary mode (where their times do not matter). */
        void addMany(int count, double value) {
            if (!summary) {
                throw new IllegalStateException("only a summary adds samples without their times");
            }
            n += count;
            sum += value * count;
        }

        void add(long t, double value) {
            if (summary) {
                n++;
                sum += value;
                return;
            }
            if (n == ts.length) {
                ts = Arrays.copyOf(ts, n * 2);
                v = Arrays.copyOf(v, n * 2);
            }
            ts[n] = t;
            v[n] = value;
            n++;
        }

        /**
         * Merges time-ordered buffers into one (a k-way merge over a binary heap of buffer heads;
         * on equal timestamps the earlier buffer in the list comes first).
         */
        static Samples mergeAll(List<Samples> parts) {
            if (parts.size() == 1) {
                return parts.getFirst();
            }
            if (parts.getFirst().summary) {
                Samples out = new Samples(true);
                for (Samples p : parts) {
                    out.n += p.n;
                    out.sum += p.sum;
                }
                return out;
            }
            Samples out = sizedFor(parts);
            int k = parts.size();
            int[] heap = new int[k];
            int[] pos = new int[k];
            int size = 0;
            for (int i = 0; i < k; i++) {
                if (parts.get(i).n > 0) {
                    heap[size++] = i;
                    siftUp(heap, size - 1, parts, pos);
                }
            }
            int o = 0;
            while (size > 0) {
                int b = heap[0];
                Samples s = parts.get(b);
                out.ts[o] = s.ts[pos[b]];
                out.v[o++] = s.v[pos[b]];
                if (++pos[b] == s.n) {
                    heap[0] = heap[--size];
                }
                siftDown(heap, size, parts, pos);
            }
            out.n = o;
            return out;
        }

        /** An empty buffer with room for every sample of {@code parts}. */
        private static Samples sizedFor(List<Samples> parts) {
            int total = 0;
            for (Samples p : parts) {
                total += p.n;
            }
            Samples out = new Samples();
            out.ts = new long[Math.max(total, 1)];
            out.v = new double[Math.max(total, 1)];
            return out;
        }

        /**
         * The buffers one after the other (not in time order): only for a single step, whose window
         * holds every sample, and an operation whose value ignores the samples' order.
         */
        static Samples concatAll(List<Samples> parts) {
            if (parts.size() == 1) {
                return parts.getFirst();
            }
            Samples out = sizedFor(parts);
            for (Samples p : parts) {
                System.arraycopy(p.ts, 0, out.ts, out.n, p.n);
                System.arraycopy(p.v, 0, out.v, out.n, p.n);
                out.n += p.n;
            }
            return out;
        }

        private static boolean less(int a, int b, List<Samples> parts, int[] pos) {
            long ta = parts.get(a).ts[pos[a]];
            long tb = parts.get(b).ts[pos[b]];
            return ta < tb || (ta == tb && a < b);
        }

        private static void siftUp(int[] heap, int i, List<Samples> parts, int[] pos) {
            while (i > 0) {
                int parent = (i - 1) / 2;
                if (!less(heap[i], heap[parent], parts, pos)) {
                    return;
                }
                int t = heap[i];
                heap[i] = heap[parent];
                heap[parent] = t;
                i = parent;
            }
        }

        private static void siftDown(int[] heap, int size, List<Samples> parts, int[] pos) {
            int i = 0;
            while (true) {
                int l = 2 * i + 1;
                if (l >= size) {
                    return;
                }
                int m = l + 1 < size && less(heap[l + 1], heap[l], parts, pos) ? l + 1 : l;
                if (!less(heap[m], heap[i], parts, pos)) {
                    return;
                }
                int t = heap[i];
                heap[i] = heap[m];
                heap[m] = t;
                i = m;
            }
        }
    }

    /** Steps of an evaluation: times in nanoseconds, evenly spaced by {@code stepNs} (0 for one step). */
    record Steps(long startNs, long stepNs, int count) {
        long at(int i) {
            return startNs + i * stepNs;
        }

        long endNs() {
            return at(count - 1);
        }
    }

    static List<SeriesData> evaluate(Execution ex, RangeAggregation ra, Steps steps) {
        LogRange range = ra.range();
        long rangeNs = range.rangeNanos();
        long offset = range.offsetNanos();
        long firstEnd = steps.at(0) - offset;
        long lastEnd = steps.endNs() - offset;
        long from = firstEnd - rangeNs + 1;
        long to = lastEnd + 1;
        SampleExtractor extractor;
        try {
            extractor = ex.compiler.compile(ra.op(), range, ra.grouping());
        } catch (IllegalArgumentException e) {
            throw QueryException.user(e.getMessage());
        }
        List<LabelMatcher> matchers = Selectors.toStore(range.selector().matchers());
        List<StreamRef> refs = ex.source.streams(ex.tenant, matchers, from, to);
        Grouping grouping = ra.grouping();
        String unwrapped = range.unwrap() == null ? null : range.unwrap().label();
        List<Map<List<LabelPair>, Samples>> parts = ex.parallel(refs,
                ref -> scan(ex, extractor, ref, from, to, steps, rangeNs, offset, grouping, unwrapped, ra.op(),
                        new ScanHints(extractor.requiredSubstrings(ref.labels()))));

        Map<List<LabelPair>, List<Samples>> byKey = new HashMap<>();
        for (Map<List<LabelPair>, Samples> part : parts) {
            for (Map.Entry<List<LabelPair>, Samples> e : part.entrySet()) {
                byKey.computeIfAbsent(e.getKey(), k -> new ArrayList<>(2)).add(e.getValue());
            }
        }
        Map<List<LabelPair>, Samples> merged = new HashMap<>(byKey.size() * 2);
        // one step's window holds every sample scanned: a value that ignores their order needs no merge by time
        boolean unordered = steps.count() == 1 && ra.op() == RangeAggregation.Op.QUANTILE_OVER_TIME;
        byKey.forEach((k, list) -> merged.put(k, unordered ? Samples.concatAll(list) : Samples.mergeAll(list)));
        if (ra.op() == RangeAggregation.Op.ABSENT_OVER_TIME) {
            return absent(ra, steps, rangeNs, offset, merged.values());
        }
        List<SeriesData> out = new ArrayList<>(merged.size());
        for (Map.Entry<List<LabelPair>, Samples> e : merged.entrySet()) {
            SeriesData s = windows(ra, e.getKey(), e.getValue(), steps, rangeNs, offset);
            if (s.size > 0) {
                List<LabelPair> labels = e.getKey();
                if (LabelSets.has(labels, ERROR_LABEL) && !"true".equals(LabelSets.get(labels, PRESERVE_ERROR_LABEL))) {
                    ex.recordError(s.firstStep(), labels);
                }
                out.add(s);
            }
        }
        return out;
    }

    private static Map<List<LabelPair>, Samples> scan(Execution ex, SampleExtractor extractor, StreamRef ref, long from,
                                                      long to, Steps steps, long rangeNs, long offset, Grouping grouping,
                                                      String unwrapped, RangeAggregation.Op op, ScanHints hints) {
        ex.streams.increment();
        // `|= "text"` stages alone: the store can tell which entries hold the texts without their lines
        SampleExtractor given = extractor.givenRequiredSubstrings();
        boolean filtered = !hints.mustContain().isEmpty();
        boolean lines = (given != null ? given : extractor).needsLine();
        // with required substrings the store's search of whole blocks beats parsing every line's template
        boolean templated = lines && extractor.readsTemplates() && !filtered;
        try (EntryCursor c = ex.source.entries(ex.tenant, ref, from, to, Direction.FORWARD,
                new ScanHints(hints.mustContain(), lines && !templated))) {
            SampleExtractor x = given != null && (!filtered || c.mayMatchIsExact()) ? given : extractor;
            StreamScan s = new StreamScan(ex, x.forStream(ref.labels()), from, to, steps, rangeNs, offset, grouping,
                    unwrapped, op);
            try {
                boolean sizes = s.gaps || op == RangeAggregation.Op.BYTES_OVER_TIME || op == RangeAggregation.Op.BYTES_RATE
                        || c.lineBytesReturned() < 0;
                if (templated) {
                    s.readTemplated(c, sizes);
                } else if (x.needsLine()) {
                    s.readLines(c);
                } else {
                    s.readCounts(c, sizes, x == given && filtered);
                }
            } finally {
                s.report();
            }
            return s.series;
        }
    }

    /**
     * One stream's scan into per-series sample buffers. Kept as small methods (one loop for entries
     * whose line is read, one for entries only counted or sized) so the JIT compiles small units.
     */
    private static final class StreamScan {
        final Execution ex;
        final StreamSampleExtractor sx;
        final Map<List<LabelPair>, Samples> series = new HashMap<>();
        final long from;
        final long to;
        final long firstEnd;
        final long stepNs;
        final int stepCount;
        final long rangeNs;
        final boolean gaps;
        final boolean reduces;
        final boolean summary;
        /**
         * The samples are counts in one window, whatever the entries' times: an instant count or rate
         * (one step, summary buffers). Then entries may be counted in any order ({@link #countWhole}).
         */
        final boolean countsOnly;
        final Grouping grouping;
        final String unwrapped;
        /** {@code by (names)}: the key is built from the label values alone (no full label set per entry). */
        final String[] byNames;
        final String[] values;
        String[] lastValues;
        List<LabelPair> lastRaw;
        Samples lastBuf;
        /** The {@link SampleResult#labelsToken()} of the sample that chose {@link #lastBuf} through {@link #byValues}, or null. */
        Object lastToken;
        long lines;
        long bytes;
        final MetadataBytes metaBytes = new MetadataBytes();
        long kept;

        StreamScan(Execution ex, StreamSampleExtractor sx, long from, long to, Steps steps, long rangeNs, long offset,
                   Grouping grouping, String unwrapped, RangeAggregation.Op op) {
            this.ex = ex;
            this.sx = sx;
            this.from = from;
            this.to = to;
            this.firstEnd = steps.at(0) - offset;
            this.stepNs = steps.stepNs();
            this.stepCount = steps.count();
            this.rangeNs = rangeNs;
            this.gaps = steps.count() > 1 && rangeNs < steps.stepNs();
            this.reduces = grouping != null || unwrapped != null;
            this.summary = summarizable(steps, op);
            this.countsOnly = summary && (op == RangeAggregation.Op.COUNT_OVER_TIME || op == RangeAggregation.Op.RATE);
            this.grouping = grouping;
            this.unwrapped = unwrapped;
            this.byNames = grouping != null && !grouping.without()
                    ? new java.util.TreeSet<>(grouping.labels()).stream().map(String::intern).toArray(String[]::new) : null;
            this.values = byNames == null ? null : new String[byNames.length];
        }

        /**
         * Entries are read in chunks of this many, one call each: the JIT then compiles a chunk's
         * method once, as any method called often. One loop over a whole stream would be compiled
         * twice, on stack replacement during the first long call and again as a whole at a later
         * call, and that loop inlines the store's cursor and the pipeline: one of the largest
         * compilations a query makes.
         */
        private static final int CHUNK = 64;

        void readLines(EntryCursor c) {
            while (linesChunk(c)) {
                // see CHUNK
            }
        }

        private boolean linesChunk(EntryCursor c) {
            for (int n = 0; n < CHUNK; n++) {
                if (!c.next()) {
                    return false;
                }
                long ts = c.timestamp();
                if (wanted(ts)) {
                    int len = c.lineLength();
                    List<LabelPair> md = metadata(c, len);
                    if (!c.mayMatch()) {
                        continue; // lacks a substring every wanted line holds (ScanHints)
                    }
                    SampleResult r = sx.process(ts, c.lineBytes(), c.lineOffset(), len, md);
                    if (r != null) {
                        add(ts, r);
                    }
                }
            }
            return true;
        }

        /**
         * As {@link #readLines} for an extractor that {@link SampleExtractor#readsTemplates() reads
         * templated lines}: each line goes as the cursor's template and values when it has them
         * (then the store rebuilds no line the pipeline does not read), else as bytes. Without
         * {@code sizes} the line bytes come from the cursor's total, as in {@link #readCounts}.
         */
        void readTemplated(EntryCursor c, boolean sizes) {
            CursorTemplatedLine templated = new CursorTemplatedLine(c);
            while (templatedChunk(c, templated, sizes)) {
                // see CHUNK
            }
            if (!sizes) {
                bytes += c.lineBytesReturned();
            }
        }

        private boolean templatedChunk(EntryCursor c, CursorTemplatedLine templated, boolean sizes) {
            for (int n = 0; n < CHUNK; n++) {
                if (!c.next()) {
                    return false;
                }
                long ts = c.timestamp();
                if (wanted(ts)) {
                    TemplatedLine t = templated.current();
                    int len = sizes ? c.lineLength() : 0;
                    List<LabelPair> md = metadata(c, len);
                    // a templated line is not searched for the required substrings: that would rebuild the block's lines
                    if (t == null && !c.mayMatch()) {
                        continue; // lacks a substring every wanted line holds (ScanHints)
                    }
                    SampleResult r = t != null ? sx.process(ts, t, md)
                            : sx.process(ts, c.lineBytes(), c.lineOffset(), c.lineLength(), md);
                    if (r != null) {
                        add(ts, r);
                    }
                }
            }
            return true;
        }

        /**
         * As {@link #readLines} for an extractor that never reads the line (see
         * {@link SampleExtractor#needsLine()}). Without {@code sizes} (no sample needs its line's
         * length, and every entry the cursor returns is wanted) the line bytes come from the
         * cursor's total, so the store need not find each line's length. With {@code filtered}, only
         * entries the cursor says hold the hinted substrings count ({@link EntryCursor#mayMatchIsExact()}).
         * {@link #countsOnly} samples without sizes are counted by the store a block or head at a time
         * when the cursor can ({@link #countWhole}).
         */
        void readCounts(EntryCursor c, boolean sizes, boolean filtered) {
            if (sizes || !countsOnly || !countWhole(c, filtered)) {
                // two loops, not one with a flag: each is compiled for its own kind of query, so a count
                // query's compiled loop is not thrown away by the first filtered one (and compiled again)
                if (filtered) {
                    while (matchesChunk(c, sizes)) {
                        // see CHUNK
                    }
                } else {
                    while (countsChunk(c, sizes)) {
                        // see CHUNK
                    }
                }
            }
            if (!sizes) {
                bytes += c.lineBytesReturned();
            }
        }

        /**
         * The count of {@link #readCounts} for {@link #countsOnly} samples: the cursor counts its
         * entries ({@link EntryCursor#countRest}) per metadata list, and each list's sample is built
         * once (a line-less sample depends only on the labels). False, having read nothing, when the
         * cursor cannot.
         */
        private boolean countWhole(EntryCursor c, boolean filtered) {
            return c.countRest(filtered, (md, entries, matches) -> {
                ex.check();
                lines += entries;
                metaBytes.add(md, entries);
                if (matches > 0) {
                    SampleResult r = sx.process(from, null, 0, 0, md);
                    if (r != null) {
                        kept += matches;
                        buffer(r).addMany(matches, r.value());
                    }
                }
            });
        }

        private boolean countsChunk(EntryCursor c, boolean sizes) {
            for (int n = 0; n < CHUNK; n++) {
                if (!c.next()) {
                    return false;
                }
                long ts = c.timestamp();
                if (wanted(ts)) {
                    int len = sizes ? c.lineLength() : 0;
                    count(ts, len, metadata(c, len));
                }
            }
            return true;
        }

        /** As {@link #countsChunk} for only the entries the cursor says hold the hinted substrings (it knows exactly). */
        private boolean matchesChunk(EntryCursor c, boolean sizes) {
            for (int n = 0; n < CHUNK; n++) {
                if (!c.next()) {
                    return false;
                }
                long ts = c.timestamp();
                if (wanted(ts)) {
                    int len = sizes ? c.lineLength() : 0;
                    List<LabelPair> md = metadata(c, len);
                    if (c.mayMatch()) {
                        count(ts, len, md);
                    }
                }
            }
            return true;
        }

        private void count(long ts, int len, List<LabelPair> md) {
            SampleResult r = sx.process(ts, null, 0, len, md);
            if (r != null) {
                add(ts, r);
            }
        }

        /** Counts the entry and says whether it falls in the range and in some step's window. */
        private boolean wanted(long ts) {
            if ((++lines & (Execution.CHECK_EVERY - 1)) == 0) {
                ex.check();
            }
            if (ts < from || ts >= to) {
                return false;
            }
            if (gaps) {
                // skip samples that fall between windows: the first window ending at or after ts must contain it
                long i = Math.max(0, ceilDiv(ts - firstEnd, stepNs));
                return i < stepCount && firstEnd + i * stepNs - rangeNs < ts;
            }
            return true;
        }

        private List<LabelPair> metadata(EntryCursor c, int len) {
            bytes += len;
            return metaBytes.add(c.structuredMetadata());
        }

        private void add(long ts, SampleResult r) {
            kept++;
            buffer(r).add(ts, r.value());
        }

        /** The buffer of {@code r}'s series. */
        private Samples buffer(SampleResult r) {
            if (byNames != null) {
                // Most samples of a stream carry its labels and one shared metadata list, untouched by
                // the stages: the same token as the sample before means the same series, found
                // without looking up a label (that was a tenth of a grouped JSON metric query).
                Object token = r.labelsToken();
                if (token != null && token == lastToken) {
                    return lastBuf;
                }
                if (r.labelValue(ERROR_LABEL) == null) {
                    Samples b = byValues(r);
                    lastToken = token;
                    return b;
                }
            }
            lastToken = null;
            lastValues = null;
            return byLabels(r);
        }

        /** The buffer of a {@code by (names)} series, from the label values alone. */
        private Samples byValues(SampleResult r) {
            boolean same = lastBuf != null && lastValues != null;
            for (int i = 0; i < byNames.length; i++) {
                String v = r.labelValue(byNames[i]);
                values[i] = v;
                if (same && !java.util.Objects.equals(v, lastValues[i])) {
                    same = false;
                }
            }
            if (!same) {
                List<LabelPair> key = new ArrayList<>(byNames.length);
                for (int i = 0; i < byNames.length; i++) {
                    if (values[i] != null && !values[i].isEmpty()) {
                        key.add(new LabelPair(byNames[i], values[i]));
                    }
                }
                lastRaw = List.copyOf(key);
                lastBuf = series.computeIfAbsent(lastRaw, k -> new Samples(summary));
                lastValues = values.clone();
            }
            return lastBuf;
        }

        private Samples byLabels(SampleResult r) {
            List<LabelPair> labels = r.labels();
            if (reduces) {
                // build the (small) group key directly; the full label set is never copied
                List<LabelPair> key = group(labels, grouping, unwrapped);
                if (lastBuf == null || !key.equals(lastRaw)) {
                    lastRaw = key == labels ? List.copyOf(labels) : key;
                    lastBuf = series.computeIfAbsent(lastRaw, k -> new Samples(summary));
                }
            } else if (lastBuf == null || !labels.equals(lastRaw)) {
                lastRaw = List.copyOf(labels);
                lastBuf = series.computeIfAbsent(lastRaw, k -> new Samples(summary));
            }
            return lastBuf;
        }

        void report() {
            ex.linesProcessed.add(lines);
            ex.bytesProcessed.add(bytes + metaBytes.total());
            ex.metadataBytes.add(metaBytes.total());
            ex.postFilterLines.add(kept);
        }
    }

    /**
     * Applies the range aggregation's own by/without, except to error series (so the error
     * surfaces, as in Loki). With {@code unwrap}, no grouping or {@code without} also drops the
     * unwrapped label itself, as Loki's extractor does.
     */
    static List<LabelPair> group(List<LabelPair> labels, Grouping grouping, String unwrapped) {
        if (LabelSets.hasSorted(labels, ERROR_LABEL)) {
            return labels;
        }
        if (grouping == null || grouping.without()) {
            List<String> drop = grouping == null ? List.of() : grouping.labels();
            if (unwrapped != null) {
                drop = new ArrayList<>(drop);
                drop.add(unwrapped);
            }
            return drop.isEmpty() ? labels : LabelSets.drop(labels, drop);
        }
        return LabelSets.keep(labels, grouping.labels());
    }

    /** One step and an operation that only needs count and sum: keep no per-sample arrays. */
    static boolean summarizable(Steps steps, RangeAggregation.Op op) {
        return steps.count() == 1 && switch (op) {
            case COUNT_OVER_TIME, RATE, BYTES_RATE, BYTES_OVER_TIME, SUM_OVER_TIME, ABSENT_OVER_TIME -> true;
            default -> false;
        };
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static SeriesData windows(RangeAggregation ra, List<LabelPair> labels, Samples s, Steps steps, long rangeNs,
                                      long offset) {
        SeriesData out = new SeriesData(labels, Math.min(steps.count(), 16));
        if (s.n == 0) {
            return out;
        }
        if (s.summary) {
            double rangeSeconds = rangeNs / 1e9;
            boolean unwrapped = ra.range().unwrap() != null;
            out.add(0, switch (ra.op()) {
                case COUNT_OVER_TIME -> s.n;
                case RATE -> unwrapped ? s.sum / rangeSeconds : s.n / rangeSeconds;
                case BYTES_RATE -> s.sum / rangeSeconds;
                default -> s.sum;
            });
            return out;
        }
        long firstEnd = steps.at(0) - offset;
        int i = 0;
        if (steps.count() > 1) {
            i = (int) Math.max(0, Math.min(steps.count(), ceilDiv(s.ts[0] - firstEnd, steps.stepNs())));
        }
        int lo = 0;
        int hi = 0;
        double rangeSeconds = rangeNs / 1e9;
        boolean unwrapped = ra.range().unwrap() != null;
        for (; i < steps.count(); i++) {
            long end = steps.at(i) - offset;
            long start = end - rangeNs;
            if (start >= s.ts[s.n - 1]) {
                break;
            }
            while (hi < s.n && s.ts[hi] <= end) {
                hi++;
            }
            while (lo < hi && s.ts[lo] <= start) {
                lo++;
            }
            if (hi > lo) {
                out.add(i, value(ra, s, lo, hi, rangeSeconds, rangeNs, unwrapped));
            }
        }
        return out;
    }

    private static double value(RangeAggregation ra, Samples s, int lo, int hi, double rangeSeconds, long rangeNs,
                                boolean unwrapped) {
        int n = hi - lo;
        return switch (ra.op()) {
            case COUNT_OVER_TIME -> n;
            case RATE -> unwrapped ? sum(s, lo, hi) / rangeSeconds : n / rangeSeconds;
            case BYTES_RATE -> sum(s, lo, hi) / rangeSeconds;
            case BYTES_OVER_TIME, SUM_OVER_TIME -> sum(s, lo, hi);
            case AVG_OVER_TIME -> {
                double mean = 0;
                double count = 0;
                for (int k = lo; k < hi; k++) {
                    count++;
                    double x = s.v[k];
                    if (Double.isInfinite(mean)) {
                        if (Double.isInfinite(x) && (mean > 0) == (x > 0)) {
                            continue;
                        }
                        if (!Double.isInfinite(x) && !Double.isNaN(x)) {
                            continue;
                        }
                    }
                    mean += x / count - mean / count;
                }
                yield mean;
            }
            case MAX_OVER_TIME -> {
                double max = s.v[lo];
                for (int k = lo; k < hi; k++) {
                    if (s.v[k] > max || Double.isNaN(max)) {
                        max = s.v[k];
                    }
                }
                yield max;
            }
            case MIN_OVER_TIME -> {
                double min = s.v[lo];
                for (int k = lo; k < hi; k++) {
                    if (s.v[k] < min || Double.isNaN(min)) {
                        min = s.v[k];
                    }
                }
                yield min;
            }
            case STDVAR_OVER_TIME -> variance(s, lo, hi);
            case STDDEV_OVER_TIME -> Math.sqrt(variance(s, lo, hi));
            case QUANTILE_OVER_TIME -> quantile(ra.parameter() == null ? Double.NaN : ra.parameter(),
                    Arrays.copyOfRange(s.v, lo, hi));
            case FIRST_OVER_TIME -> s.v[lo];
            case LAST_OVER_TIME -> s.v[hi - 1];
            case RATE_COUNTER -> counterRate(s, lo, hi, rangeNs);
            case ABSENT_OVER_TIME -> 1;
        };
    }

    private static double sum(Samples s, int lo, int hi) {
        double sum = 0;
        for (int k = lo; k < hi; k++) {
            sum += s.v[k];
        }
        return sum;
    }

    private static double variance(Samples s, int lo, int hi) {
        double aux = 0;
        double count = 0;
        double mean = 0;
        for (int k = lo; k < hi; k++) {
            count++;
            double delta = s.v[k] - mean;
            mean += delta / count;
            aux += delta * (s.v[k] - mean);
        }
        return aux / count;
    }

    /**
     * Prometheus' quantile: linear interpolation between the closest ranks of {@code values} sorted
     * with NaN first (as Go's sort.Float64s). Only the two ranks are selected (reorders {@code values}).
     */
    static double quantile(double q, double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        double n = values.length;
        double rank = q * (n - 1);
        double lower = Math.max(0, Math.floor(rank));
        double upper = Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        long[] keys = new long[values.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = orderKey(values[i]);
        }
        int lo = (int) lower;
        int hi = (int) upper;
        OrderStatistics.select(keys, lo);
        long a = keys[lo];
        long b = a;
        if (hi > lo) {
            b = keys[lo + 1];
            for (int i = lo + 2; i < keys.length; i++) {
                b = Math.min(b, keys[i]);
            }
        }
        return fromOrderKey(a) * (1 - weight) + fromOrderKey(b) * weight;
    }

    /** A long that orders as the doubles sort, NaN first, then -Inf .. -0.0, 0.0 .. +Inf. */
    static long orderKey(double v) {
        if (Double.isNaN(v)) {
            return Long.MIN_VALUE;
        }
        long bits = Double.doubleToRawLongBits(v);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    static double fromOrderKey(long key) {
        if (key == Long.MIN_VALUE) {
            return Double.NaN;
        }
        return Double.longBitsToDouble(key < 0 ? key ^ Long.MAX_VALUE : key);
    }

    /**
     * {@code rate_counter}: Prometheus' extrapolated counter rate as Loki 3.4 computes it. Loki feeds
     * nanosecond sample timestamps into a formula written for milliseconds; that is reproduced on
     * purpose so the answers match.
     */
    private static double counterRate(Samples s, int lo, int hi, long rangeNs) {
        int n = hi - lo;
        if (n < 2) {
            return 0;
        }
        long rangeMillis = rangeNs / 1_000_000;
        long firstT = s.ts[lo];
        long lastT = s.ts[hi - 1];
        long rangeStart = firstT - rangeMillis;
        long rangeEnd = lastT;
        double result = s.v[hi - 1] - s.v[lo];
        double lastValue = 0;
        for (int k = lo; k < hi; k++) {
            if (s.v[k] < lastValue) {
                result += lastValue;
            }
            lastValue = s.v[k];
        }
        double durationToStart = (firstT - rangeStart) / 1000.0;
        double durationToEnd = (rangeEnd - lastT) / 1000.0;
        double sampledInterval = (lastT - firstT) / 1000.0;
        double averageBetween = sampledInterval / (n - 1);
        if (result > 0 && s.v[lo] >= 0) {
            double durationToZero = sampledInterval * (s.v[lo] / result);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        double threshold = averageBetween * 1.1;
        double extrapolateTo = sampledInterval;
        extrapolateTo += durationToStart < threshold ? durationToStart : averageBetween / 2;
        extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetween / 2;
        result = result * (extrapolateTo / sampledInterval);
        return result / (rangeNs / 1e9);
    }

    private static List<SeriesData> absent(RangeAggregation ra, Steps steps, long rangeNs, long offset,
                                           Iterable<Samples> all) {
        boolean[] present = new boolean[steps.count()];
        for (Samples s : all) {
            if (s.summary) {
                present[0] |= s.n > 0;
                continue;
            }
            int lo = 0;
            for (int i = 0; i < steps.count(); i++) {
                long end = steps.at(i) - offset;
                long start = end - rangeNs;
                while (lo < s.n && s.ts[lo] <= start) {
                    lo++;
                }
                if (lo < s.n && s.ts[lo] <= end) {
                    present[i] = true;
                }
            }
        }
        SeriesData out = new SeriesData(absentLabels(ra.range().selector().matchers()), 16);
        for (int i = 0; i < present.length; i++) {
            if (!present[i]) {
                out.add(i, 1);
            }
        }
        return out.size == 0 ? List.of() : List.of(out);
    }

    /** Labels of an absent series: the selector's equality matchers, a name matched twice dropped (Prometheus' rule). */
    static List<LabelPair> absentLabels(List<Matcher> matchers) {
        Map<String, String> labels = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (Matcher m : matchers) {
            if (m.op() == MatchOp.EQ && !seen.contains(m.name())) {
                labels.put(m.name(), m.value());
            } else {
                labels.remove(m.name());
            }
            seen.add(m.name());
        }
        List<LabelPair> out = new ArrayList<>();
        labels.forEach((k, v) -> out.add(new LabelPair(k, v)));
        return List.copyOf(out);
    }
}
