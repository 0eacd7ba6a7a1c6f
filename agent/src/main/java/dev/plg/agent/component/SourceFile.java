package dev.plg.agent.component;

import dev.plg.agent.model.Labels;
import dev.plg.agent.model.LogEntry;
import dev.plg.agent.model.LogsReceiver;
import dev.plg.agent.tail.FileTailer;
import dev.plg.agent.tail.Positions;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code loki.source.file}: one {@link FileTailer} per target, positions in
 * {@code <storage>/<id>/positions.yml}, entries labelled with the target's non-{@code __} labels plus
 * {@code filename}. Targets come from the {@code targets} argument (re-evaluated when
 * {@code local.file_match} exports change) or, with {@code file_match { enabled = true }}, from its own
 * globbing.
 */
public final class SourceFile implements Component {
    /** Alloy writes positions every 10 s; PLG also writes shortly after each acknowledgement. */
    static final Duration POSITIONS_SYNC = Duration.ofSeconds(10);

    public static Schema schema() {
        return Schema.builder()
                .required("targets", Schema.Type.TARGETS)
                .required("forward_to", Schema.Type.RECEIVERS)
                .optional("encoding", Schema.Type.STRING, "")
                .optional("tail_from_end", Schema.Type.BOOL, false)
                .optional("legacy_positions_file", Schema.Type.STRING, "")
                .optional("on_positions_file_error", Schema.Type.STRING, "restart_from_beginning")
                .block("file_watch", () -> Schema.builder()
                        .optional("min_poll_frequency", Schema.Type.DURATION, Duration.ofMillis(250))
                        .optional("max_poll_frequency", Schema.Type.DURATION, Duration.ofMillis(250)).build())
                .block("file_match", () -> Schema.builder()
                        .optional("enabled", Schema.Type.BOOL, false)
                        .optional("sync_period", Schema.Type.DURATION, Duration.ofSeconds(10))
                        .optional("ignore_older_than", Schema.Type.DURATION, Duration.ZERO).build())
                .block("decompression", () -> Schema.builder()
                        .required("enabled", Schema.Type.BOOL)
                        .required("format", Schema.Type.STRING)
                        .optional("initial_delay", Schema.Type.DURATION, Duration.ZERO).build())
                .build();
    }

    private final ComponentContext ctx;
    private volatile List<LogsReceiver> forwardTo = List.of();
    private List<Map<String, String>> targets = List.of();
    private FileTailer.Config config;
    private boolean fileMatch;
    private Duration fileMatchSync;
    private Duration ignoreOlderThan;
    private String legacyPositions;
    private Positions positions;
    private final Map<Positions.Key, FileTailer> tailers = new LinkedHashMap<>();
    private final List<Thread> drains = new ArrayList<>();
    private Thread matcher;
    private boolean started;
    private volatile boolean closed;

    public SourceFile(ComponentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public synchronized void update(Args args) {
        Charset cs = null;
        String enc = args.string("encoding");
        if (!enc.isEmpty()) {
            try {
                cs = Charset.forName(enc);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("unsupported encoding \"" + enc + "\"");
            }
        }
        String onError = args.string("on_positions_file_error");
        if (!List.of("skip", "restart_from_end", "restart_from_beginning").contains(onError)) {
            throw new IllegalArgumentException("unknown OnPositionsFileError value: " + onError);
        }
        Args fw = args.block("file_watch");
        Duration min = fw == null ? Duration.ofMillis(250) : fw.duration("min_poll_frequency");
        Duration max = fw == null ? Duration.ofMillis(250) : fw.duration("max_poll_frequency");
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException("file_watch min_poll_frequency must be no greater than max_poll_frequency");
        }
        Args fm = args.block("file_match");
        boolean fmEnabled = fm != null && fm.bool("enabled");
        if (fm != null && (fm.duration("sync_period").isZero() || fm.duration("sync_period").isNegative())) {
            throw new IllegalArgumentException("file_match sync_period must be greater than 0");
        }
        Args dc = args.block("decompression");
        String decompression = null;
        if (dc != null && dc.bool("enabled")) {
            String f = dc.string("format");
            if (!List.of("gz", "z", "bz2").contains(f)) {
                throw new IllegalArgumentException("unsupported decompression format \"" + f + "\"");
            }
            if (args.bool("tail_from_end")) {
                throw new IllegalArgumentException("decompression cannot be combined with tail_from_end");
            }
            decompression = f;
        }
        forwardTo = args.receivers("forward_to");
        config = new FileTailer.Config(min, max, args.bool("tail_from_end"), cs, decompression);
        fileMatch = fmEnabled;
        fileMatchSync = fm == null ? Duration.ofSeconds(10) : fm.duration("sync_period");
        ignoreOlderThan = fm == null ? Duration.ZERO : fm.duration("ignore_older_than");
        legacyPositions = args.string("legacy_positions_file");
        targets = args.targets("targets");
        if (started) {
            reconcile();
        }
    }

