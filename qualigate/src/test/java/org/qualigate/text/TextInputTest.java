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
}
