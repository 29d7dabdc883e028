package org.qualigate.change;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.ImpactPreview;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.util.StdConverter;

/**
 * What approving a change set's latest version would change, as its kind tells it: the API answers it, the change
 * set's page shows it. Each starts with the change set and its version, then what its kind adds.
 */
public sealed interface ChangeSetPreview {

    long changeSet();

    int version();

    /** A new plant definition's impact, its fields written in place after the change set's. */
    record OfRules(
            long changeSet, int version, @JsonUnwrapped Impact impact) implements ChangeSetPreview {}

    /**
     * What a proposed plant definition would change: when it was previewed, the versions, how many active people it
     * was evaluated for, the gains, losses and ends moved, and the changes themselves — the API writes each as its
     * view, a page tells each in its reader's language from the policy's decision. A rules change set's preview and
     * the answer of {@code POST /api/v1/rules/preview} alike.
     */
    record Impact(
            Instant at,
            String currentVersion,
            String proposedVersion,
            int activePeople,
            long gains,
            long losses,
            long endsMoved,
            @JsonSerialize(contentConverter = AsView.class) List<ImpactPreview.Change> changes) {

        public static Impact of(ImpactPreview.Impact impact) {
            return new Impact(
                    impact.at(),
                    impact.currentVersion(),
                    impact.proposedVersion(),
                    impact.activePeople(),
                    impact.count(ImpactPreview.Kind.GAIN),
                    impact.count(ImpactPreview.Kind.LOSS),
                    impact.count(ImpactPreview.Kind.END_MOVES),
                    impact.changes());
        }
    }

    /** Dictionary mappings to add, as drafted, and what their approval does. */
    record OfMappings(long changeSet, int version, JsonNode mappings, String effect) implements ChangeSetPreview {}

    /**
     * Run-time parameters: every parameter's approved value now (keyed by the parameters' names; one never approved is
     * null, left out as the service writes a map's null), and the values proposed, as drafted.
     */
    record OfParameters(long changeSet, int version, Map<String, @Nullable Object> current, JsonNode proposed)
            implements ChangeSetPreview {}

    /** A previewed change as the API writes it. */
    final class AsView extends StdConverter<ImpactPreview.Change, ImpactPreview.Change.View> {

        @Override
        public ImpactPreview.Change.View convert(ImpactPreview.Change change) {
            return change.view();
        }
    }
}