    private void emit(List<LogEntry> entries) {
        LogsReceiver.fanOut(forwardTo, entries);
    }

    /** Target labels without {@code __*} as Alloy renders them in positions keys. */
    static Labels publicLabels(Map<String, String> target) {
        Map<String, String> m = new TreeMap<>();
        target.forEach((k, v) -> {
            if (!k.startsWith("__")) {
                m.put(k, v);
            }
        });
        return Labels.of(m);
    }

    @Override
    public synchronized void start() {
        started = true;
        try {
            Files.createDirectories(ctx.dataDir());
            positions = Positions.open(ctx.dataDir().resolve("positions.yml"), ctx.log(), POSITIONS_SYNC);
            importLegacy();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open positions file in " + ctx.dataDir() + ": " + e.getMessage(), e);
        }
        positions.start();
        ctx.metrics().gaugeFunction("loki_source_file_files_active_total", "Number of active files.", () -> {
            synchronized (SourceFile.this) {
                return tailers.size();
            }
        });
        // Leftovers come from the positions as loaded: once tailers run, a tailer finishing a file rotated
        // while the agent was down may move entries between names (and would be raced by a second reader).
        Map<Positions.Key, Positions.Position> saved = positions.snapshot();
        reconcile();
        finishLeftovers(saved);
        if (fileMatch) {
            matcher = Thread.ofVirtual().name(ctx.id() + "-file_match").start(() -> {
                while (!closed) {
                    try {
                        Thread.sleep(fileMatchSync);
                    } catch (InterruptedException e) {
                        return;
                    }
                    synchronized (SourceFile.this) {
                        if (!closed) {
                            reconcile();
                        }
                    }
                }
            });
        }
    }

    private void importLegacy() throws IOException {
        if (legacyPositions.isEmpty() || !positions.keys().isEmpty()) {
            return;
        }
        Path legacy = Path.of(legacyPositions);
        if (!Files.exists(legacy)) {
            return;
        }
        for (Map.Entry<Positions.Key, String> e : Positions.parse(Files.readString(legacy), legacy).entrySet()) {
            try {
                positions.put(e.getKey(), Long.parseLong(e.getValue()), 0);
            } catch (NumberFormatException ignored) {
                // skip unparsable legacy offsets
            }
        }
    }

    private List<Map<String, String>> effectiveTargets() {
        if (fileMatch) {
            return LocalFileMatch.glob(targets, ignoreOlderThan);
        }
        return targets;
    }

    /** Starts tailers for new targets and stops those whose target is gone (forgetting their position). */
    private void reconcile() {
        Map<Positions.Key, Map<String, String>> wanted = new LinkedHashMap<>();
        for (Map<String, String> t : effectiveTargets()) {
            String p = t.get("__path__");
            if (p == null) {
                continue;
            }
            wanted.put(new Positions.Key(p, publicLabels(t).toString()), t);
        }
        for (Positions.Key k : new ArrayList<>(tailers.keySet())) {
            if (!wanted.containsKey(k)) {
                FileTailer t = tailers.remove(k);
                t.stop();
                if (!Files.exists(Path.of(k.path()))) {
                    positions.remove(k);
                }
                ctx.log().info("stopped tailing file", "component_id", ctx.id(), "path", k.path());
            }
        }
        for (Map.Entry<Positions.Key, Map<String, String>> e : wanted.entrySet()) {
            if (tailers.containsKey(e.getKey())) {
                continue;
            }
            Map<String, String> t = e.getValue();
            Labels labels = publicLabels(t).with("filename", t.get("__path__"));
            FileTailer tailer = new FileTailer(Path.of(t.get("__path__")), labels, positions, e.getKey(), config, this::emit,
                    ctx.metrics(), ctx.id(), ctx.log());
            tailers.put(e.getKey(), tailer);
            tailer.start();
            ctx.log().info("tail routine: started", "component_id", ctx.id(), "path", t.get("__path__"));
        }
    }

