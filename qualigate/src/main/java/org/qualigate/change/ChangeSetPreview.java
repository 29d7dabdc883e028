package org.qualigate.change;

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

    /**
     * A new plant definition: when it was previewed, the versions, how many active people it was evaluated for, the
     * gains, losses and ends moved, and the changes themselves — the API writes each as its view, a page tells each in
     * its reader's language from the policy's decision.
     */
    record OfRules(
            long changeSet,
            int version,
            Instant at,
            String currentVersion,
            String proposedVersion,
            int activePeople,
            long gains,
            long losses,
            long endsMoved,
            @JsonSerialize(contentConverter = AsView.class) List<ImpactPreview.Change> changes)
            implements ChangeSetPreview {

        static OfRules of(long changeSet, int version, ImpactPreview.Impact impact) {
            return new OfRules(
                    changeSet,
                    version,
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
