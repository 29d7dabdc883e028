package org.qualigate.sandbox;

import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The discovery endpoints (RFC 7644 section 4): ServiceProviderConfig, ResourceTypes and Schemas. */
final class ScimDiscovery {

    private static final String SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    private static final String RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    private static final String SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    private final JsonMapper json;
    private final URI base;

    ScimDiscovery(JsonMapper json, URI base) {
        this.json = json;
        this.base = base;
    }

    JsonNode answer(String endpoint, @Nullable String id) {
        if (endpoint.equalsIgnoreCase("ServiceProviderConfig")) {
            return serviceProviderConfig();
        }
        if (endpoint.equalsIgnoreCase("ResourceTypes")) {
            List<ObjectNode> types = List.of(
                    resourceType("User", "/Users", ScimServer.USER_SCHEMA, true),
                    resourceType("Group", "/Groups", ScimServer.GROUP_SCHEMA, false));
            return one(types, id, "id");
        }
        return one(List.of(userSchema(), groupSchema(), enterpriseSchema()), id, "id");
    }

    private JsonNode one(List<ObjectNode> resources, @Nullable String id, String key) {
        if (id == null) {
            ObjectNode list = json.createObjectNode();
            list.putArray("schemas").add(ScimServer.LIST_RESPONSE);
            list.put("totalResults", resources.size());
            list.put("itemsPerPage", resources.size());
            list.put("startIndex", 1);
            ArrayNode array = list.putArray("Resources");
            resources.forEach(array::add);
            return list;
        }
        return resources.stream()
                .filter(r -> r.get(key).stringValue().equalsIgnoreCase(id))
                .findFirst()
                .orElseThrow(() -> ScimException.notFound("no such resource " + id));
    }

    private ObjectNode serviceProviderConfig() {
        ObjectNode node = json.createObjectNode();
        node.putArray("schemas").add(SPC_SCHEMA);
        node.put("documentationUri", "https://datatracker.ietf.org/doc/html/rfc7644");
        node.putObject("patch").put("supported", true);
        ObjectNode bulk = node.putObject("bulk");
        bulk.put("supported", false);
        bulk.put("maxOperations", 0);
        bulk.put("maxPayloadSize", 0);
        ObjectNode filter = node.putObject("filter");
        filter.put("supported", true);
        filter.put("maxResults", ScimServer.MAX_RESULTS);
        node.putObject("changePassword").put("supported", false);
        node.putObject("sort").put("supported", false);
        node.putObject("etag").put("supported", true);
        ObjectNode scheme = node.putArray("authenticationSchemes").addObject();
        scheme.put("type", "oauthbearertoken");
        scheme.put("name", "OAuth Bearer Token");
        scheme.put("description", "Authentication with a static bearer token (RFC 6750)");
        scheme.put("specUri", "https://www.rfc-editor.org/info/rfc6750");
        scheme.put("primary", true);
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", "ServiceProviderConfig");
        meta.put("location", base + "/ServiceProviderConfig");
        return node;
    }

    private ObjectNode resourceType(String name, String endpoint, String schema, boolean enterprise) {
        ObjectNode node = json.createObjectNode();
        node.putArray("schemas").add(RESOURCE_TYPE_SCHEMA);
        node.put("id", name);
        node.put("name", name);
        node.put("endpoint", endpoint);
        node.put("description", name.equals("User") ? "User Account" : "Group");
        node.put("schema", schema);
        if (enterprise) {
            ObjectNode extension = node.putArray("schemaExtensions").addObject();
            extension.put("schema", ScimServer.ENTERPRISE_USER_SCHEMA);
            extension.put("required", false);
        }
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", "ResourceType");
        meta.put("location", base + "/ResourceTypes/" + name);
        return node;
    }

