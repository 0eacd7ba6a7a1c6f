package dev.plg.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plg.agent.component.Controller;
import dev.plg.agent.model.AgentLog;
import dev.plg.agent.model.Metrics;
import dev.plg.agent.syntax.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file in alloy-vectors/accept loads; every file in reject fails with file:line:col and Alloy's wording. */
class VectorsTest {
    @TempDir
    Path storage;

    static Path vectors(String dir) {
        try {
            return Path.of(VectorsTest.class.getResource("/alloy-vectors/" + dir).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Path> accept() throws IOException {
        return list(vectors("accept"));
    }

    static Stream<Path> reject() throws IOException {
        return list(vectors("reject"));
    }

    private static Stream<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".alloy")).sorted().toList().stream();
        }
    }

    private Controller load(Path file) throws IOException {
        AgentLog log = new AgentLog();
        log.setOutput(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return Controller.load(file.toString(), Files.readAllBytes(file), new Controller.Options(storage, new Metrics(), log, false));
    }

    @ParameterizedTest
    @MethodSource("accept")
    void acceptVectorLoads(Path file) throws IOException {
        try (Controller c = load(file)) {
            assertThat(c.nodes()).isNotNull();
        }
    }

    @ParameterizedTest
    @MethodSource("reject")
    void rejectVectorFailsWithPlaceAndWording(Path file) throws IOException {
        String first = Files.readAllLines(file, StandardCharsets.UTF_8).getFirst();
        String expected = expectedMessage(first);
        assertThatThrownBy(() -> load(file).close())
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    ConfigException ce = (ConfigException) e;
                    assertThat(ce.getMessage()).startsWith(file + ":" + ce.pos().line() + ":" + ce.pos().col() + ": ");
                    assertThat(ce.pos().line()).isGreaterThan(1);
                    assertThat(ce.pos().col()).isPositive();
                    assertThat(ce.detail()).contains(expected);
                });
    }

    /** The first double-quoted string after "->" in the vector's first-line comment, unescaped. */
    static String expectedMessage(String comment) {
        int i = comment.indexOf("-> \"");
        assertThat(i).as("expected message in %s", comment).isPositive();
        StringBuilder sb = new StringBuilder();
        for (int k = i + 4; k < comment.length(); k++) {
            char c = comment.charAt(k);
            if (c == '\\' && k + 1 < comment.length()) {
                sb.append(comment.charAt(++k));
            } else if (c == '"') {
                break;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @ParameterizedTest
    @MethodSource("reject")
    void validateCommandReportsTheSameError(Path file) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AgentMain.run(new String[]{"validate", file.toString(), "--storage.path=" + storage}, new PrintStream(err, true, StandardCharsets.UTF_8),
                java.util.Map.of());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Error: " + file + ":");
    }

    static List<String> unused() {
        return List.of();
    }
}
