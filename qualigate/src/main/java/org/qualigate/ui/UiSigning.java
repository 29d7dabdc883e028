package org.qualigate.ui;

import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.Authentication;

/**
 * Signing on a page (21 CFR 11.200, decision 0015): the first signature of a UI session needs the user id
 * and the password, later ones in the same session the password; the session remembers who signed. A posted
 * form signs through its {@link Signer}.
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

    /** A refusal's reason as a sentence next to its field ("is required…" → "Is required…."). */
    static String sentence(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1) + (s.endsWith(".") ? "" : ".");
    }
}
