package org.qualigate.connector.scim;

import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a SCIM server said went wrong (RFC 7644 §3.12): the status, the {@code scimType} keyword and
 * the human-readable detail. Servers differ: {@code status} may be a string or a number, and the
 * body may be absent or not JSON at all (a proxy's HTML page), so every part is optional but the status.
 */
record ScimError(
        int status, @Nullable String scimType, @Nullable String detail) {

    private static final int MAX_DETAIL = 300;

    static ScimError parse(int httpStatus, @Nullable String body, JsonMapper json) {
        if (body == null || body.isBlank()) {
            return new ScimError(httpStatus, null, null);
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException notJson) {
            return new ScimError(httpStatus, null, shorten(body));
        }
        if (node == null || !node.isObject()) {
            return new ScimError(httpStatus, null, shorten(body));
        }
        int status = statusOf(ScimResource.attribute(node, "status")).orElse(httpStatus);
        String scimType = ScimResource.text(ScimResource.attribute(node, "scimType"));
        String detail = ScimResource.text(ScimResource.attribute(node, "detail"));
        return new ScimError(status, blankToNull(scimType), detail == null ? null : shorten(detail));
    }

    boolean is(String type) {
        return scimType != null && scimType.equalsIgnoreCase(type);
    }

    /** {@code (scimType invalidFilter): detail}, or an empty string when the server said nothing. */
    String describe() {
        StringBuilder text = new StringBuilder();
        if (scimType != null) {
            text.append(" (scimType ").append(scimType).append(')');
        }
        if (detail != null) {
            text.append(": ").append(detail);
        }
        return text.toString();
    }

    private static OptionalInt statusOf(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return OptionalInt.of(node.intValue());
        }
        if (node.isString()) {
            try {
                return OptionalInt.of(Integer.parseInt(node.stringValue().strip()));
            } catch (NumberFormatException notANumber) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** One line of bounded length: a detail ends up in logs and dead-letter reasons. */
    static String shorten(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "…";
    }
}
