package org.qualigate.sandbox.jira;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** One issue of the simulated Jira: its fields, entity properties, status and comments. Mutable; guarded by the simulator. */
final class Issue {

    /** A comment with its Atlassian Document Format body. */
    record Comment(String id, String author, JsonNode body, Instant created) {}

    private final long id;
    private final long number;
    private final String project;
    private final String issueType;
    private final String summary;
    private final JsonNode description;
    private final List<String> labels;
    private final @Nullable String dueDate;
    private final Map<String, JsonNode> properties = new LinkedHashMap<>();
    private final List<Comment> comments = new ArrayList<>();
    private final Instant created;
    private Instant updated;
    private Workflow status = Workflow.TO_DO;

    Issue(
            long id,
            long number,
            String project,
            String issueType,
            String summary,
            JsonNode description,
            List<String> labels,
            @Nullable String dueDate,
            Instant created) {
        this.id = id;
        this.number = number;
        this.project = project;
        this.issueType = issueType;
        this.summary = summary;
        this.description = description;
        this.labels = List.copyOf(labels);
        this.dueDate = dueDate;
        this.created = created;
        this.updated = created;
    }

    long id() {
        return id;
    }

    long number() {
        return number;
    }

    String key() {
        return project + "-" + number;
    }

    String project() {
        return project;
    }

    String issueType() {
        return issueType;
    }

    String summary() {
        return summary;
    }

    JsonNode description() {
        return description;
    }

    List<String> labels() {
        return labels;
    }

    @Nullable
    String dueDate() {
        return dueDate;
    }

    Instant created() {
        return created;
    }

    Instant updated() {
        return updated;
    }

    Workflow status() {
        return status;
    }

    Map<String, JsonNode> properties() {
        return properties;
    }

    List<Comment> comments() {
        return comments;
    }

    void transition(Workflow to, Instant at) {
        status = to;
        updated = at;
    }

    void comment(Comment comment) {
        comments.add(comment);
        updated = comment.created();
    }

    void property(String key, JsonNode value, Instant at) {
        properties.put(key, value);
        updated = at;
    }

    /** The values a JQL clause on the field compares with. */
    List<String> values(String field) {
        return switch (field) {
            case "project" -> List.of(project);
            case "issuetype" -> List.of(issueType);
            case "status" -> List.of(status.statusName(), status.statusId());
            case "statuscategory" -> List.of(status.categoryName(), status.categoryKey());
            case "labels" -> labels;
            case "key" -> List.of(key(), Long.toString(id));
            default -> propertyValue(field);
        };
    }

    private List<String> propertyValue(String field) {
        String[] parts = field.split(":", 3);
        JsonNode node = properties.get(parts[1]);
        if (node == null) {
            return List.of();
        }
        for (String step : parts[2].split("\\.")) {
            node = node.path(step);
        }
        return node.isValueNode() ? List.of(node.asString()) : List.of();
    }
}
