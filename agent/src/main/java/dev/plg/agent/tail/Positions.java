package dev.plg.agent.tail;

import static java.util.Objects.requireNonNull;

import dev.plg.agent.model.AgentLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Saved read positions of one {@code loki.source.file}, in Alloy's YAML format:
 * <pre>
 * positions:
 *   ? path: /var/log/app/app.log
 *     labels: '{}'
 *   : "4711"
 * </pre>
 * Offsets here are <em>acknowledged</em> offsets: the end of the last line the store accepted.
 * Alongside, {@code positions.yml.plg} (same layout, values {@code "<inode>:<offset>"}) records each
 * file's inode so a restart notices a rotation that happened while the agent was down; it is written
 * first, so when the agent dies between the two writes it is the newer, consistent one and wins. Files are written atomically (temp + rename) by a background
 * thread shortly after a change, every sync period, and on close. Thread-safe.
 */
public final class Positions implements AutoCloseable {

    /** Position key: the path and the target's non-{@code __} labels as text. */
    public record Key(String path, String labels) implements Comparable<Key> {
        public Key {
            requireNonNull(path, "path is null");
            requireNonNull(labels, "labels is null");
        }

        @Override
        public int compareTo(Key o) {
            int c = path.compareTo(o.path);
            return c != 0 ? c : labels.compareTo(o.labels);
        }
    }

    /** Offset plus the inode the offset belongs to (0 when unknown). */
    public record Position(long offset, long inode) {
    }

    /** Minimum spacing of writes triggered by acknowledgements. */
    private static final Duration WRITE_SPACING = Duration.ofMillis(25);

    private final Path file;
    private final Path idFile;
    private final AgentLog log;
    private final Duration syncPeriod;
    private final Map<Key, Position> positions = new TreeMap<>();
    private boolean dirty;
    private boolean closed;
    private Thread writer;

    private Positions(Path file, AgentLog log, Duration syncPeriod) {
        this.file = file;
        this.idFile = file.resolveSibling(file.getFileName() + ".plg");
        this.log = log;
        this.syncPeriod = syncPeriod;
    }

    /** Opens (and reads, if present) the positions file; an unparsable file is an error. */
    public static Positions open(Path file, AgentLog log, Duration syncPeriod) throws IOException {
        Positions p = new Positions(file, log, syncPeriod);
        if (Files.exists(file)) {
            Map<Key, String> raw = parse(Files.readString(file, StandardCharsets.UTF_8), file);
            Map<Key, Long> inodes = new LinkedHashMap<>();
            Map<Key, Long> sideOffsets = new LinkedHashMap<>();
            // The side file is written first: when it is at least as new, it holds the newest consistent
            // snapshot even if the agent died between the two writes.
            boolean sideIsNewer = Files.exists(p.idFile)
                    && Files.getLastModifiedTime(p.idFile).compareTo(Files.getLastModifiedTime(file)) >= 0;
            if (Files.exists(p.idFile)) {
                for (Map.Entry<Key, String> e : parse(Files.readString(p.idFile, StandardCharsets.UTF_8), p.idFile).entrySet()) {
                    String v = e.getValue();
                    int colon = v.indexOf(':');
                    try {
                        inodes.put(e.getKey(), Long.parseLong(colon < 0 ? v : v.substring(0, colon)));
                        if (colon >= 0) {
                            sideOffsets.put(e.getKey(), Long.parseLong(v.substring(colon + 1)));
                        }
                    } catch (NumberFormatException ignored) {
                        // unknown inode
                    }
                }
            }
            if (sideIsNewer && !sideOffsets.isEmpty()) {
                for (Map.Entry<Key, Long> e : sideOffsets.entrySet()) {
                    p.positions.put(e.getKey(), new Position(e.getValue(), inodes.getOrDefault(e.getKey(), 0L)));
                }
                for (Map.Entry<Key, String> e : raw.entrySet()) {
                    if (!p.positions.containsKey(e.getKey()) && !inodes.containsKey(e.getKey())) {
                        p.positions.put(e.getKey(), new Position(parseOffset(e.getValue()), 0));
                    }
                }
            } else {
                for (Map.Entry<Key, String> e : raw.entrySet()) {
                    p.positions.put(e.getKey(), new Position(parseOffset(e.getValue()), inodes.getOrDefault(e.getKey(), 0L)));
                }
            }
        }
        return p;
    }

