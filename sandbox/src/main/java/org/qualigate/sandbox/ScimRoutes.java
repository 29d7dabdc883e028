package org.qualigate.sandbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SCIM endpoints over HTTP (RFC 7644): authorisation, the routes of {@code /Users} and {@code /Groups} with
 * list, search, GET, POST, PUT, PATCH and DELETE, ETags, and every refusal as a SCIM error. PATCH answers 200 with
 * the resource (RFC 7644 allows 200 or 204; 200 lets a client confirm the result and read the new ETag without a
 * second request).
 */
final class ScimRoutes {

    private final JsonMapper json;
    private final ScimDirectory directory;
    private final ScimResources resources;
    private final ScimGroupPatch groupPatch;
    private final Supplier<URI> baseUri;
    private final byte[] expectedAuthorization;
    private final Set<String> alsoAccepted;

    ScimRoutes(
            JsonMapper json,
            ScimDirectory directory,
            ScimResources resources,
            Supplier<URI> baseUri,
            String bearerToken,
            Set<String> alsoAccepted) {
        this.json = json;
        this.directory = directory;
        this.resources = resources;
        this.groupPatch = new ScimGroupPatch(directory, resources);
        this.baseUri = baseUri;
        this.expectedAuthorization = ("Bearer " + bearerToken).getBytes(StandardCharsets.UTF_8);
        this.alsoAccepted = alsoAccepted;
    }

    HttpReply answer(HttpCall call, String path) {
        try {
            if (!authorized(call)) {
                return error(new ScimException(401, null, "Authorization: Bearer token required"))
                        .header("WWW-Authenticate", "Bearer realm=\"sandbox-scim\"");
            }
            return route(call, path);
        } catch (ScimException e) {
            return error(e);
        } catch (JacksonException e) {
            return error(ScimException.invalidSyntax("request body is not valid JSON: " + e.getOriginalMessage()));
        }
    }

    HttpReply error(ScimException e) {
        return ScimResources.errorReply(json, e.status(), e.scimType(), e.getMessage());
    }

    private boolean authorized(HttpCall call) {
        String header = call.header("Authorization");
        if (header == null) {
            return false;
        }
        // The scheme name is case-insensitive (RFC 9110); the token is compared in constant time.
        String normalised = header.regionMatches(true, 0, "Bearer ", 0, 7) ? "Bearer " + header.substring(7) : header;
        return MessageDigest.isEqual(normalised.getBytes(StandardCharsets.UTF_8), expectedAuthorization)
                || alsoAccepted.contains(normalised);
    }

    private HttpReply route(HttpCall call, String path) {
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        if (segments.isEmpty()) {
            throw ScimException.notFound("no SCIM endpoint at " + path);
        }
        String endpoint = segments.get(0);
        String method = call.method();
        if (endpoint.equalsIgnoreCase("ServiceProviderConfig")
                || endpoint.equalsIgnoreCase("ResourceTypes")
                || endpoint.equalsIgnoreCase("Schemas")) {
            requireMethod(method, "GET");
            ScimDiscovery discovery = new ScimDiscovery(json, baseUri.get());
            return reply(200, discovery.answer(endpoint, segments.size() > 1 ? segments.get(1) : null));
        }
        if (endpoint.equalsIgnoreCase("Bulk")) {
            throw new ScimException(501, null, "bulk operations are not supported");
        }
        boolean isUsers = endpoint.equalsIgnoreCase("Users");
        if (!isUsers && !endpoint.equalsIgnoreCase("Groups")) {
            throw ScimException.notFound("no SCIM endpoint at " + path);
        }
        if (segments.size() > 2) {
            throw ScimException.notFound("no SCIM endpoint at " + path);
        }
        if (segments.size() == 1) {
            return switch (method) {
                case "GET" -> list(isUsers, call, call::param);
                case "POST" -> isUsers ? postUser(call) : postGroup(call);
                default -> throw methodNotAllowed(method);
            };
        }
        return routeOne(call, isUsers, segments.get(1));
    }

    private HttpReply routeOne(HttpCall call, boolean isUsers, String id) {
        String method = call.method();
        if (id.equals(".search")) {
            requireMethod(method, "POST");
            JsonNode body = body(call);
            return list(isUsers, call, name -> searchParameter(body, name));
        }
        return switch (method) {
            case "GET" -> isUsers ? getUser(call, id) : getGroup(call, id);
            case "PUT" -> isUsers ? putUser(call, id) : putGroup(call, id);
            case "PATCH" -> isUsers ? patchUser(call, id) : patchGroup(call, id);
            case "DELETE" -> isUsers ? deleteUser(call, id) : deleteGroup(call, id);
            default -> throw methodNotAllowed(method);
        };
    }

