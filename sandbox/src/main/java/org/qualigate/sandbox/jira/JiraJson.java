package org.qualigate.sandbox.jira;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.qualigate.sandbox.http.Reply;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** How the simulated Jira writes issues, transitions, comments and its {@code errorMessages}/{@code errors} bodies. */
final class JiraJson {

    /** Jira's timestamp format, e.g. {@code 2026-11-20T08:00:00.000+0000}. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT);

    private final JsonMapper json;
    private final Supplier<String> restBase;

    JiraJson(JsonMapper json, Supplier<String> restBase) {
        this.json = json;
        this.restBase = restBase;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    Reply reply(int status, JsonNode body) {
        return Reply.json(status, json.writeValueAsBytes(body));
    }

    /** {@code {"errorMessages": [...], "errors": {...}}}, as every Jira REST error is shaped. */
    Reply error(int status, List<String> messages, Map<String, String> fieldErrors) {
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("errorMessages");
        messages.forEach(list::add);
        ObjectNode errors = body.putObject("errors");
        fieldErrors.forEach(errors::put);
        return reply(status, body);
    }

    ObjectNode created(Issue issue) {
        ObjectNode node = json.createObjectNode();
        node.put("id", Long.toString(issue.id()));
        node.put("key", issue.key());
        node.put("self", restBase.get() + "/issue/" + issue.id());
        return node;
    }

    /** The issue with the requested fields ({@code *all} or {@code *navigable} for every field). */
    ObjectNode issue(Issue issue, Set<String> wanted) {
        ObjectNode node = created(issue);
        node.put("expand", "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations");
        ObjectNode fields = node.putObject("fields");
        boolean all = wanted.contains("*all") || wanted.contains("*navigable");
        if (all || wanted.contains("summary")) {
            fields.put("summary", issue.summary());
        }
        if (all || wanted.contains("status")) {
            fields.set("status", status(issue.status()));
        }
        if (all || wanted.contains("labels")) {
            ArrayNode labels = fields.putArray("labels");
            issue.labels().forEach(labels::add);
        }
        if (all || wanted.contains("issuetype")) {
            fields.putObject("issuetype")
                    .put("id", "10002")
                    .put("name", issue.issueType())
                    .put("subtask", false);
        }
        if (all || wanted.contains("project")) {
            fields.putObject("project")
                    .put("id", "10000")
                    .put("key", issue.project())
                    .put("name", "Quality assurance");
        }
        if (all || wanted.contains("description")) {
            fields.set("description", issue.description());
        }
        if (all || wanted.contains("duedate")) {
            fields.put("duedate", issue.dueDate());
        }
        if (all || wanted.contains("created")) {
            fields.put("created", time(issue.created()));
        }
        if (all || wanted.contains("updated")) {
            fields.put("updated", time(issue.updated()));
        }
        if (all || wanted.contains("comment")) {
            fields.set("comment", comments(issue));
        }
        return node;
    }

    ObjectNode comments(Issue issue) {
        ObjectNode page = json.createObjectNode();
        page.put("startAt", 0);
        page.put("maxResults", issue.comments().size());
        page.put("total", issue.comments().size());
        ArrayNode list = page.putArray("comments");
        issue.comments().forEach(c -> list.add(comment(issue, c)));
        return page;
    }

    ObjectNode comment(Issue issue, Issue.Comment comment) {
        ObjectNode node = json.createObjectNode();
        node.put("self", restBase.get() + "/issue/" + issue.id() + "/comment/" + comment.id());
        node.put("id", comment.id());
        node.putObject("author").put("emailAddress", comment.author()).put("accountType", "atlassian");
        node.set("body", comment.body());
        node.put("created", time(comment.created()));
        node.put("updated", time(comment.created()));
        node.put("jsdPublic", true);
        return node;
    }

    ObjectNode transitions(Issue issue) {
        ObjectNode node = json.createObjectNode();
        node.put("expand", "transitions");
        ArrayNode list = node.putArray("transitions");
        for (Workflow w : Workflow.values()) {
            if (w == issue.status()) {
                continue;
            }
            ObjectNode t = list.addObject();
            t.put("id", w.transitionId());
            t.put("name", w.statusName());
            t.set("to", status(w));
            t.put("hasScreen", false);
            t.put("isGlobal", true);
            t.put("isInitial", false);
            t.put("isAvailable", true);
            t.put("isConditional", false);
            t.put("isLooped", false);
        }
        return node;
    }

    private ObjectNode status(Workflow w) {
        ObjectNode node = json.createObjectNode();
        node.put("self", restBase.get() + "/status/" + w.statusId());
        node.put("id", w.statusId());
        node.put("name", w.statusName());
        ObjectNode category = node.putObject("statusCategory");
        category.put("key", w.categoryKey());
        category.put("name", w.categoryName());
        return node;
    }

    static String time(Instant instant) {
        return TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** Whether the node is an Atlassian Document Format document: {@code {"type":"doc","version":1,"content":[…]}}. */
    static boolean isDocument(JsonNode node) {
        return node.isObject()
                && "doc".equals(node.path("type").asString(""))
                && node.path("version").asInt(0) == 1
                && node.path("content").isArray();
    }
}
