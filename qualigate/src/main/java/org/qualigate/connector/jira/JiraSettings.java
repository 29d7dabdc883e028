package org.qualigate.connector.jira;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The Jira Cloud site ({@code …/rest/api/3} lives under it), the account's e-mail and API token (Basic), the project
 * and issue type of escalation tasks, and the ids of the global transitions to In Progress and Done (the default
 * workflow's ids are assumed; a site's own go here).
 */
record JiraSettings(
        @Nullable String baseUrl,
        @Nullable String email,
        @Nullable String apiToken,
        String project,
        String issueType,
        String inProgressTransition,
        String doneTransition,
        Duration requestTimeout) {

    public JiraSettings {
        project = project == null || project.isBlank() ? "QA" : project;
        issueType = issueType == null || issueType.isBlank() ? "Task" : issueType;
        inProgressTransition =
                inProgressTransition == null || inProgressTransition.isBlank() ? "21" : inProgressTransition;
        doneTransition = doneTransition == null || doneTransition.isBlank() ? "31" : doneTransition;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
    }

    public boolean configured() {
        return baseUrl != null && !baseUrl.isBlank();
    }

    @Override
    public String toString() {
        // the token is never written out
        return "JiraSettings[baseUrl=" + baseUrl + ", email=" + email + ", project=" + project + "]";
    }
}
