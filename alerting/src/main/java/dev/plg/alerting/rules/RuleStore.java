package dev.plg.alerting.rules;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Rule files on disk in Loki's local layout: {@code <directory>/<tenant>/<namespace>}, one YAML
 * file per namespace (the file name is the namespace, e.g. {@code seed-rules.yaml}). Hidden files
 * and sub-directories are ignored. Writes replace a file atomically. Thread-safe: writers are
 * serialised on this object; readers see whole files.
 */
public final class RuleStore {
    /** Everything read from the directory: valid namespaces and one message per invalid file. */
    public record Snapshot(Map<String, Map<String, List<RuleGroup>>> tenants, List<String> errors) {
        public Snapshot {
            tenants = Map.copyOf(tenants);
            errors = List.copyOf(errors);
        }
    }

    private final Path directory;

    public RuleStore(Path directory) {
        this.directory = requireNonNull(directory, "directory is null");
    }

    public Path directory() {
        return directory;
    }

    /** Reads every tenant; an invalid file is left out and reported in {@link Snapshot#errors()}. */
    public synchronized Snapshot loadAll() {
        Map<String, Map<String, List<RuleGroup>>> tenants = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return new Snapshot(tenants, errors);
        }
        try (Stream<Path> dirs = Files.list(directory)) {
            for (Path t : dirs.sorted().toList()) {
                if (!Files.isDirectory(t) || t.getFileName().toString().startsWith(".")) {
                    continue;
                }
                Map<String, List<RuleGroup>> namespaces = new TreeMap<>();
                for (Path f : files(t)) {
                    try {
                        namespaces.put(f.getFileName().toString(), read(f));
                    } catch (RuleValidationException e) {
                        errors.addAll(e.errors());
                    }
                }
                tenants.put(t.getFileName().toString(), namespaces);
            }
        } catch (IOException e) {
            errors.add("unable to read rule dir " + directory + ": " + e.getMessage());
        }
        return new Snapshot(tenants, errors);
    }

    /**
     * The namespaces of one tenant. Fails like Loki when the tenant's directory is missing
     * ({@code unable to read rule dir <dir>/<tenant>: open ...: no such file or directory}) and
     * with the file's validation errors when one is invalid.
     */
    public synchronized Map<String, List<RuleGroup>> namespaces(String tenant) {
        Path dir = tenantDir(tenant);
        if (!Files.isDirectory(dir)) {
            throw new UncheckedIOException(new NoSuchFileException("unable to read rule dir " + dir + ": open " + dir
                    + ": no such file or directory"));
        }
        Map<String, List<RuleGroup>> out = new TreeMap<>();
        for (Path f : files(dir)) {
            out.put(f.getFileName().toString(), read(f));
        }
        return out;
    }

    /** Adds the group to the namespace, replacing a group of the same name (Loki's {@code POST /rules/<ns>}). */
    public synchronized void putGroup(String tenant, String namespace, RuleGroup group) {
        RuleFiles.validate(group);
        Path file = namespaceFile(tenant, namespace);
        List<RuleGroup> groups = new ArrayList<>(Files.exists(file) ? read(file) : List.of());
        boolean replaced = false;
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).name().equals(group.name())) {
                groups.set(i, group);
                replaced = true;
            }
        }
        if (!replaced) {
            groups.add(group);
        }
        write(file, groups);
    }

    /** Removes one group; returns false when there was no such group. */
    public synchronized boolean deleteGroup(String tenant, String namespace, String group) {
        Path file = namespaceFile(tenant, namespace);
        if (!Files.exists(file)) {
            return false;
        }
        List<RuleGroup> groups = new ArrayList<>(read(file));
        boolean removed = groups.removeIf(g -> g.name().equals(group));
        if (removed) {
            if (groups.isEmpty()) {
                delete(file);
            } else {
                write(file, groups);
            }
        }
        return removed;
    }

    /** Removes a namespace file; returns false when there was none. */
    public synchronized boolean deleteNamespace(String tenant, String namespace) {
        Path file = namespaceFile(tenant, namespace);
        if (!Files.exists(file)) {
            return false;
        }
        delete(file);
        return true;
    }

    private Path tenantDir(String tenant) {
        checkName("tenant", tenant);
        return directory.resolve(tenant);
    }

    private Path namespaceFile(String tenant, String namespace) {
        checkName("namespace", namespace);
        return tenantDir(tenant).resolve(namespace);
    }

    private static void checkName(String what, String name) {
        requireNonNull(name, what + " is null");
        if (name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\") || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid " + what + " name: \"" + name + "\"");
        }
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().endsWith(".tmp")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list rule dir " + dir, e);
        }
    }

    private static List<RuleGroup> read(Path file) {
        try {
            return RuleFiles.parseFile(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RuleValidationException(List.of(file + ": " + e.getMessage()));
        }
    }

    private static void write(Path file, List<RuleGroup> groups) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, RuleFiles.formatFile(groups), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write rule file " + file, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete rule file " + file, e);
        }
    }
}
