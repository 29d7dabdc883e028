package org.qualigate.connector.jira;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.TaskTool;
import org.qualigate.connector.internal.HttpCalls;
import org.qualigate.trace.Traces;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Jira Cloud's REST API v3 as the task tool: a task is an issue carrying the idempotency key as a label, found with
 * the enhanced search ({@code /search/jql}); descriptions and comments are Atlassian Document Format; a stage is
 * reached with a global transition. {@code 429} honours {@code Retry-After}; errors read {@code errorMessages} and
 * {@code errors}.
 */
final class JiraCloudTasks implements TaskTool {

    private final String name;
    private final JiraSettings settings;
    private final HttpCalls calls;
    private final JsonMapper json = JsonMapper.builder().build();

    /** {@code recorder}: where the calls are recorded as trace steps (that of the application building this). */
    public JiraCloudTasks(String name, JiraSettings settings, Traces.CallRecorder recorder) {
        if (!settings.configured()) {
            throw new IllegalArgumentException("Jira needs a base URL");
        }
        this.name = name;
        this.settings = settings;
        this.calls = HttpCalls.withoutRedirects(settings.requestTimeout(), recorder);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<Task> find(String idempotencyKey) {
        ObjectNode query = json.createObjectNode();
        query.put("jql", "project = " + settings.project() + " AND labels = \"" + idempotencyKey + "\"");
        query.put("maxResults", 2);
        query.putArray("fields").add("status").add("labels");
        JsonNode answer = ok(send("POST", "/search/jql", query), "search");
        for (JsonNode issue : answer.path("issues").values()) {
            for (JsonNode label : issue.path("fields").path("labels").values()) {
                if (idempotencyKey.equals(label.asString(""))) {
                    return Optional.of(new Task(issue.path("key").asString(), stage(issue)));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Task create(String idempotencyKey, String summary, String description, LocalDate dueDate) {
        ObjectNode body = json.createObjectNode();
        ObjectNode fields = body.putObject("fields");
        fields.putObject("project").put("key", settings.project());
        fields.putObject("issuetype").put("name", settings.issueType());
        fields.put("summary", summary.length() > 250 ? summary.substring(0, 250) : summary);
        fields.set("description", document(description));
        fields.putArray("labels").add(idempotencyKey);
        fields.put("duedate", dueDate.toString());
        JsonNode answer = ok(send("POST", "/issue", body), "create issue");
        String key = answer.path("key").asString("");
        if (key.isBlank()) {
            throw TargetException.permanentFailure(prefix() + "the created issue has no key", null);
        }
        return new Task(key, Stage.OPEN);
    }

    @Override
    public List<String> comments(String taskKey) {
        JsonNode answer = ok(send("GET", "/issue/" + encode(taskKey) + "/comment?maxResults=5000", null), "comments");
        List<String> texts = new ArrayList<>();
        for (JsonNode comment : answer.path("comments").values()) {
            texts.add(text(comment.path("body")));
        }
        return texts;
    }

    @Override
    public void comment(String taskKey, String text) {
        ObjectNode body = json.createObjectNode();
        body.set("body", document(text));
        ok(send("POST", "/issue/" + encode(taskKey) + "/comment", body), "comment");
    }

    @Override
    public void moveTo(Task task, Stage stage) {
        if (task.stage() == stage || stage == Stage.OPEN) {
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.putObject("transition")
                .put("id", stage == Stage.DONE ? settings.doneTransition() : settings.inProgressTransition());
        ok(send("POST", "/issue/" + encode(task.key()) + "/transitions", body), "transition");
    }

    // ---------------------------------------------------------------------------------------------------------

    private Stage stage(JsonNode issue) {
        JsonNode status = issue.path("fields").path("status");
        String category = status.path("statusCategory").path("key").asString("");
        String statusName = status.path("name").asString("");
        if (category.equals("done") || statusName.equalsIgnoreCase("Done")) {
            return Stage.DONE;
        }
        if (category.equals("indeterminate") || statusName.equalsIgnoreCase("In Progress")) {
            return Stage.IN_PROGRESS;
        }
        return Stage.OPEN;
    }

    /** One paragraph of Atlassian Document Format per line of the text. */
    private ObjectNode document(String text) {
        ObjectNode doc = json.createObjectNode();
        doc.put("type", "doc");
        doc.put("version", 1);
        ArrayNode content = doc.putArray("content");
        for (String line : text.split("\n")) {
            ObjectNode paragraph = content.addObject();
            paragraph.put("type", "paragraph");
            if (!line.isEmpty()) {
                ObjectNode t = paragraph.putArray("content").addObject();
                t.put("type", "text");
                t.put("text", line);
            }
        }
        return doc;
    }

    /** The plain text of an ADF node: its text nodes, paragraphs on lines of their own. */
    private static String text(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        collect(node, sb);
        return sb.toString().strip();
    }

    private static void collect(JsonNode node, StringBuilder sb) {
        if (node.path("type").asString("").equals("text")) {
            sb.append(node.path("text").asString(""));
        }
        for (JsonNode child : node.path("content").values()) {
            collect(child, sb);
        }
        if (node.path("type").asString("").equals("paragraph")) {
            sb.append('\n');
        }
    }

    private HttpResponse<String> send(String method, String path, @Nullable JsonNode body) {
        String credentials = settings.email() + ":" + settings.apiToken();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root() + "/rest/api/3" + path))
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        }
        return calls.send(request.build(), prefix(), method + " " + path);
    }

    private JsonNode ok(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        if (status / 100 == 2) {
            if (response.body() == null || response.body().isBlank()) {
                return json.createObjectNode();
            }
            try {
                JsonNode node = json.readTree(response.body());
                return node == null ? json.createObjectNode() : node;
            } catch (JacksonException e) {
                throw TargetException.permanentFailure(prefix() + what + " answered " + status + " without JSON", e);
            }
        }
        String message = prefix() + what + " answered " + status + " " + errors(response.body());
        return throwing(
                TargetException.ofStatus(status, message, response.headers().firstValue("Retry-After")));
    }

    private static JsonNode throwing(TargetException e) {
        throw e;
    }

    private String errors(@Nullable String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = json.readTree(body);
            List<String> parts = new ArrayList<>();
            node.path("errorMessages").values().forEach(m -> parts.add(m.asString("")));
            node.path("errors")
                    .properties()
                    .forEach(e -> parts.add(e.getKey() + ": " + e.getValue().asString("")));
            String joined = String.join("; ", parts);
            return joined.length() > 300 ? joined.substring(0, 300) : joined;
        } catch (JacksonException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }

    private String root() {
        String base = String.valueOf(settings.baseUrl());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private String prefix() {
        return "Jira " + name + ": ";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
