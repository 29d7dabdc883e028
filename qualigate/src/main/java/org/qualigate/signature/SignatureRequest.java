package org.qualigate.signature;

import org.jspecify.annotations.Nullable;

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

    @Override
    public String toString() {
        return "SignatureRequest[" + caller + ", " + meaning + "]";
    }
}
