package org.qualigate.connector;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A task tool where escalations become work for people: one task per key (a label the service chooses, so a task
 * is found again rather than made twice), comments, and moving a task to in progress or done. Calls throw {@link
 * TargetException} when the tool cannot be reached or refuses.
 */
public interface TaskTool {

    /** Where a task stands, in the words of the escalation. */
    enum Stage {
        OPEN,
        IN_PROGRESS,
        DONE
    }

    /** A task: its key in the tool and its stage. */
    record Task(String key, Stage stage) {}

    /** A name for messages and the audit trail. */
    String name();

    /** The task carrying this idempotency key, if the tool has one. */
    Optional<Task> find(String idempotencyKey);

    /** Creates a task carrying the key; the caller has looked for it first. */
    Task create(String idempotencyKey, String summary, String description, LocalDate dueDate);

    /** The texts of the task's comments, oldest first. */
    List<String> comments(String taskKey);

    void comment(String taskKey, String text);

    /** Moves the task to the stage (nothing when it is there already). */
    void moveTo(Task task, Stage stage);
}
