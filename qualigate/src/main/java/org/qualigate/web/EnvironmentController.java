package org.qualigate.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.environment.ExcursionDraft;
import org.qualigate.environment.ExcursionRaising;
import org.qualigate.environment.Excursions;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Environmental-monitoring excursions: the NC drafts with the readings that began them, QA's signed review
 * (accept as a non-conformance, or dismiss), where raising an accepted one in the QMS stands, the records kept for
 * review because they were no reading, and how far each partition of the topic was read.
 */
@RestController
class EnvironmentController {

    private final Excursions excursions;
    private final ExcursionRaising raising;

    EnvironmentController(Excursions excursions, ExcursionRaising raising) {
        this.excursions = excursions;
        this.raising = raising;
    }

    @GetMapping("/api/v1/environment/excursions")
    ExcursionList excursions(
            @RequestParam(defaultValue = "pending") String review, @RequestParam(defaultValue = "200") int limit) {
        ExcursionDraft.Review r = switch (review.toLowerCase(Locale.ROOT)) {
            case "pending" -> ExcursionDraft.Review.PENDING;
            case "accepted" -> ExcursionDraft.Review.ACCEPTED;
            case "dismissed" -> ExcursionDraft.Review.DISMISSED;
            case "none" -> ExcursionDraft.Review.NONE;
            case "all" -> null;
            default ->
                throw new ApiErrors.InvalidParameter("review", "must be pending, accepted, dismissed, none or all");
        };
        List<Map<String, Object>> list =
                excursions.list(r, limit).stream().map(ExcursionDraft::view).toList();
        return new ExcursionList(list, list.size());
    }

    /** The excursion as {@link ExcursionDraft#view()}: a map, the one its review's audit value and signature hold. */
    @GetMapping("/api/v1/environment/excursions/{id}")
    Map<String, Object> excursion(@PathVariable UUID id) {
        return excursions
                .find(id)
                .orElseThrow(() -> new ApiErrors.NotFound("no excursion " + id))
                .view();
    }

    /** Where raising the excursion in the QMS stands: the QMS's record once raised, else the attempts and the wait. */
    @GetMapping("/api/v1/environment/excursions/{id}/qms")
    ExcursionRaising.Raising raisedInQms(@PathVariable UUID id) {
        return raising.of(id).orElseThrow(() -> new ApiErrors.NotFound("no excursion " + id));
    }

    @PostMapping("/api/v1/environment/excursions/{id}/review")
    ResponseEntity<?> review(
            @PathVariable UUID id, @RequestBody(required = false) @Nullable JsonNode body, Authentication caller) {
        // a resolution the signature alone refused says so; a missing user id or password is a field to fill in
        return ConflictResolutionInput.answerFromObject(
                body,
                "decision",
                caller,
                (decision, actor, reason, signing) -> excursions.review(id, decision, actor, reason, signing),
                ExcursionDraft::view);
    }

    @GetMapping("/api/v1/environment/unreadable")
    Unreadable unreadable(@RequestParam(defaultValue = "200") int limit) {
        List<Excursions.UnreadableRecord> list = excursions.unreadable(limit);
        return new Unreadable(list, list.size());
    }

    @GetMapping("/api/v1/environment/partitions")
    Partitions partitions() {
        return new Partitions(excursions.partitions());
    }

    /** The excursions asked for, then how many. */
    record ExcursionList(List<Map<String, Object>> excursions, int count) {}

    /** The readings kept for review as unreadable, then how many. */
    record Unreadable(List<Excursions.UnreadableRecord> records, int count) {}

    /** The consumer's stored offset of each partition. */
    record Partitions(List<Excursions.PartitionOffset> partitions) {}
}
