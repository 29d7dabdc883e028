package org.qualigate.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

class TextInputTest {

    @Verifies("URS-DI-034")
    @Test
    void refusesNulControlCharactersLoneSurrogatesAndNoncharactersNamingTheCodePointAndPosition() {
        assertThat(TextInput.refusal("E10023\u0000"))
                .hasValueSatisfying(r -> assertThat(r)
                        .contains("a control character")
                        .contains("U+0000")
                        .contains("at character 7"));
        assertThat(TextInput.refusal("a\u0085b"))
                .hasValueSatisfying(r -> assertThat(r).contains("U+0085"));
        assertThat(TextInput.refusal("a\u007Fb"))
                .hasValueSatisfying(r -> assertThat(r).contains("U+007F"));
        assertThat(TextInput.refusal("x\uD800y"))
                .hasValueSatisfying(
                        r -> assertThat(r).contains("lone UTF-16 surrogate").contains("U+D800"));
        assertThat(TextInput.refusal("x\uDC00"))
                .hasValueSatisfying(r -> assertThat(r).contains("U+DC00"));
        assertThat(TextInput.refusal("x\uFFFE"))
                .hasValueSatisfying(r -> assertThat(r).contains("noncharacter"));
        assertThat(TextInput.refusal("tab\there")).isPresent();
    }

    @Verifies("URS-DI-034")
    @Test
    void acceptsAnyOtherTextExactlyAsItIsIncludingPairsOutsideTheBasicPlaneAndSpaces() {
        assertThat(TextInput.refusal("Aseptic gowning — Stufe 2 ✓ 😀")).isEmpty();
        assertThat(TextInput.refusal(" padded ")).isEmpty();
        assertThat(TextInput.multiLineRefusal("line one\r\nline two\ttabbed")).isEmpty();
        assertThat(TextInput.multiLineRefusal("line\u0000")).isPresent();
    }

    @Verifies("URS-DI-034")
    @Test
    void decodesOnlyStrictUtf8AndSaysAtWhichByteItBroke() {
        assertThat(TextInput.utf8("grüße".getBytes(StandardCharsets.UTF_8)).text())
                .isEqualTo("grüße");
        // C0 80: an overlong NUL; ED A0 80: an encoded surrogate; F4 90 80 80: beyond U+10FFFF; E2 82: truncated
        for (byte[] bad : new byte[][] {
            {'a', (byte) 0xC0, (byte) 0x80},
            {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {'a', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {'a', (byte) 0xE2, (byte) 0x82}
        }) {
            TextInput.DecodedText decoded = TextInput.utf8(bad);
            assertThat(decoded.valid()).isFalse();
            assertThat(decoded.refusal()).contains("not valid UTF-8 at byte 1");
        }
    }

    @Test
    void printsAnyTextForAMessageWithoutItsControlCharactersAndCutsItShort() {
        assertThat(TextInput.printable("evil\u0000name\uD800", 64)).isEqualTo("evil\\u0000name\\ud800");
        assertThat(TextInput.printable("abcdef", 3)).isEqualTo("abc…");
        assertThat(TextInput.printable("abc", 3)).isEqualTo("abc");
    }

    @Test
    void theStrictUtf8CheckAgreesWithTheJdkDecoderOnEveryOneAndTwoByteInputAndOnRandomLongerOnes() {
        for (int a = 0; a < 256; a++) {
            agreesWithTheDecoder(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                agreesWithTheDecoder(new byte[] {(byte) a, (byte) b});
            }
        }
        // the bytes where the table of well-formed sequences changes, in every position of 3- and 4-byte forms
        int[] edges = {
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
            0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF
        };
        for (int a : edges) {
            for (int b : edges) {
                for (int c : edges) {
                    agreesWithTheDecoder(new byte[] {(byte) a, (byte) b, (byte) c});
                    for (int d = 0; a >= 0xF0 && d < edges.length; d++) {
                        agreesWithTheDecoder(new byte[] {(byte) a, (byte) b, (byte) c, (byte) edges[d]});
                    }
                }
            }
        }
        java.util.Random random = new java.util.Random(17);
        for (int i = 0; i < 50_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(12)];
            for (int k = 0; k < bytes.length; k++) {
                // mostly bytes that start or continue a sequence, so that long valid ones occur too
                bytes[k] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 0x80 + random.nextInt(0x78));
            }
            agreesWithTheDecoder(bytes);
        }
        agreesWithTheDecoder("Aseptic gowning — Stufe 2 ✓ 😀".getBytes(StandardCharsets.UTF_8));
        agreesWithTheDecoder(new byte[0]);
    }

    private static void agreesWithTheDecoder(byte[] bytes) {
        assertThat(TextInput.isStrictUtf8(bytes))
                .as("%s", java.util.HexFormat.ofDelimiter(" ").formatHex(bytes))
                .isEqualTo(TextInput.utf8(bytes).valid());
    }
}
