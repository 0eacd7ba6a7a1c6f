package dev.plg.agent.tail;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * Doublestar-style globbing ({@code **}, {@code *}, {@code ?}, {@code [..]}, {@code {a,b}}) over the
 * local file system; returns absolute paths of regular files, sorted.
 */
public final class Glob {
    private Glob() {
    }

    public static List<Path> expand(String pattern, String exclude) {
        Path abs = Path.of(pattern).toAbsolutePath();
        String absPattern = abs.toString();
        if (!hasMeta(absPattern)) {
            return Files.isRegularFile(abs) && !excluded(abs, exclude) ? List.of(abs.normalize()) : List.of();
        }
        Path base = abs.getRoot();
        int depth = 0;
        boolean recursive = false;
        boolean inMeta = false;
        for (Path part : abs) {
            String s = part.toString();
            if (!inMeta && !hasMeta(s)) {
                base = base.resolve(s);
                continue;
            }
            inMeta = true;
            depth++;
            if (s.contains("**")) {
                recursive = true;
            }
        }
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absPattern);
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(base, recursive ? Integer.MAX_VALUE : depth, EnumSet.noneOf(FileVisitOption.class).toArray(new FileVisitOption[0]))) {
            s.filter(p -> matcher.matches(p) || (absPattern.contains("/**/") && matcher2(absPattern).matches(p)))
                    .filter(Files::isRegularFile)
                    .filter(p -> !excluded(p, exclude))
                    .forEach(out::add);
        } catch (IOException | java.io.UncheckedIOException e) {
            // unreadable directories are skipped, as Alloy does
        }
        out.sort(null);
        return out;
    }

    /** Java's {@code a/**}{@code /b} needs at least one directory; doublestar also matches zero. */
    private static PathMatcher matcher2(String absPattern) {
        return FileSystems.getDefault().getPathMatcher("glob:" + absPattern.replace("/**/", "/"));
    }

    private static boolean excluded(Path p, String exclude) {
        if (exclude == null || exclude.isEmpty()) {
            return false;
        }
        String ex = Path.of(exclude).toAbsolutePath().toString();
        return FileSystems.getDefault().getPathMatcher("glob:" + ex).matches(p);
    }

    static boolean hasMeta(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }
}
