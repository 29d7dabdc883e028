package org.qualigate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import org.qualigate.validation.Verifies;

/**
 * Fuzzing of the audit chain's canonical JSON: any text is either refused with an
 * {@link IllegalArgumentException} or canonicalized to a form that is its own canonical form (so the
 * hash of an entry read back is the hash written).
 */
class CanonicalJsonFuzzTest {

    @Verifies("URS-AUD-004")
    @FuzzTest(maxDuration = "10s")
    void canonicalFormIsStableOrTheTextIsRefused(@NotNull String json) {
        String canonical;
        try {
            canonical = CanonicalJson.canonicalize(json);
        } catch (IllegalArgumentException refused) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> CanonicalJson.canonicalizeText(json))
                    .isInstanceOf(IllegalArgumentException.class);
            return;
        }
        // The one-pass canonicalizer the chain uses gives the same bytes for every text.
        assertThat(CanonicalJson.canonicalizeText(json)).isEqualTo(canonical);
        assertThat(CanonicalJson.canonicalize(canonical)).isEqualTo(canonical);
        assertThat(CanonicalJson.sha256Hex(canonical)).hasSize(64);
    }
}
