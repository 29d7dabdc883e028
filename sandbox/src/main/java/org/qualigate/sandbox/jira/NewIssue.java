package org.qualigate.sandbox.jira;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fields of a create-issue request, read and checked as Jira checks them: each refused field named in
 * {@code errors} with Jira's message.
 */
record NewIssue(
        String type,
        String summary,
        JsonNode description,
        List<String> labels,
        @Nullable String dueDate,
        Map<String, String> errors) {

    private static final Set<String> ISSUE_TYPES = Set.of("Task", "Bug");
    private static final Set<String> CREATE_FIELDS =
            Set.of("project", "issuetype", "summary", "description", "labels", "duedate", "priority");

    static NewIssue read(JsonNode fields, JsonMapper json) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (String name : fields.propertyNames()) {
            if (!CREATE_FIELDS.contains(name)) {
                errors.put(
                        name, "Field '" + name + "' cannot be set. It is not on the appropriate screen, or unknown.");
            }
        }
        JsonNode project = fields.path("project");
        if (!JiraSimulator.PROJECT.equals(project.path("key").asString(""))
                && !"10000".equals(project.path("id").asString(""))) {
            errors.put("project", "valid project is required");
        }
        String type = fields.path("issuetype").path("name").asString("");
        if (!ISSUE_TYPES.contains(type)) {
            errors.put("issuetype", "valid issue type is required");
        }
        String summary = fields.path("summary").asString("");
        if (summary.isBlank()) {
            errors.put("summary", "You must specify a summary of the issue.");
        } else if (summary.length() > 255) {
            errors.put("summary", "Summary must be less than 255 characters.");
        }
        JsonNode description = fields.path("description");
        if (!description.isMissingNode() && !description.isNull() && !JiraJson.isDocument(description)) {
            errors.put(
                    "description", "Operation value must be an Atlassian Document (see the Atlassian Document Format)");
        }
        List<String> labels = new ArrayList<>();
        fields.path("labels").values().forEach(l -> labels.add(l.asString("")));
        labels.stream()
                .filter(l -> l.isBlank() || l.contains(" "))
                .findFirst()
                .ifPresent(l -> errors.put("labels", "The label '" + l + "' contains spaces which is invalid."));
        String due =
                fields.path("duedate").isNull() ? null : fields.path("duedate").asString(null);
        if (due != null && !isDate(due)) {
            errors.put("duedate", "Error parsing date string: " + due);
        }
        return new NewIssue(
                type,
                summary,
                description.isMissingNode() ? json.nullNode() : description,
                List.copyOf(labels),
                due,
                errors);
    }

    private static boolean isDate(String text) {
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