    /** A parameter of a search request's body as the query string would carry it (a list joined by commas). */
    private static @Nullable String searchParameter(JsonNode body, String name) {
        JsonNode v = ScimFilter.child(body, name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.values().forEach(p -> parts.add(p.asString()));
            return String.join(",", parts);
        }
        return v.asString();
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw methodNotAllowed(method);
        }
    }

    private static ScimException methodNotAllowed(String method) {
        return new ScimException(405, null, "method " + method + " not allowed here");
    }

    // ---- list and search

    private interface Params {
        @Nullable
        String get(String name);
    }

    private HttpReply list(boolean isUsers, HttpCall call, Params params) {
        String filterText = params.get("filter");
        ScimFilter filter = filterText == null || filterText.isBlank() ? null : ScimFilter.parse(filterText);
        int startIndex = intParam(params.get("startIndex"), 1, "startIndex");
        int count = intParam(params.get("count"), ScimServer.DEFAULT_COUNT, "count");
        int start = Math.max(1, startIndex);
        int size = Math.min(Math.max(0, count), ScimServer.MAX_RESULTS);
        // sortBy is ignored: sorting is declared unsupported in ServiceProviderConfig, which RFC 7644 allows.
        String attributes = params.get("attributes");
        String excluded = params.get("excludedAttributes");
        ObjectNode response = directory.locked(() -> isUsers
                ? page(matchingUsers(filter), resources::userJson, start, size, attributes, excluded)
                : page(matchingGroups(filter), resources::groupJson, start, size, attributes, excluded));
        return reply(200, response);
    }

    private <T> ObjectNode page(
            List<T> matches,
            Function<T, ObjectNode> render,
            int start,
            int size,
            @Nullable String attributes,
            @Nullable String excluded) {
        ObjectNode out = json.createObjectNode();
        out.putArray("schemas").add(ScimServer.LIST_RESPONSE);
        out.put("totalResults", matches.size());
        int from = Math.min(start - 1, matches.size());
        int to = Math.min(from + size, matches.size());
        out.put("itemsPerPage", to - from);
        out.put("startIndex", start);
        ArrayNode page = out.putArray("Resources");
        for (T resource : matches.subList(from, to)) {
            page.add(ScimProjection.project(render.apply(resource), attributes, excluded));
        }
        return out;
    }

    private List<ScimUser> matchingUsers(@Nullable ScimFilter filter) {
        // Users are tested against their stored attributes unless the filter reads what only the rendered
        // resource has (id, groups, meta), so a lookup over thousands of users stays cheap.
        boolean light = filter != null
                && !filter.reads("id")
                && !filter.reads("groups")
                && !filter.reads("meta")
                && !filter.reads("schemas");
        List<ScimUser> matches = new ArrayList<>();
        for (ScimUser user : directory.candidates(filter)) {
            if (filter == null || filter.test(light ? user.attributes : resources.userJson(user))) {
                matches.add(user);
            }
        }
        return matches;
    }

    private List<ScimGroup> matchingGroups(@Nullable ScimFilter filter) {
        List<ScimGroup> matches = new ArrayList<>();
        for (ScimGroup group : directory.groups()) {
            if (filter == null || filter.test(resources.groupJson(group))) {
                matches.add(group);
            }
        }
        return matches;
    }

    private static int intParam(@Nullable String value, int fallback, String name) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ScimException.invalidValue(name + " must be an integer: " + value);
        }
    }

    // ---- users

    private HttpReply getUser(HttpCall call, String id) {
        return directory.locked(() -> {
            ScimUser user = directory.user(id);
            if (ScimVersions.notModified(call, user.version)) {
                return HttpReply.empty(304).header("ETag", ScimVersions.etag(user.version));
            }
            return resource(200, call, resources.userJson(user), user.version);
        });
    }

    private HttpReply postUser(HttpCall call) {
        ObjectNode attributes = resources.userAttributes(body(call));
        return directory.locked(() -> {
            ScimUser user = directory.insertUser(attributes, true);
            return resource(201, call, resources.userJson(user), user.version)
                    .header("Location", resources.location("Users", user.id));
        });
    }

    private HttpReply putUser(HttpCall call, String id) {
        ObjectNode attributes = resources.userAttributes(body(call));
        return directory.locked(() -> {
            ScimUser user = directory.user(id);
            ScimVersions.checkIfMatch(call, user.version);
            directory.commitUser(user, attributes, "user.replace");
            return resource(200, call, resources.userJson(user), user.version);
        });
    }

    private HttpReply patchUser(HttpCall call, String id) {
        List<ScimPatchOperation> operations = ScimPatchOperation.all(body(call));
        return directory.locked(() -> {
            ScimUser user = directory.user(id);
            ScimVersions.checkIfMatch(call, user.version);
            ObjectNode attributes = user.attributes.deepCopy();
            for (ScimPatchOperation op : operations) {
                ScimUserPatch.apply(attributes, op.op(), op.path(), op.value());
            }
            ScimResources.normalise(attributes);
            ScimResources.requireUserName(attributes);
            directory.commitUser(user, attributes, "user.update");
            return resource(200, call, resources.userJson(user), user.version);
        });
    }

    private HttpReply deleteUser(HttpCall call, String id) {
        return directory.locked(() -> {
            ScimUser user = directory.user(id);
            ScimVersions.checkIfMatch(call, user.version);
            directory.deleteUser(user);
            return HttpReply.empty(204);
        });
    }

    // ---- groups

    private HttpReply getGroup(HttpCall call, String id) {
        return directory.locked(() -> {
            ScimGroup group = directory.group(id);
            if (ScimVersions.notModified(call, group.version)) {
                return HttpReply.empty(304).header("ETag", ScimVersions.etag(group.version));
            }
            return resource(200, call, resources.groupJson(group), group.version);
        });
    }

    private HttpReply postGroup(HttpCall call) {
        JsonNode body = groupBody(call);
        String displayName = ScimResources.displayName(ScimFilter.child(body, "displayName"));
        String externalId = ScimResources.optionalString(ScimFilter.child(body, "externalId"), "externalId");
        JsonNode membersNode = ScimFilter.child(body, "members");
        return directory.locked(() -> {
            List<String> members = membersNode == null ? List.of() : groupPatch.memberIds(membersNode);
            ScimGroup group = directory.insertGroup(displayName, externalId, members, true);
            return resource(201, call, resources.groupJson(group), group.version)
                    .header("Location", resources.location("Groups", group.id));
        });
    }

    private HttpReply putGroup(HttpCall call, String id) {
        JsonNode body = groupBody(call);
        String displayName = ScimResources.displayName(ScimFilter.child(body, "displayName"));
        String externalId = ScimResources.optionalString(ScimFilter.child(body, "externalId"), "externalId");
        JsonNode membersNode = ScimFilter.child(body, "members");
        return directory.locked(() -> {
            ScimGroup group = directory.group(id);
            ScimVersions.checkIfMatch(call, group.version);
            Set<String> members =
                    new LinkedHashSet<>(membersNode == null ? List.of() : groupPatch.memberIds(membersNode));
            directory.commitGroup(group, displayName, externalId, members, true);
            return resource(200, call, resources.groupJson(group), group.version);
        });
    }

    private JsonNode groupBody(HttpCall call) {
        JsonNode body = body(call);
        if (!body.isObject()) {
            throw ScimException.invalidSyntax("a Group must be a JSON object");
        }
        return body;
    }

    private HttpReply patchGroup(HttpCall call, String id) {
        List<ScimPatchOperation> operations = ScimPatchOperation.all(body(call));
        return directory.locked(() -> {
            ScimGroup group = directory.group(id);
            ScimVersions.checkIfMatch(call, group.version);
            ScimGroupPatch.Draft draft = groupPatch.apply(group, operations);
            directory.requireAcceptedNewMembers(group, draft.members);
            directory.commitGroup(group, draft.displayName, draft.externalId, draft.members, true);
            return resource(200, call, resources.groupJson(group), group.version);
        });
    }

    private HttpReply deleteGroup(HttpCall call, String id) {
        return directory.locked(() -> {
            ScimGroup group = directory.group(id);
            ScimVersions.checkIfMatch(call, group.version);
            directory.deleteGroup(group);
            return HttpReply.empty(204);
        });
    }

    // ---- shared

    private JsonNode body(HttpCall call) {
        String contentType = call.header("Content-Type");
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            throw new ScimException(
                    415, null, "Content-Type must be application/scim+json or application/json, not " + contentType);
        }
        if (call.body().length == 0) {
            throw ScimException.invalidSyntax("request body is empty");
        }
        return json.readTree(call.body());
    }

    private HttpReply resource(int status, HttpCall call, ObjectNode node, long version) {
        ObjectNode projected = ScimProjection.project(node, call.param("attributes"), call.param("excludedAttributes"));
        return reply(status, projected).header("ETag", ScimVersions.etag(version));
    }

    private HttpReply reply(int status, JsonNode node) {
        return HttpReply.of(status, HttpReply.SCIM_JSON, json.writeValueAsBytes(node));
    }
}
