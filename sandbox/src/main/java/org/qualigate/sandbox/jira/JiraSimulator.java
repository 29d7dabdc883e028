package org.qualigate.sandbox.jira;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.http.Recorder;
import org.qualigate.sandbox.http.Reply;
import org.qualigate.sandbox.http.Request;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Jira Cloud site under {@code /jira}: REST API v3 at {@code /jira/rest/api/3} with one project ({@code QA},
 * issue types Task and Bug). Basic authentication is the account's e-mail and an API token. Above the burst limit
 * (requests per second, on the simulator's clock) it answers 429 with {@code Retry-After}.
 */
public final class JiraSimulator {

    public static final String PATH = "/jira";
    public static final String EMAIL = "qualigate@example.com";
    public static final String API_TOKEN = "sandbox-jira-token";
    public static final String PROJECT = "QA";
    private static final String API = "/rest/api/3";

    private final Clock clock;
    private final JsonMapper json;
    private final Recorder recorder;
    private final JiraJson render;
    private final Map<String, Issue> issues = new LinkedHashMap<>();
    private long nextId = 10_001;
    private long nextNumber = 1;
    private long nextComment = 10_100;
    private int burstLimit = 100;
    private long window = -1;
    private int inWindow;

    public JiraSimulator(Clock clock, JsonMapper json, Recorder recorder, Supplier<String> siteUrl) {
        this.clock = clock;
        this.json = json;
        this.recorder = recorder;
        this.render = new JiraJson(json, () -> siteUrl.get() + API);
    }

    /** Requests per second above which the site answers 429 (Jira Cloud's burst limit); 0 turns it off. */
    public synchronized void burstLimit(int perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("burst limit must be >= 0");
        }
        this.burstLimit = perSecond;
    }

    public synchronized int issueCount() {
        return issues.size();
    }

    /** The issue's status name ({@code To Do}, {@code In Progress}, {@code Done}), if the issue exists. */
    public synchronized Optional<String> status(String key) {
        return Optional.ofNullable(issues.get(key)).map(i -> i.status().statusName());
    }

    public synchronized int commentCount(String key) {
        Issue issue = issues.get(key);
        return issue == null ? 0 : issue.comments().size();
    }

    /** The resource a fault names: {@code /issue}, {@code /issue/transitions}, {@code /issue/comment}, {@code /search/jql}. */
    public static String resource(String relative) {
        String[] parts =
                relative.startsWith(API) ? relative.substring(API.length()).split("/") : new String[0];
        if (parts.length < 2) {
            return relative;
        }
        if (parts[1].equals("issue") && parts.length >= 4) {
            return "/issue/" + parts[3];
        }
        return parts.length >= 3 && parts[1].equals("search") ? "/search/" + parts[2] : "/" + parts[1];
    }

    /** Answers a request whose path is relative to {@link #PATH}. */
    public synchronized Reply handle(Request request) {
        if (!authenticated(request.header("Authorization"))) {
            return render.error(401, List.of("Client must be authenticated to access this resource."), Map.of());
        }
        Optional<Reply> limited = rateLimited();
        if (limited.isPresent()) {
            return limited.get();
        }
        if (!request.path().startsWith(API + "/")) {
            return render.error(404, List.of("Not found: " + request.path()), Map.of());
        }
        String[] parts = request.path().substring(API.length() + 1).split("/");
        try {
            return route(request, parts);
        } catch (JacksonException e) {
            return render.error(
                    400, List.of("Unexpected character in the request body: " + e.getOriginalMessage()), Map.of());
        }
    }

    /** A Jira-shaped error for a fault the sandbox plays; 429 carries the rate-limit headers. */
    public Reply faultError(int status, String message) {
        return render.error(status, List.of(message), Map.of());
    }

    private Reply route(Request request, String[] parts) {
        String method = request.method();
        String head = parts[0];
        if (head.equals("myself") && method.equals("GET")) {
            return render.reply(
                    200, render.object().put("emailAddress", EMAIL).put("accountId", "5b10ac8d82e05b22cc7d4ef5"));
        }
        if (head.equals("search") && parts.length == 1) {
            return render.error(
                    410,
                    List.of("The requested API has been removed. Please migrate to the /rest/api/3/search/jql API."),
                    Map.of());
        }
        if (head.equals("search") && parts[1].equals("jql")) {
            return search(method.equals("POST") ? json.readTree(request.body()) : queryAsJson(request));
        }
        if (!head.equals("issue")) {
            return render.error(404, List.of("No resource /" + String.join("/", parts)), Map.of());
        }
        if (parts.length == 1) {
            return method.equals("POST") ? create(json.readTree(request.body())) : methodNotAllowed();
        }
        Issue issue = find(parts[1]);
        if (issue == null) {
            return render.error(
                    404, List.of("Issue does not exist or you do not have permission to see it."), Map.of());
        }
        String sub = parts.length > 2 ? parts[2] : "";
        return switch (method + " " + sub) {
            case "GET " -> render.reply(200, render.issue(issue, fields(request.param("fields", "*all"))));
            case "GET transitions" -> render.reply(200, render.transitions(issue));
            case "POST transitions" -> transition(issue, json.readTree(request.body()));
            case "GET comment" -> render.reply(200, render.comments(issue));
            case "POST comment" -> comment(issue, json.readTree(request.body()));
            case "PUT properties" -> parts.length == 4 ? property(issue, parts[3], request) : methodNotAllowed();
            case "GET properties" -> parts.length == 4 ? readProperty(issue, parts[3]) : methodNotAllowed();
            default -> methodNotAllowed();
        };
    }

    private Reply create(JsonNode body) {
        NewIssue request = NewIssue.read(body.path("fields"), json);
        if (!request.errors().isEmpty()) {
            return render.error(400, List.of(), request.errors());
        }
        Issue issue = new Issue(
                nextId++,
                nextNumber++,
                PROJECT,
                request.type(),
                request.summary(),
                request.description(),
                request.labels(),
                request.dueDate(),
                clock.instant());
        body.path("properties")
                .values()
                .forEach(p -> issue.property(p.path("key").asString(), p.path("value"), clock.instant()));
        issues.put(issue.key(), issue);
        recorder.record(
                "issue.create",
                issue.key(),
                request.type() + " " + String.join(",", request.labels()) + " " + request.summary());
        return render.reply(201, render.created(issue));
    }

    private Reply transition(Issue issue, JsonNode body) {
        String id = body.path("transition").path("id").asString("");
        Optional<Workflow> to = Workflow.byTransition(id).filter(w -> w != issue.status());
        if (to.isEmpty()) {
            return render.error(400, List.of("Transition id '" + id + "' is not valid for this issue."), Map.of());
        }
        Workflow from = issue.status();
        issue.transition(to.get(), clock.instant());
        recorder.record(
                "issue.transition",
                issue.key(),
                from.statusName() + " → " + to.get().statusName());
        return Reply.empty(204);
    }

    private Reply comment(Issue issue, JsonNode body) {
        if (!JiraJson.isDocument(body.path("body"))) {
            return render.error(400, List.of(), Map.of("comment", "Comment body must be an Atlassian Document"));
        }
        Issue.Comment comment =
                new Issue.Comment(Long.toString(nextComment++), EMAIL, body.path("body"), clock.instant());
        issue.comment(comment);
        recorder.record("issue.comment", issue.key(), text(body.path("body")));
        return render.reply(201, render.comment(issue, comment));
    }

    private Reply property(Issue issue, String key, Request request) {
        JsonNode value = json.readTree(request.body());
        boolean created = !issue.properties().containsKey(key);
        issue.property(key, value, clock.instant());
        recorder.record("issue.property", issue.key(), key + "=" + value);
        return created ? Reply.empty(201) : Reply.empty(200);
    }

    private Reply readProperty(Issue issue, String key) {
        JsonNode value = issue.properties().get(key);
        if (value == null) {
            return render.error(404, List.of("The property was not found."), Map.of());
        }
        ObjectNode node = render.object();
        node.put("key", key);
        node.set("value", value);
        return render.reply(200, node);
    }

    /** The enhanced search: bounded JQL, pages of {@code maxResults} with {@code nextPageToken} and {@code isLast}. */
    private Reply search(JsonNode query) {
        Jql jql;
        try {
            jql = Jql.parse(query.path("jql").asString(""));
        } catch (IllegalArgumentException e) {
            return render.error(400, List.of(e.getMessage()), Map.of());
        }
        if (!jql.bounded()) {
            return render.error(
                    400,
                    List.of(
                            "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."),
                    Map.of());
        }
        int max = Math.max(1, Math.min(query.path("maxResults").asInt(50), 5000));
        int start = 0;
        String token = query.path("nextPageToken").asString("");
        if (!token.isBlank()) {
            start = decodeToken(token);
            if (start < 0) {
                return render.error(400, List.of("The provided next page token is invalid or expired."), Map.of());
            }
        }
        List<Issue> matching = issues.values().stream()
                .filter(jql::matches)
                .sorted(jql.order())
                .toList();
        int end = Math.min(matching.size(), start + max);
        Set<String> wanted = fields(
                query.path("fields").isArray()
                        ? join(query.path("fields"))
                        : query.path("fields").asString("id"));
        ObjectNode page = render.object();
        ArrayNode list = page.putArray("issues");
        matching.subList(Math.min(start, end), end).forEach(i -> list.add(render.issue(i, wanted)));
        if (end < matching.size()) {
            page.put(
                    "nextPageToken",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(("p:" + end).getBytes(StandardCharsets.UTF_8)));
        }
        page.put("isLast", end >= matching.size());
        return render.reply(200, page);
    }

    private Optional<Reply> rateLimited() {
        if (burstLimit == 0) {
            return Optional.empty();
        }
        long second = clock.millis() / 1000;
        if (second != window) {
            window = second;
            inWindow = 0;
        }
        if (++inWindow <= burstLimit) {
            return Optional.empty();
        }
        Instant reset = Instant.ofEpochSecond(second + 1);
        return Optional.of(render.error(429, List.of("Rate limit exceeded."), Map.of())
                .header("Retry-After", "1")
                .header("X-RateLimit-Limit", Integer.toString(burstLimit))
                .header("X-RateLimit-Remaining", "0")
                .header(
                        "X-RateLimit-Reset",
                        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
                                .format(reset.truncatedTo(ChronoUnit.MINUTES)
                                        .plus(1, ChronoUnit.MINUTES)
                                        .atOffset(ZoneOffset.UTC)))
                .header("RateLimit-Reason", "jira-burst-based"));
    }

    private @Nullable Issue find(String idOrKey) {
        Issue byKey = issues.get(idOrKey);
        return byKey != null
                ? byKey
                : issues.values().stream()
                        .filter(i -> Long.toString(i.id()).equals(idOrKey))
                        .findFirst()
                        .orElse(null);
    }

    private ObjectNode queryAsJson(Request request) {
        ObjectNode node = render.object();
        request.query().forEach(node::put);
        return node;
    }

    private static Set<String> fields(String list) {
        Set<String> set = new LinkedHashSet<>();
        for (String f : list.split(",")) {
            set.add(f.trim());
        }
        return set;
    }

    private static String join(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.values().forEach(n -> names.add(n.asString()));
        return String.join(",", names);
    }

    private static int decodeToken(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            return text.startsWith("p:") ? Integer.parseInt(text.substring(2)) : -1;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** The plain text of an ADF document, for the side-effect log. */
    private static String text(JsonNode node) {
        if (node.has("text")) {
            return node.path("text").asString();
        }
        StringBuilder out = new StringBuilder();
        node.path("content").values().forEach(c -> out.append(text(c)));
        return out.toString();
    }

    private Reply methodNotAllowed() {
        return render.error(405, List.of("Method not allowed"), Map.of());
    }

    private static boolean authenticated(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            byte[] given = Base64.getDecoder().decode(authorization.substring(6).trim());
            return MessageDigest.isEqual(given, (EMAIL + ":" + API_TOKEN).getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
