package org.qualigate.connector.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Reading attributes of a SCIM resource. Attribute names are case-insensitive (RFC 7643 §2.1), so
 * {@code Resources}, {@code resources} and {@code RESOURCES} are the same attribute.
 */
final class ScimResource {

    private ScimResource() {}

    /** The attribute's value, or a missing node; an exact match wins over a case-insensitive one. */
    static JsonNode attribute(JsonNode resource, String name) {
        if (!resource.isObject()) {
            return MissingNode.getInstance();
        }
        JsonNode exact = resource.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> property : resource.properties()) {
            if (property.getKey().equalsIgnoreCase(name)) {
                return property.getValue();
            }
        }
        return MissingNode.getInstance();
    }

    /** A scalar attribute as text (ids may come as numbers), or null when absent, null or not scalar. */
    static @Nullable String text(JsonNode node) {
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.asString();
        }
        return null;
    }

    static @Nullable String text(JsonNode resource, String name) {
        return text(attribute(resource, name));
    }

    /**
     * The value a user was matched by: a core attribute, or {@code employeeNumber} of the enterprise extension (also
     * accepted written flat with its URN prefix, as some servers echo it).
     */
    static @Nullable String matchValue(JsonNode user, String attribute) {
        if (!attribute.equals(ScimTargetSettings.EMPLOYEE_NUMBER)) {
            return text(user, attribute);
        }
        String nested = text(attribute(attribute(user, ScimTargetSettings.ENTERPRISE_USER), attribute));
        return nested != null ? nested : text(user, ScimTargetSettings.ENTERPRISE_USER + ":" + attribute);
    }

    /** The elements of a multi-valued attribute; a single object is read as a list of one. */
    static List<JsonNode> values(JsonNode resource, String name) {
        JsonNode value = attribute(resource, name);
        List<JsonNode> values = new ArrayList<>();
        if (value.isArray()) {
            value.values().forEach(values::add);
        } else if (value.isObject()) {
            values.add(value);
        }
        return values;
    }

    /** Whether the resource carries the attribute at all (an empty list counts as carried). */
    static boolean has(JsonNode resource, String name) {
        JsonNode value = attribute(resource, name);
        return !value.isMissingNode() && !value.isNull();
    }

    /** {@code meta.version}: the resource's ETag when the server versions resources (RFC 7644 §3.14). */
    static @Nullable String version(JsonNode resource) {
        String version = text(attribute(attribute(resource, "meta"), "version"));
        return version == null || version.isBlank() ? null : version;
    }
}
