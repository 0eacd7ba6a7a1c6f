package dev.plg.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plg.store.read.Direction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Loki 3.4.2's parameter rules ({@code pkg/loghttp/params.go}), one case per line. */
class ParamsTest {
    static final long NOW = 1_767_247_200_000_000_000L; // 2026-01-01T06:00:00Z
    static final long S = 1_000_000_000L;

    static Params params(String... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], List.of(kv[i + 1]));
        }
        return new Params(m, NOW);
    }

    static void timestamp(String text, long expected) {
        assertThat(Params.timestamp(text, -1)).as(text).isEqualTo(expected);
    }

    @Test
    void timestamps() {
        timestamp("", -1);
        timestamp("1767225600", 1_767_225_600L * S);
        timestamp("1767225600000000000", 1_767_225_600L * S);
        timestamp("1767225600.5", 1_767_225_600L * S + 500_000_000L);
        timestamp("1767225600.1234", 1_767_225_600L * S + 123_000_000L);
        timestamp("4000000000", 4_000_000_000L * S);
        timestamp("2026-01-01T00:00:00Z", 1_767_225_600L * S);
        timestamp("2026-01-01T01:00:00+01:00", 1_767_225_600L * S);
        timestamp("2026-01-01T00:00:00.123456789Z", 1_767_225_600L * S + 123_456_789L);
        assertThatThrownBy(() -> Params.timestamp("yesterday", 0))
                .hasMessage("strconv.ParseInt: parsing \"yesterday\": invalid syntax");
    }

    @Test
    void boundsDefaults() {
        assertThat(params().bounds()).containsExactly(NOW - 3600 * S, NOW);
        assertThat(params("since", "6h").bounds()).containsExactly(NOW - 6 * 3600 * S, NOW);
        assertThat(params("end", Long.toString(NOW + 3600 * S)).bounds()).containsExactly(NOW - 3600 * S, NOW + 3600 * S);
        assertThatThrownBy(() -> params("end", "x").bounds())
                .hasMessage("could not parse 'end' parameter: strconv.ParseInt: parsing \"x\": invalid syntax");
    }

    @Test
    void limitDirectionStep() {
        assertThat(params().limit()).isEqualTo(100);
        assertThat(params("limit", "1000").limit()).isEqualTo(1000);
        assertThatThrownBy(() -> params("limit", "0").limit()).hasMessage("limit must be a positive value");
        assertThatThrownBy(() -> params("limit", "x").limit())
                .hasMessage("strconv.ParseInt: parsing \"x\": invalid syntax");
        assertThat(params().direction()).isEqualTo(Direction.BACKWARD);
        assertThat(params("direction", "FORWARD").direction()).isEqualTo(Direction.FORWARD);
        assertThatThrownBy(() -> params("direction", "up").direction()).hasMessage("invalid direction 'up'");
        long sixHours = 6 * 3600 * S;
        assertThat(params().step(0, sixHours)).isEqualTo(86 * S); // floor(21600 / 250)
        assertThat(params().step(0, 60 * S)).isEqualTo(S);
        assertThat(params("step", "2000ms").step(0, sixHours)).isEqualTo(2 * S);
        assertThat(params("step", "15").step(0, sixHours)).isEqualTo(15 * S);
        assertThat(params("step", "0.5").step(0, 60 * S)).isEqualTo(S / 2);
        assertThat(params("step", "1m").step(0, sixHours)).isEqualTo(60 * S);
        assertThatThrownBy(() -> params("step", "abc").step(0, sixHours)).hasMessage("cannot parse \"abc\" to a valid duration");
        assertThatThrownBy(() -> params("step", "-60").step(0, sixHours))
                .hasMessage("zero or negative query resolution step widths are not accepted. Try a positive integer");
        assertThatThrownBy(() -> params("step", "1s").step(0, sixHours))
                .hasMessage("exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter");
    }
}