    private ObjectNode userSchema() {
        ObjectNode schema = schema(ScimServer.USER_SCHEMA, "User", "User Account");
        ArrayNode attributes = schema.putArray("attributes");
        attributes.add(attribute("userName", "string", false, true, false, "readWrite", "server"));
        attributes.add(attribute("externalId", "string", false, false, true, "readWrite", "none"));
        ObjectNode name = attribute("name", "complex", false, false, false, "readWrite", "none");
        ArrayNode nameParts = name.putArray("subAttributes");
        for (String part : List.of("formatted", "familyName", "givenName")) {
            nameParts.add(attribute(part, "string", false, false, false, "readWrite", "none"));
        }
        attributes.add(name);
        attributes.add(attribute("displayName", "string", false, false, false, "readWrite", "none"));
        attributes.add(attribute("title", "string", false, false, false, "readWrite", "none"));
        attributes.add(attribute("active", "boolean", false, false, false, "readWrite", "none"));
        ObjectNode emails = attribute("emails", "complex", true, false, false, "readWrite", "none");
        ArrayNode emailParts = emails.putArray("subAttributes");
        emailParts.add(attribute("value", "string", false, false, false, "readWrite", "none"));
        emailParts.add(attribute("type", "string", false, false, false, "readWrite", "none"));
        emailParts.add(attribute("primary", "boolean", false, false, false, "readWrite", "none"));
        attributes.add(emails);
        ObjectNode groups = attribute("groups", "complex", true, false, false, "readOnly", "none");
        ArrayNode groupParts = groups.putArray("subAttributes");
        groupParts.add(attribute("value", "string", false, false, false, "readOnly", "none"));
        groupParts.add(reference("$ref", "readOnly", "User", "Group"));
        groupParts.add(attribute("display", "string", false, false, false, "readOnly", "none"));
        groupParts.add(attribute("type", "string", false, false, false, "readOnly", "none"));
        attributes.add(groups);
        return schema;
    }

    private ObjectNode groupSchema() {
        ObjectNode schema = schema(ScimServer.GROUP_SCHEMA, "Group", "Group");
        ArrayNode attributes = schema.putArray("attributes");
        attributes.add(attribute("displayName", "string", false, true, false, "readWrite", "server"));
        attributes.add(attribute("externalId", "string", false, false, true, "readWrite", "none"));
        ObjectNode members = attribute("members", "complex", true, false, false, "readWrite", "none");
        ArrayNode parts = members.putArray("subAttributes");
        parts.add(attribute("value", "string", false, false, false, "immutable", "none"));
        parts.add(reference("$ref", "immutable", "User", "Group"));
        parts.add(attribute("display", "string", false, false, false, "readOnly", "none"));
        parts.add(attribute("type", "string", false, false, false, "immutable", "none"));
        attributes.add(members);
        return schema;
    }

    private ObjectNode enterpriseSchema() {
        ObjectNode schema = schema(ScimServer.ENTERPRISE_USER_SCHEMA, "EnterpriseUser", "Enterprise User");
        ArrayNode attributes = schema.putArray("attributes");
        for (String name : List.of("employeeNumber", "organization", "division", "department")) {
            attributes.add(attribute(name, "string", false, false, false, "readWrite", "none"));
        }
        return schema;
    }

    private ObjectNode schema(String id, String name, String description) {
        ObjectNode schema = json.createObjectNode();
        schema.putArray("schemas").add(SCHEMA_SCHEMA);
        schema.put("id", id);
        schema.put("name", name);
        schema.put("description", description);
        ObjectNode meta = schema.putObject("meta");
        meta.put("resourceType", "Schema");
        meta.put("location", base + "/Schemas/" + id);
        return schema;
    }

    private ObjectNode attribute(
            String name,
            String type,
            boolean multiValued,
            boolean required,
            boolean caseExact,
            String mutability,
            String uniqueness) {
        ObjectNode node = json.createObjectNode();
        node.put("name", name);
        node.put("type", type);
        node.put("multiValued", multiValued);
        node.put("description", name);
        node.put("required", required);
        if (!type.equals("complex") && !type.equals("boolean")) {
            node.put("caseExact", caseExact);
        }
        node.put("mutability", mutability);
        node.put("returned", "default");
        node.put("uniqueness", uniqueness);
        return node;
    }

    private ObjectNode reference(String name, String mutability, String... types) {
        ObjectNode node = attribute(name, "reference", false, false, false, mutability, "none");
        ArrayNode referenceTypes = node.putArray("referenceTypes");
        for (String t : types) {
            referenceTypes.add(t);
        }
        return node;
    }
}
