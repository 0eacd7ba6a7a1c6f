package dev.plg.logql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.plg.logql.ast.Expr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Every query of the shared conformance suite: print(parse(q)) is stable and reparses to the same tree. */
class ConformanceQueriesTest {
    static final Path CASES = Path.of("/work/shared/conformance/cases");

    record Case(String id, String kind, String query) {
    }

    static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        if (!Files.isDirectory(CASES)) {
            return out;
        }
        JsonFactory f = new JsonFactory();
        try (Stream<Path> files = Files.list(CASES)) {
            for (Path p : files.sorted().toList()) {
                for (String line : Files.readAllLines(p)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String id = null;
                    String kind = null;
                    String query = null;
                    try (JsonParser jp = f.createParser(line)) {
                        int depth = 0;
                        String field = null;
                        for (JsonToken t = jp.nextToken(); t != null; t = jp.nextToken()) {
                            switch (t) {
                                case START_OBJECT, START_ARRAY -> depth++;
                                case END_OBJECT, END_ARRAY -> depth--;
                                case FIELD_NAME -> field = jp.currentName();
                                case VALUE_STRING -> {
                                    if (depth == 1 && "id".equals(field)) {
                                        id = jp.getText();
                                    } else if (depth == 1 && "kind".equals(field)) {
                                        kind = jp.getText();
                                    } else if (depth == 2 && "query".equals(field)) {
                                        query = jp.getText();
                                    }
                                }
                                default -> {
                                }
                            }
                        }
                    }
                    if (query != null) {
                        out.add(new Case(id, kind, query));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyNonErrorQueryParsesAndRoundTrips() throws IOException {
        List<Case> cases = cases();
        Assumptions.assumeFalse(cases.isEmpty(), "conformance suite not present");
        int n = 0;
        for (Case c : cases) {
            if (c.kind().equals("error")) {
                continue;
            }
            Expr e = LogQL.parse(c.query());
            String printed = LogQL.format(e);
            Expr again = LogQL.parse(printed);
            assertThat(LogQL.format(again)).as(c.id()).isEqualTo(printed);
            n++;
        }
        assertThat(n).isGreaterThan(250);
    }

    public static void main(String[] args) throws IOException {
        for (Case c : cases()) {
            try {
                System.out.println(c.id() + "\t" + LogQL.format(LogQL.parse(c.query())));
            } catch (RuntimeException e) {
                System.out.println(c.id() + "\tERR " + e.getMessage());
            }
        }
    }
}
