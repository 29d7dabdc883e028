package org.qualigate.ui;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.SignatureRequest;
import org.springframework.security.core.Authentication;

/**
 * Signing on a page (21 CFR 11.200, decision 0015): the first signature of a UI session needs the user id
 * and the password, later ones in the same session the password; the session remembers who signed.
 */
final class UiSigning {

    /** Session attribute: the user who has already signed in this session. */
    private static final String SIGNER = "qualigate.ui.signer";

    private UiSigning() {}

    /** Whether this session already holds a signature by this user (then the user id may be left out). */
    static boolean continuing(Authentication user, HttpSession session) {
        return user.getName().equals(session.getAttribute(SIGNER));
    }

    /** Remembers that the user signed in this session. */
    static void signed(Authentication user, HttpSession session) {
        session.setAttribute(SIGNER, user.getName());
    }

    /** Checks the signing fields the page can check itself; the password is checked by the signature. */
    static SignatureRequest request(
            Authentication user,
            HttpSession session,
            String userId,
            String password,
            @Nullable String reason,
            Meaning meaning,
            FieldErrors errors) {
        boolean continuing = continuing(user, session);
        if (!continuing && userId.isBlank()) {
            errors.reject("userId", "Enter your user id: the first signature of a session needs it.");
        } else if (!userId.isBlank() && !userId.trim().equals(user.getName())) {
            errors.reject("userId", "Enter your own user id (" + user.getName() + "): nobody signs for another.");
        }
        if (password.isEmpty()) {
            errors.reject("password", "Enter your password to sign.");
        }
        return new SignatureRequest(
                user.getName(), userId.isBlank() ? null : userId.trim(), password, meaning, reason, continuing);
    }
}
