package dev.plg.server.config;

import static java.util.Objects.requireNonNull;

/**
 * Where data lives: {@code common.path_prefix} and {@code common.storage.filesystem.*}.
 * Empty strings mean "not set"; {@link #dataDirectory()} resolves the directory the store uses.
 *
 * @param pathPrefix {@code common.path_prefix}
 * @param chunksDirectory {@code common.storage.filesystem.chunks_directory}
 * @param rulesDirectory {@code common.storage.filesystem.rules_directory} (kept for the ruler)
 */
public record StorageSection(String pathPrefix, String chunksDirectory, String rulesDirectory) {
    public static final StorageSection DEFAULT = new StorageSection("", "", "");

    public StorageSection {
        requireNonNull(pathPrefix, "pathPrefix is null");
        requireNonNull(chunksDirectory, "chunksDirectory is null");
        requireNonNull(rulesDirectory, "rulesDirectory is null");
    }

    /**
     * The directory PLG keeps its WAL, blocks and index in: {@code path_prefix} when set, else the
     * parent of {@code chunks_directory}, else {@code ./data/loki}.
     */
    public java.nio.file.Path dataDirectory() {
        if (!pathPrefix.isEmpty()) {
            return java.nio.file.Path.of(pathPrefix);
        }
        if (!chunksDirectory.isEmpty()) {
            java.nio.file.Path parent = java.nio.file.Path.of(chunksDirectory).toAbsolutePath().getParent();
            return parent != null ? parent : java.nio.file.Path.of(chunksDirectory);
        }
        return java.nio.file.Path.of("data", "loki");
    }
}
