package org.qualigate.sandbox;

import org.jspecify.annotations.Nullable;

/** A SCIM error (RFC 7644 section 3.12) on its way to becoming an error response. */
final class ScimException extends RuntimeException {

    private final int status;
    private final @Nullable String scimType;

    ScimException(int status, @Nullable String scimType, String detail) {
        super(detail);
        this.status = status;
        this.scimType = scimType;
    }

    int status() {
        return status;
    }

    @Nullable
    String scimType() {
        return scimType;
    }

    static ScimException invalidFilter(String detail) {
        return new ScimException(400, "invalidFilter", detail);
    }

    static ScimException invalidSyntax(String detail) {
        return new ScimException(400, "invalidSyntax", detail);
    }

    static ScimException invalidValue(String detail) {
        return new ScimException(400, "invalidValue", detail);
    }

    static ScimException invalidPath(String detail) {
        return new ScimException(400, "invalidPath", detail);
    }

    static ScimException noTarget(String detail) {
        return new ScimException(400, "noTarget", detail);
    }

    static ScimException mutability(String detail) {
        return new ScimException(400, "mutability", detail);
    }

    static ScimException uniqueness(String detail) {
        return new ScimException(409, "uniqueness", detail);
    }

    static ScimException notFound(String detail) {
        return new ScimException(404, null, detail);
    }
}
