package dev.plg.logql.pipeline.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogfmtTest {
    static String scan(String line, boolean strict, List<String> out) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return Logfmt.scan(b, 0, b.length, strict,
                (bb, ks, ke, v) -> out.add(new String(bb, ks, ke - ks, StandardCharsets.UTF_8) + "=" + v));
    }

    @Test
    void pairsAndErrors() {
        List<String> out = new ArrayList<>();
        assertThat(scan("ts=1 msg=\"said \\\"hi\\\"\" a= b c=\"\" d=x", false, out)).isNull();
        assertThat(out).containsExactly("ts=1", "msg=said \"hi\"", "a=null", "b=null", "c=null", "d=x");
        out.clear();
        assertThat(scan("{\"_entry\":\"ts=1 level=info msg=\\\"x y\\\" z=1\"}", false, out)).isEqualTo("logfmt syntax error at pos 2 : unexpected '\"'");
        assertThat(out).containsExactly("level=info");
    }
}
