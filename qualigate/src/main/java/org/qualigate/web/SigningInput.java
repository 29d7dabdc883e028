package org.qualigate.web;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.SignatureRequest;
import org.springframework.security.core.Authentication;
import tools.jackson.databind.JsonNode;

/**
 * Reads a signature's inputs from an API request body ({@code userId}, {@code password}, {@code reason}).
 * The API is stateless, so every request is a session of its own: its signature always needs the user id
 * and the password.
 */
final class SigningInput {

    private SigningInput() {}

    static SignatureRequest of(@Nullable Map<String, Object> body, Authentication caller, Meaning meaning) {
        return new SignatureRequest(
                caller.getName(), text(body, "userId"), text(body, "password"), meaning, text(body, "reason"), false);
    }

    static @Nullable String text(@Nullable Map<String, Object> body, String field) {
        if (body == null) {
            return null;
        }
        Object v = body.get(field);
        if (v != null && !(v instanceof String)) {
            throw new ApiErrors.InvalidParameter(field, "must be a string");
        }
        String s = (String) v;
        if (s != null && s.length() > 2000) {
            throw new ApiErrors.InvalidParameter(field, "must be at most 2000 characters");
        }
        return s;
    }

    /** A password as typed (spaces count); never logged. */
    static @Nullable String secret(@Nullable JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw new ApiErrors.InvalidParameter(field, "must be a string");
        }
        return v.asString();
    }
}
