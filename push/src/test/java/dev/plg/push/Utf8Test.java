package dev.plg.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Utf8#isValid} accepts exactly what the JDK's strict UTF-8 decoder accepts, wherever a sequence sits. */
class Utf8Test {
    @Test
    void agreesWithTheJdkDecoderOnRandomMixes() {
        Random random = new Random(3);
        byte[][] pieces = {
            "abcdefgh".getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8),
            "é".getBytes(StandardCharsets.UTF_8), "계정 잠김".getBytes(StandardCharsets.UTF_8),
            "😀".getBytes(StandardCharsets.UTF_8),
            {(byte) 0x80}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xC2}, {(byte) 0xE0, (byte) 0x9F, (byte) 0xBF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xEA, (byte) 0xB0}, {(byte) 0xFF},
        };
        int invalid = 0;
        for (int i = 0; i < 20_000; i++) {
            ByteBuffer b = ByteBuffer.allocate(200);
            for (int p = random.nextInt(12); p > 0; p--) {
                // mostly valid pieces, so that a bad one lands at every offset of an eight-byte word
                byte[] piece = pieces[random.nextInt(random.nextInt(8) == 0 ? pieces.length : 5)];
                if (b.remaining() >= piece.length) {
                    b.put(piece);
                }
            }
            byte[] bytes = java.util.Arrays.copyOf(b.array(), b.position());
            boolean jdk = strictlyDecodes(bytes);
            invalid += jdk ? 0 : 1;
            assertThat(Utf8.isValid(bytes)).as(java.util.HexFormat.of().formatHex(bytes)).isEqualTo(jdk);
        }
        assertThat(invalid).isBetween(2_000, 18_000);
    }

    private static boolean strictlyDecodes(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