    private static long parseOffset(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reads an Alloy positions file or Promtail's legacy flat one (labels {@code {}}). */
    public static Map<Key, String> parse(String yaml, Path source) throws IOException {
        Map<Key, String> out = new LinkedHashMap<>();
        List<String> lines = yaml.lines().toList();
        String path = null;
        String labels = "{}";
        boolean seenRoot = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.equals("positions:") || line.equals("positions: {}")) {
                seenRoot = true;
                continue;
            }
            if (!seenRoot) {
                throw new IOException("invalid yaml positions file [" + source + "]: expected 'positions:' but got: " + line);
            }
            if (line.startsWith("? path:")) {
                path = unquote(line.substring(7).strip());
                labels = "{}";
            } else if (line.startsWith("labels:")) {
                labels = unquote(line.substring(7).strip());
            } else if (line.startsWith(": ")) {
                if (path == null) {
                    throw new IOException("invalid yaml positions file [" + source + "]: value without key");
                }
                out.put(new Key(path, labels), unquote(line.substring(2).strip()));
                path = null;
            } else {
                int colon = line.lastIndexOf(": ");
                if (colon < 0) {
                    throw new IOException("invalid yaml positions file [" + source + "]: cannot parse line: " + line);
                }
                out.put(new Key(unquote(line.substring(0, colon).strip()), "{}"), unquote(line.substring(colon + 2).strip()));
            }
        }
        return out;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
            return s.substring(1, s.length() - 1).replace("''", "'");
        }
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            String inner = s.substring(1, s.length() - 1);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '\\' && i + 1 < inner.length()) {
                    char n = inner.charAt(++i);
                    sb.append(switch (n) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> n;
                    });
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
        return s;
    }

    /** Renders in Alloy's format (keys sorted). */
    static String render(Map<Key, String> values) {
        StringBuilder sb = new StringBuilder("positions:\n");
        for (Map.Entry<Key, String> e : values.entrySet()) {
            sb.append("  ? path: ").append(plainOrQuoted(e.getKey().path())).append('\n');
            sb.append("    labels: '").append(e.getKey().labels().replace("'", "''")).append("'\n");
            sb.append("  : \"").append(e.getValue()).append("\"\n");
        }
        return sb.toString();
    }

    private static String plainOrQuoted(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "/._-+@".indexOf(c) >= 0)) {
            return s;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    public synchronized Position get(Key key) {
        return positions.get(key);
    }

    public synchronized List<Key> keys() {
        return new ArrayList<>(positions.keySet());
    }

    public synchronized Map<Key, Position> snapshot() {
        return new TreeMap<>(positions);
    }

    public synchronized void put(Key key, long offset, long inode) {
        Position old = positions.put(key, new Position(offset, inode));
        if (old == null || old.offset() != offset || old.inode() != inode) {
            dirty = true;
            notifyAll();
        }
    }

    /**
     * Records a position for the file with {@code inode} unless {@code key} now belongs to another file
     * (a later rotation took the name); returns whether it did.
     */
    public synchronized boolean putIfOwner(Key key, long offset, long inode) {
        Position cur = positions.get(key);
        if (cur != null && cur.inode() != inode) {
            return false;
        }
        put(key, offset, inode);
        return true;
    }

    /**
     * Records {@code offset} for the rotated-away file {@code inode}, wherever its entry lives now: a
     * further rotation moves the entry to the next name ({@code .1} → {@code .2}), so a name recorded
     * at the first rotation goes stale. Entries of {@code livePath} and of other labels are skipped;
     * nothing happens when the file has no entry (it was fully acknowledged when it rotated).
     */
    public synchronized void putRotated(String labels, String livePath, long inode, long offset) {
        Key k = rotatedKey(labels, livePath, inode);
        if (k != null) {
            put(k, offset, inode);
        }
    }

    /** Forgets the entry of the rotated-away file {@code inode} (see {@link #putRotated}). */
    public synchronized void removeRotated(String labels, String livePath, long inode) {
        Key k = rotatedKey(labels, livePath, inode);
        if (k != null) {
            remove(k);
        }
    }

    private Key rotatedKey(String labels, String livePath, long inode) {
        if (inode == 0) {
            return null;
        }
        for (Map.Entry<Key, Position> e : positions.entrySet()) {
            if (e.getValue().inode() == inode && e.getKey().labels().equals(labels) && !e.getKey().path().equals(livePath)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Removes {@code key} only while it still belongs to the file with {@code inode}. */
    public synchronized void removeIfOwner(Key key, long inode) {
        Position cur = positions.get(key);
        if (cur != null && cur.inode() == inode) {
            remove(key);
        }
    }

    public synchronized void remove(Key key) {
        if (positions.remove(key) != null) {
            dirty = true;
            notifyAll();
        }
    }

    /** Starts the background writer. */
    public synchronized void start() {
        if (writer != null) {
            return;
        }
        writer = Thread.ofVirtual().name("positions-" + file.getParent().getFileName()).start(this::loop);
    }

    private void loop() {
        long periodMs = Math.max(1, syncPeriod.toMillis());
        while (true) {
            synchronized (this) {
                long deadline = System.currentTimeMillis() + periodMs;
                while (!dirty && !closed) {
                    long wait = deadline - System.currentTimeMillis();
                    if (wait <= 0) {
                        break;
                    }
                    try {
                        wait(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
            }
            flush();
            try {
                Thread.sleep(WRITE_SPACING);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Writes the file now if anything changed. */
    public void flush() {
        Map<Key, String> offsets = new TreeMap<>();
        Map<Key, String> inodes = new TreeMap<>();
        synchronized (this) {
            if (!dirty) {
                return;
            }
            dirty = false;
            for (Map.Entry<Key, Position> e : positions.entrySet()) {
                if (e.getValue().offset() < 0) {
                    continue;
                }
                offsets.put(e.getKey(), Long.toString(e.getValue().offset()));
                inodes.put(e.getKey(), e.getValue().inode() + ":" + e.getValue().offset());
            }
        }
        try {
            Files.createDirectories(file.getParent());
            writeAtomically(idFile, render(inodes));
            writeAtomically(file, render(offsets));
        } catch (IOException e) {
            synchronized (this) {
                dirty = true;
            }
            log.error("error writing positions file", "path", file, "err", e.toString());
        }
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        Thread w;
        synchronized (this) {
            closed = true;
            notifyAll();
            w = writer;
        }
        if (w != null) {
            try {
                w.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }
}
