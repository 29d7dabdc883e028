package org.qualigate.sandbox;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SCIM resources as JSON (RFC 7643): a User and a Group as the server answers them, with {@code meta} and
 * references, and a User's attributes as a client sends them, normalised before they are stored. Unassigned
 * attributes are omitted, so an empty group has no {@code members} and a user in no group has no {@code groups}.
 */
final class ScimResources {

    private static final Set<String> READ_ONLY = Set.of("id", "meta", "groups");
    private static final List<String> CANONICAL_NAMES = List.of(
            "userName",
            "externalId",
            "displayName",
            "active",
            "name",
            "emails",
            "phoneNumbers",
            "title",
            "userType",
            "nickName",
            "preferredLanguage",
            "locale",
            "timezone",
            "members");

    private final JsonMapper json;
    private final Supplier<URI> baseUri;
    private final ScimDirectory directory;

    ScimResources(JsonMapper json, Supplier<URI> baseUri, ScimDirectory directory) {
        this.json = json;
        this.baseUri = baseUri;
        this.directory = directory;
    }

    ObjectNode userJson(ScimUser user) {
        ObjectNode node = json.createObjectNode();
        ArrayNode schemas = node.putArray("schemas").add(ScimServer.USER_SCHEMA);
        node.put("id", user.id);
        for (Map.Entry<String, JsonNode> e : user.attributes.properties()) {
            node.set(e.getKey(), e.getValue().deepCopy());
            if (e.getKey().regionMatches(true, 0, "urn:", 0, 4)) {
                schemas.add(e.getKey());
            }
        }
        List<ScimGroup> memberOf = directory.groupsOf(user.id);
        if (!memberOf.isEmpty()) {
            ArrayNode array = node.putArray("groups");
            for (ScimGroup group : memberOf) {
                ObjectNode ref = array.addObject();
                ref.put("value", group.id);
                ref.put("$ref", location("Groups", group.id));
                ref.put("display", group.displayName);
                ref.put("type", "direct");
            }
        }
        node.set("meta", meta("User", "Users", user.id, user.created, user.lastModified, user.version));
        return node;
    }

    ObjectNode groupJson(ScimGroup group) {
        ObjectNode node = json.createObjectNode();
        node.putArray("schemas").add(ScimServer.GROUP_SCHEMA);
        node.put("id", group.id);
        if (group.externalId != null) {
            node.put("externalId", group.externalId);
        }
        node.put("displayName", group.displayName);
        if (!group.members.isEmpty()) {
            ArrayNode members = node.putArray("members");
            group.members.forEach(m -> members.add(memberJson(m)));
        }
        node.set("meta", meta("Group", "Groups", group.id, group.created, group.lastModified, group.version));
        return node;
    }

    ObjectNode memberJson(String userId) {
        ObjectNode node = json.createObjectNode();
        node.put("value", userId);
        node.put("$ref", location("Users", userId));
        ScimUser user = directory.userOrNull(userId);
        if (user != null) {
            JsonNode displayName = user.attributes.get("displayName");
            node.put(
                    "display",
                    displayName != null && displayName.isString() ? displayName.stringValue() : user.userName());
        }
        node.put("type", "User");
        return node;
    }

    private ObjectNode meta(
            String resourceType, String endpoint, String id, Instant created, Instant lastModified, long version) {
        ObjectNode meta = json.createObjectNode();
        meta.put("resourceType", resourceType);
        meta.put("created", created.toString());
        meta.put("lastModified", lastModified.toString());
        meta.put("location", location(endpoint, id));
        meta.put("version", ScimVersions.etag(version));
        return meta;
    }

    String location(String endpoint, String id) {
        return baseUri.get() + "/" + endpoint + "/" + id;
    }

    /** The attributes a client sent for a User, without what only the server sets, normalised and validated. */
    ObjectNode userAttributes(JsonNode body) {
        if (!body.isObject()) {
            throw ScimException.invalidSyntax("a User must be a JSON object");
        }
        ObjectNode attributes = json.createObjectNode();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            if (READ_ONLY.contains(key) || key.equals("schemas") || key.equals("password")) {
                continue;
            }
            attributes.set(e.getKey(), e.getValue().deepCopy());
        }
        normalise(attributes);
        requireUserName(attributes);
        if (!attributes.has("active")) {
            attributes.put("active", true);
        }
        return attributes;
    }

    /** Canonical attribute-name case, and booleans for {@code active} sent as strings (as Azure does). */
    static void normalise(ObjectNode attributes) {
        for (String canonical : CANONICAL_NAMES) {
            for (String key : List.copyOf(attributes.propertyNames())) {
                if (!key.equals(canonical) && key.equalsIgnoreCase(canonical)) {
                    attributes.set(canonical, attributes.remove(key));
                }
            }
        }
        JsonNode active = attributes.get("active");
        if (active != null && active.isString()) {
            String text = active.stringValue().trim();
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                attributes.set("active", BooleanNode.valueOf(Boolean.parseBoolean(text.toLowerCase(Locale.ROOT))));
            } else {
                throw ScimException.invalidValue("active must be a boolean: " + text);
            }
        }
    }

    static void requireUserName(ObjectNode attributes) {
        JsonNode userName = attributes.get("userName");
        if (userName == null || !userName.isString() || userName.stringValue().isBlank()) {
            throw ScimException.invalidValue("userName is required and must be a non-empty string");
        }
    }

    static String displayName(@Nullable JsonNode node) {
        if (node == null || !node.isString() || node.stringValue().isBlank()) {
            throw ScimException.invalidValue("displayName is required and must be a non-empty string");
        }
        return node.stringValue();
    }

    static @Nullable String optionalString(@Nullable JsonNode node, String name) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw ScimException.invalidValue(name + " must be a string");
        }
        return node.stringValue();
    }

    static HttpReply errorReply(JsonMapper json, int status, @Nullable String scimType, @Nullable String detail) {
        ObjectNode node = json.createObjectNode();
        node.putArray("schemas").add(ScimServer.ERROR);
        // RFC 7644 section 3.12: status is a string.
        node.put("status", Integer.toString(status));
        if (scimType != null) {
            node.put("scimType", scimType);
        }
        if (detail != null) {
            node.put("detail", detail);
        }
        return HttpReply.of(status, HttpReply.SCIM_JSON, json.writeValueAsBytes(node));
    }
}
