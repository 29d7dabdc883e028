package org.qualigate.identity;

/** The way a sign-in was attempted, as named in its audit entry. */
public enum Via {
    /** HTTP Basic on the API. */
    BASIC,
    /** The admin UI's log-in form. */
    FORM,
    /** Re-authentication for an electronic signature (set as the token's details by the signer). */
    SIGNATURE,
    /** An OpenID Connect provider's sign-in that Qualigate refused. */
    OIDC;

    String label() {
        return switch (this) {
            case BASIC -> "API (HTTP Basic)";
            case FORM -> "log-in form";
            case SIGNATURE -> "signature re-authentication";
            case OIDC -> "OIDC sign-in";
        };
    }
}