    /**
     * Positions left by a previous run for files that are not targets any more but still exist
     * (the unacknowledged tail of a rotated file): read them to the end once.
     */
    private void finishLeftovers(Map<Positions.Key, Positions.Position> saved) {
        // Files a live tailer was reading when the agent stopped: that tailer finishes them itself (even
        // when they were rotated away meanwhile), so they are not drained a second time here.
        java.util.Set<Long> followedByTailers = new java.util.HashSet<>();
        saved.forEach((k, pos) -> {
            if (tailers.containsKey(k) && pos.inode() != 0) {
                followedByTailers.add(pos.inode());
            }
        });
        for (Map.Entry<Positions.Key, Positions.Position> e : saved.entrySet()) {
            Positions.Key k = e.getKey();
            Positions.Position pos = e.getValue();
            if (tailers.containsKey(k) || followedByTailers.contains(pos.inode())) {
                continue;
            }
            Path p = Path.of(k.path());
            try {
                if (Files.isRegularFile(p) && pos.offset() >= 0 && (pos.inode() != 0 || pos.offset() < Files.size(p))) {
                    Labels labels = parseLabels(k.labels()).with("filename", baseFilename(k.path()));
                    ctx.log().info("finishing rotated file left over from the previous run", "component_id", ctx.id(), "path", k.path());
                    drains.add(FileTailer.drainLeftover(p, labels, positions, k, pos, config, this::emit, ctx.metrics(), ctx.id(),
                            ctx.log()));
                } else {
                    positions.removeIfOwner(k, pos.inode());
                }
            } catch (IOException ex) {
                positions.removeIfOwner(k, pos.inode());
            }
        }
    }

    /**
     * The {@code filename} label of a rotated file's lines: the live file's name when some target
     * lives in the same directory with a name the rotated one starts with ({@code app.log.1} → {@code app.log}).
     */
    private String baseFilename(String rotated) {
        for (Positions.Key k : tailers.keySet()) {
            if (rotated.startsWith(k.path()) && !rotated.equals(k.path())) {
                return k.path();
            }
        }
        return rotated;
    }

    static Labels parseLabels(String text) {
        Map<String, String> m = new TreeMap<>();
        String s = text.strip();
        if (s.startsWith("{") && s.endsWith("}")) {
            s = s.substring(1, s.length() - 1);
        }
        int i = 0;
        while (i < s.length()) {
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = s.substring(i, eq).strip();
            int q = eq + 1;
            if (q >= s.length() || s.charAt(q) != '"') {
                break;
            }
            StringBuilder v = new StringBuilder();
            int j = q + 1;
            while (j < s.length() && s.charAt(j) != '"') {
                if (s.charAt(j) == '\\' && j + 1 < s.length()) {
                    j++;
                    v.append(s.charAt(j) == 'n' ? '\n' : s.charAt(j));
                } else {
                    v.append(s.charAt(j));
                }
                j++;
            }
            m.put(name, v.toString());
            i = j + 1;
            while (i < s.length() && (s.charAt(i) == ',' || s.charAt(i) == ' ')) {
                i++;
            }
        }
        return Labels.of(m);
    }

    @Override
    public void close() {
        List<FileTailer> toStop;
        synchronized (this) {
            closed = true;
            if (matcher != null) {
                matcher.interrupt();
            }
            toStop = new ArrayList<>(tailers.values());
            tailers.clear();
            drains.forEach(Thread::interrupt);
        }
        for (FileTailer t : toStop) {
            t.stop();
        }
        if (positions != null) {
            positions.flush();
        }
    }

    /** Writers have drained by now: the acknowledgements they produced go into the final positions. */
    @Override
    public void afterGraphClosed() {
        if (positions != null) {
            positions.close();
        }
    }

    @Override
    public synchronized Map<String, Object> debugInfo() {
        Map<String, Object> files = new LinkedHashMap<>();
        for (FileTailer t : tailers.values()) {
            files.put(t.path().toString(), Map.of("read_offset", t.readOffset(), "acknowledged_offset", t.ackedOffset()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("files", files);
        if (positions != null) {
            Map<String, Object> saved = new LinkedHashMap<>();
            positions.snapshot().forEach((k, v) -> saved.put(k.path() + " " + k.labels(), v.offset()));
            out.put("positions", saved);
        }
        return out;
    }

    /** The positions file path (for tests and the status page). */
    public Path positionsFile() {
        return ctx.dataDir().resolve("positions.yml");
    }
}
