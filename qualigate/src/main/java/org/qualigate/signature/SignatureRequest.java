package org.qualigate.signature;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.text.Refusal;

/**
 * A request to sign: the signed-in user, the user id they typed (required on the first signing of a
 * session), their password (always required), the meaning and an optional reason. {@code continuingSession}
 * is true when the same session already produced a signature by this user: only then may the user id be
 * left out. The API is stateless, so every API request is a session of its own.
 */
public record SignatureRequest(
        String caller,
        @Nullable String userId,
        @Nullable String password,
        Meaning meaning,
        @Nullable String reason,
        boolean continuingSession) {

    /** The longest reason a signed decision may give. */
    public static final int MAX_REASON = 2000;

    /**
     * The fields this request lacks, each named with why: the user id on a session's first signature, then the
     * password. A form reports them with its other fields' refusals, before any password is checked.
     */
    public List<Refusal> missingFields() {
        List<Refusal> missing = new ArrayList<>(2);
        if (!continuingSession && (userId == null || userId.isBlank())) {
            missing.add(Refusal.of(
                    "userId",
                    "is required: the first signature of a session needs your user id and password",
                    "refusal.sign.user-id"));
        }
        if (password == null || password.isEmpty()) {
            missing.add(Refusal.of("password", "is required: re-enter your password to sign", "refusal.sign.password"));
        }
        return missing;
    }

    /**
     * A signed decision's reason (required, at most 2,000 characters) and then {@link #missingFields}: the
     * refusals a resolution or review form adds to its own, every one named before any password is checked.
     */
    public List<Refusal> reasonAndMissingFields(@Nullable String decisionReason) {
        List<Refusal> refusals = new ArrayList<>(3);
        if (decisionReason == null || decisionReason.isBlank()) {
            refusals.add(Refusal.required("reason"));
        } else if (decisionReason.length() > MAX_REASON) {
            refusals.add(Refusal.atMost("reason", MAX_REASON));
        }
        refusals.addAll(missingFields());
        return refusals;
    }

    /** The same signer's request with another meaning and reason (the record's own, e.g. "resolved"). */
    public SignatureRequest meaning(Meaning otherMeaning, @Nullable String otherReason) {
        return new SignatureRequest(caller, userId, password, otherMeaning, otherReason, continuingSession);
    }

    @Override
    public String toString() {
        return "SignatureRequest[" + caller + ", " + meaning + "]";
    }
}
