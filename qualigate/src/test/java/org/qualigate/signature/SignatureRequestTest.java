package org.qualigate.signature;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.qualigate.text.Refusal;
import org.qualigate.validation.Verifies;

/** What a signed decision's form lacks, named field by field before any password is checked. */
class SignatureRequestTest {

    private static SignatureRequest request(String userId, String password, boolean continuing) {
        return new SignatureRequest("qa.anna", userId, password, Meaning.RESOLVED, "checked", continuing);
    }

    @Verifies("URS-ESG-003")
    @Test
    void aSessionsFirstSignatureLacksTheUserIdAndThePasswordEachNamed() {
        assertThat(request(" ", null, false).missingFields())
                .extracting(Refusal::field, Refusal::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "userId",
                                "is required: the first signature of a session needs your user id and password"),
                        org.assertj.core.groups.Tuple.tuple("password", "is required: re-enter your password to sign"));
    }

    @Verifies("URS-ESG-003")
    @Test
    void aLaterSignatureOfTheSessionNeedsOnlyThePassword() {
        assertThat(request(null, "secret", true).missingFields()).isEmpty();
        assertThat(request(null, "", true).missingFields())
                .extracting(Refusal::field)
                .containsExactly("password");
    }

    @Test
    void aDecisionsReasonIsNamedBeforeTheSignaturesFields() {
        assertThat(request("qa.anna", null, false).reasonAndMissingFields(null))
                .extracting(Refusal::field, Refusal::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("reason", "is required"),
                        org.assertj.core.groups.Tuple.tuple("password", "is required: re-enter your password to sign"));
        assertThat(request("qa.anna", "secret", false).reasonAndMissingFields("x".repeat(2001)))
                .extracting(Refusal::reason)
                .containsExactly("must be at most 2000 characters");
        assertThat(request("qa.anna", "secret", false).reasonAndMissingFields("x".repeat(2000)))
                .isEmpty();
    }

    @Test
    void aRefusedSignatureIsListedAsItsFieldsRefusal() {
        SignatureOutcome refused =
                SignatureOutcome.refused(Refusal.of("password", "does not match", "refusal.sign.not-confirmed"));

        Refusal asField = refused.asFieldRefusal();

        assertThat(asField).isNotNull();
        assertThat(asField.field()).isEqualTo("password");
        assertThat(asField.reason()).isEqualTo("signature refused: does not match");
        assertThat(asField.said().key()).isEqualTo("refusal.signature-refused");
        assertThat(new SignatureRequest("a", "a", "p", Meaning.RESOLVED, null, false)
                        .meaning(Meaning.APPROVED, "why")
                        .meaning())
                .isEqualTo(Meaning.APPROVED);
    }
}
