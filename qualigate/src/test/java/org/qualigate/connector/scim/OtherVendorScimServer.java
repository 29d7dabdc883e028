package org.qualigate.connector.scim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A SCIM 2.0 server written from RFC 7644 but making the other choices the RFC allows, as a second
 * vendor would: users carry no {@code groups} attribute, PATCH answers 204 with no body, errors carry
 * a numeric {@code status}, there are no ETags, filtering groups by member is refused with 400
 * {@code invalidFilter} (unless told otherwise), {@code excludedAttributes} is ignored, pages hold at most two resources, a
 * remove that matches nothing is 400 {@code noTarget}, and responses are {@code application/json}.
 */
final class OtherVendorScimServer implements AutoCloseable {

    private static final Pattern EQ_FILTER =
            Pattern.compile("^\\s*(\\w+)\\s+eq\\s+(\"(?:[^\"\\\\]|\\\\.)*\")\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern REMOVE_MEMBER_PATH =
            Pattern.compile("^members\\[value eq (\"(?:[^\"\\\\]|\\\\.)*\")]$", Pattern.CASE_INSENSITIVE);
    private static final Pattern MEMBER_FILTER =
            Pattern.compile("^\\s*members\\[value eq (\"(?:[^\"\\\\]|\\\\.)*\")]\\s*$", Pattern.CASE_INSENSITIVE);
    private static final int MAX_PAGE = 2;

    /** One request as the server saw it. */
    record Request(String method, String path, @Nullable String query, Map<String, String> headers, String body) {}

    /** An answer to play instead of the real one. */
    record Scripted(int status, Map<String, String> headers, String body) {}

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpServer server;
    private final String token;
    private final Map<String, ObjectNode> users = new LinkedHashMap<>();
    private final Map<String, String> groupNames = new LinkedHashMap<>();
    private final Map<String, Set<String>> groupMembers = new LinkedHashMap<>();
    private final Deque<Scripted> scripted = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private int nextId = 1;
    private boolean memberFilter;

    OtherVendorScimServer(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/vendor/scim/v2", this::handle);
        server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/vendor/scim/v2");
    }

    synchronized String createUser(String userName, @Nullable String externalId) {
        String id = "usr-" + nextId++;
        ObjectNode user = json.createObjectNode();
        user.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        user.put("id", id);
        user.put("userName", userName);
        if (externalId != null) {
            user.put("externalId", externalId);
        }
        user.put("active", true);
        users.put(id, user);
        return id;
    }

    synchronized String createGroup(String displayName) {
        String id = "grp-" + nextId++;
        groupNames.put(id, displayName);
        groupMembers.put(id, new LinkedHashSet<>());
        return id;
    }

    synchronized void deleteGroup(String id) {
        groupNames.remove(id);
        groupMembers.remove(id);
    }

    synchronized void addMember(String groupId, String userId) {
        groupMembers.get(groupId).add(userId);
    }

    synchronized Set<String> membersOf(String groupId) {
        return Set.copyOf(groupMembers.get(groupId));
    }

    /** Makes the server answer {@code members[value eq "…"]} instead of refusing it. */
    synchronized void acceptMemberFilter() {
        memberFilter = true;
    }

    /** The next matching requests get these answers, in order, whatever they ask. */
    synchronized void answerNext(Scripted answer) {
        scripted.addLast(answer);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
            String path = exchange.getRequestURI().getRawPath().substring("/vendor/scim/v2".length());
            String method = exchange.getRequestMethod();
            requests.add(new Request(method, path, exchange.getRequestURI().getRawQuery(), headers, body));
            Scripted answer =
                    answer(method, path, query(exchange.getRequestURI().getRawQuery()), headers, body);
            answer.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 0) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            }
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private synchronized Scripted answer(
            String method, String path, Map<String, String> query, Map<String, String> headers, String body) {
        if (!("Bearer " + token).equals(headers.get("authorization"))) {
            return error(401, null, "authentication required");
        }
        if (!scripted.isEmpty()) {
            return scripted.removeFirst();
        }
        if (method.equals("GET") && path.equals("/Users")) {
            return listUsers(query);
        }
        if (method.equals("GET") && path.equals("/Groups")) {
            return listGroups(query);
        }
        if (path.startsWith("/Groups/")) {
            String id = URLDecoder.decode(path.substring("/Groups/".length()), StandardCharsets.UTF_8);
            if (!groupNames.containsKey(id)) {
                return error(404, null, "Group " + id + " not found");
            }
            if (method.equals("GET")) {
                return ok(group(id));
            }
            if (method.equals("PATCH")) {
                return patchGroup(id, body);
            }
        }
        return error(404, null, "no such endpoint");
    }

