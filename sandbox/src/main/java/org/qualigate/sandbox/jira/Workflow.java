package org.qualigate.sandbox.jira;

import java.util.Arrays;
import java.util.Optional;

/**
 * The project's simplified workflow, To Do → In Progress → Done, where any status can be reached from any other
 * (global transitions, as in Jira Cloud's team-managed default). Each status is its own transition's target.
 */
enum Workflow {
    TO_DO("10000", "To Do", "11", "new", "To Do"),
    IN_PROGRESS("3", "In Progress", "21", "indeterminate", "In Progress"),
    DONE("10001", "Done", "31", "done", "Done");

    private final String statusId;
    private final String statusName;
    private final String transitionId;
    private final String categoryKey;
    private final String categoryName;

    Workflow(String statusId, String statusName, String transitionId, String categoryKey, String categoryName) {
        this.statusId = statusId;
        this.statusName = statusName;
        this.transitionId = transitionId;
        this.categoryKey = categoryKey;
        this.categoryName = categoryName;
    }

    static Optional<Workflow> byTransition(String id) {
        return Arrays.stream(values()).filter(w -> w.transitionId.equals(id)).findFirst();
    }

    String statusId() {
        return statusId;
    }

    String statusName() {
        return statusName;
    }

    String transitionId() {
        return transitionId;
    }

    String categoryKey() {
        return categoryKey;
    }

    String categoryName() {
        return categoryName;
    }
}
