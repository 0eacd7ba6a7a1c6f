package dev.plg.query;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.push.LabelPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataBytesTest {

    @Test
    void utf8LengthIsWhatEncodingGives() {
        for (String s : List.of("", "info", "é", "계정 잠김", "trace-🙂-id", "\uD83D", "a\uDE42b", "\u07FF\u0800\uFFFF")) {
            assertThat(MetadataBytes.utf8Length(s)).as(s).isEqualTo(s.getBytes(UTF_8).length);
        }
    }

    @Test
    void countsEveryEntryOnceWhetherItsListIsTheLastOneOrNot() {
        List<LabelPair> info = List.of(new LabelPair("detected_level", "info"));
        List<LabelPair> user = List.of(new LabelPair("user", "김"), new LabelPair("trace_id", "ab"));
        MetadataBytes m = new MetadataBytes();
        assertThat(m.add(info)).isSameAs(info);
        m.add(info);
        m.add(user);
        m.add(new ArrayList<>(info)); // an equal list, not the same one
        m.add(List.of());
        assertThat(m.total()).isEqualTo(3 * (14 + 4) + (4 + 3 + 8 + 2));
        m.add(user, 5); // the last list again, for five entries at once
        m.add(info, 2);
        assertThat(m.total()).isEqualTo(5 * (14 + 4) + 6 * (4 + 3 + 8 + 2));
    }
}
