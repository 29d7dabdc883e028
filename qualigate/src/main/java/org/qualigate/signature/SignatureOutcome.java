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

    /** A refusal's reason in the API's English, or null when the signature was applied. */
    public @Nullable String reason() {
        return refusal == null ? null : refusal.reason();
    }
}
