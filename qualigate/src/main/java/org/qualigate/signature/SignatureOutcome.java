package org.qualigate.signature;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A signature applied, or refused with the field and the reason. */
public record SignatureOutcome(
        @Nullable Signature signature,
        @Nullable String field,
        @Nullable String reason) {

    static SignatureOutcome signed(Signature s) {
        return new SignatureOutcome(s, null, null);
    }

    static SignatureOutcome refused(String field, String reason) {
        return new SignatureOutcome(null, field, reason);
    }

    public Optional<Signature> applied() {
        return Optional.ofNullable(signature);
    }
}
