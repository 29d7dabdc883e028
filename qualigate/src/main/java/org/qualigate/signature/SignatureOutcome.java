package org.qualigate.signature;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.text.Refusal;

/** A signature applied, or refused with the field and the reason. */
public record SignatureOutcome(
        @Nullable Signature signature, @Nullable Refusal refusal) {

    static SignatureOutcome signed(Signature s) {
        return new SignatureOutcome(s, null);
    }

    static SignatureOutcome refused(Refusal why) {
        return new SignatureOutcome(null, why);
    }

    public Optional<Signature> applied() {
        return Optional.ofNullable(signature);
    }

    /** The field a refusal names, or null when the signature was applied. */
    public @Nullable String field() {
        return refusal == null ? null : refusal.field();
    }

    /**
     * A refusal as a form lists it among its fields' refusals: the field, "signature refused: " and the reason, said
     * as the signature's own refusal; null when the signature was applied.
     */
    public @Nullable Refusal asFieldRefusal() {
        return refusal == null
                ? null
                : Refusal.of(
                        String.valueOf(refusal.field()),
                        "signature refused: " + refusal.reason(),
                        "refusal.signature-refused",
                        refusal.said());
    }

    /** A refusal's reason in the API's English, or null when the signature was applied. */
    public @Nullable String reason() {
        return refusal == null ? null : refusal.reason();
    }
}