    private Scripted listUsers(Map<String, String> query) {
        String filter = query.get("filter");
        List<JsonNode> found = new ArrayList<>();
        if (filter == null) {
            found.addAll(users.values());
        } else {
            Matcher eq = EQ_FILTER.matcher(filter);
            if (!eq.matches()) {
                return error(400, "invalidFilter", "unsupported filter: " + filter);
            }
            String attribute = eq.group(1);
            String value = json.readTree(eq.group(2)).stringValue();
            for (ObjectNode user : users.values()) {
                JsonNode actual = user.get(attribute);
                // userName is caseExact false; externalId is caseExact true (RFC 7643 §4.1.1, §3.1).
                if (actual != null
                        && (attribute.equalsIgnoreCase("userName")
                                ? actual.stringValue().equalsIgnoreCase(value)
                                : actual.stringValue().equals(value))) {
                    found.add(user);
                }
            }
        }
        return ok(page(found, query));
    }

    private Scripted listGroups(Map<String, String> query) {
        String filter = query.get("filter");
        List<JsonNode> found = new ArrayList<>();
        if (filter == null) {
            groupNames.keySet().forEach(id -> found.add(group(id)));
        } else if (memberFilter && MEMBER_FILTER.matcher(filter).matches()) {
            Matcher member = MEMBER_FILTER.matcher(filter);
            member.matches();
            String userId = json.readTree(member.group(1)).stringValue();
            groupMembers.forEach((id, members) -> {
                if (members.contains(userId)) {
                    found.add(group(id));
                }
            });
        } else {
            Matcher eq = EQ_FILTER.matcher(filter);
            if (!eq.matches() || !eq.group(1).equalsIgnoreCase("displayName")) {
                return error(400, "invalidFilter", "only displayName eq is supported");
            }
            String value = json.readTree(eq.group(2)).stringValue();
            groupNames.forEach((id, name) -> {
                if (name.equalsIgnoreCase(value)) {
                    found.add(group(id));
                }
            });
        }
        return ok(page(found, query));
    }

    private Scripted patchGroup(String id, String body) {
        JsonNode patch = json.readTree(body);
        Set<String> members = groupMembers.get(id);
        for (JsonNode operation : patch.get("Operations").values()) {
            String op = operation.get("op").stringValue().toLowerCase();
            String path = operation.path("path").asString("");
            if (op.equals("add") && path.equals("members")) {
                for (JsonNode member : operation.get("value").values()) {
                    String userId = member.get("value").stringValue();
                    if (!users.containsKey(userId)) {
                        return error(400, "invalidValue", "no user " + userId);
                    }
                    members.add(userId);
                }
            } else if (op.equals("remove")) {
                Matcher remove = REMOVE_MEMBER_PATH.matcher(path);
                if (!remove.matches()) {
                    return error(400, "invalidPath", "unsupported path " + path);
                }
                if (!members.remove(json.readTree(remove.group(1)).stringValue())) {
                    return error(400, "noTarget", "no member matches " + path);
                }
            } else {
                return error(400, "invalidSyntax", "unsupported operation " + op + " " + path);
            }
        }
        return new Scripted(204, Map.of(), "");
    }

    private ObjectNode group(String id) {
        ObjectNode group = json.createObjectNode();
        group.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Group");
        group.put("id", id);
        group.put("displayName", groupNames.get(id));
        Set<String> members = groupMembers.get(id);
        if (!members.isEmpty()) {
            ArrayNode list = group.putArray("members");
            members.forEach(member -> list.addObject().put("value", member).put("type", "User"));
        }
        return group;
    }

    private ObjectNode page(List<JsonNode> found, Map<String, String> query) {
        int startIndex = Math.max(1, Integer.parseInt(query.getOrDefault("startIndex", "1")));
        int count = Math.min(MAX_PAGE, Integer.parseInt(query.getOrDefault("count", Integer.toString(MAX_PAGE))));
        List<JsonNode> page =
                found.subList(Math.min(found.size(), startIndex - 1), Math.min(found.size(), startIndex - 1 + count));
        ObjectNode list = json.createObjectNode();
        list.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        list.put("totalResults", found.size());
        list.put("startIndex", startIndex);
        list.put("itemsPerPage", page.size());
        ArrayNode resources = list.putArray("Resources");
        page.forEach(resources::add);
        return list;
    }

    private Scripted ok(JsonNode body) {
        return new Scripted(200, Map.of(), json.writeValueAsString(body));
    }

    /** An error with a numeric status, as some servers send it. */
    Scripted error(int status, @Nullable String scimType, String detail) {
        ObjectNode error = json.createObjectNode();
        error.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:Error");
        error.put("status", status);
        if (scimType != null) {
            error.put("scimType", scimType);
        }
        error.put("detail", detail);
        return new Scripted(status, Map.of(), json.writeValueAsString(error));
    }

    private static Map<String, String> query(@Nullable String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.put(
                    URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }
}
