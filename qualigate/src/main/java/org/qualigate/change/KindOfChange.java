package org.qualigate.change;

import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one {@link ChangeKind} of change set means: which content it accepts, what approving it would change, and
 * how it is put in force in the approval's transaction. One implementation per kind; {@link ChangeSets} runs the
 * workflow and asks the change set's kind for the rest.
 */
interface KindOfChange {

    ObjectMapper JSON = JsonMapper.builder().build();

    ChangeKind kind();

    /**
     * Why this content cannot be a change set of this kind, naming the offending part, in the API's English and as a
     * sentence of the bundles; may throw {@link org.qualigate.text.RefusedInput} (said in the reader's language),
     * another {@link IllegalArgumentException} or a Jackson exception for content that cannot be read at all.
     */
    Optional<org.qualigate.text.Refusal> refusal(String content);

    /** What approving this content, the change set's {@code version}, would change. */
    ChangeSetPreview preview(long changeSetId, int version, String content);

    /** Puts the approved version in force in the approval's transaction; returns what it did. */
    ChangeOutcome.Effects putInForce(ChangeSet changeSet, ChangeSetVersion version, String approver, Instant now);

    /**
     * Taken before the approval's transaction: what the kind must know of the world before the change to say
     * afterwards what the approval did (run after the commit).
     */
    default AfterApproval beforeApproval(String content) {
        return (changeSetId, approver) -> ChangeOutcome.Effects.NONE;
    }

    /** What a kind does once the approval has committed; what it did is added to the approval's effects. */
    @FunctionalInterface
    interface AfterApproval {
        ChangeOutcome.Effects run(long changeSetId, String approver);
    }

    /** The reason the audit trail gives for a change put in force by an approval. */
    static String why(ChangeSet changeSet, ChangeSetVersion version) {
        return "change set " + changeSet.id() + " v" + version.version() + " approved: " + changeSet.title();
    }
}
