package org.qualigate.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The one SHA-256 of the service answers the published test vectors (FIPS 180-2, appendix B). */
class Sha256Test {

    @Test
    void hashesTextAsUtf8ToTheFipsVectorOfAbc() {
        assertThat(Sha256.hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void hashesNothingToTheDigestOfTheEmptyMessage() {
        assertThat(Sha256.hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void aDigestFedInPiecesEqualsTheOneOfTheWhole() {
        var digest = Sha256.digest();
        digest.update("ab".getBytes(StandardCharsets.UTF_8));
        digest.update("c".getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(Sha256.hex("abc"));
        assertThat(Sha256.of("abc")).isEqualTo(Sha256.of("abc".getBytes(StandardCharsets.UTF_8)));
    }
}
