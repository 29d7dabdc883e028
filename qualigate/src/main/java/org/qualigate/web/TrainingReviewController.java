package org.qualigate.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.training.TrainingReviews;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The QMS sync's review list: records the QMS refused (with its message), authority collisions, people given up
 * on, and the replay of the latter.
 */
@RestController
class TrainingReviewController {

    private final TrainingReviews reviews;

    TrainingReviewController(TrainingReviews reviews) {
        this.reviews = reviews;
    }

    @GetMapping("/api/v1/review/training-records")
    Map<String, Object> list(@RequestParam(required = false) @Nullable String employeeId) {
        List<Map<String, Object>> entries = reviews.list(employeeId);
        return Map.of("entries", entries, "count", entries.size());
    }

    /**
     * Sends a person the sync gave up on (a {@code FAILED} entry: permanent QMS failure, too many attempts or
     * repeated internal errors) through the sync again. Replaying twice changes nothing the second time.
     */
    @PostMapping("/api/v1/review/training-records/{id}/replay")
    ResponseEntity<?> replay(@PathVariable UUID id, Authentication user) {
        TrainingReviews.Replay outcome = reviews.replay(id, "user:" + user.getName())
                .orElseThrow(() -> new ApiErrors.NotFound("no training review entry " + id));
        if (outcome == TrainingReviews.Replay.NOT_REPLAYABLE) {
            return Problems.respond(
                    Problems.invalidField(
                            HttpStatus.CONFLICT,
                            "not-replayable",
                            "Not replayable",
                            "id",
                            "is not a person the sync gave up on (only FAILED entries can be sent again)"),
                    null);
        }
        return ResponseEntity.ok(Map.of("id", id, "replayed", outcome == TrainingReviews.Replay.REPLAYED));
    }
}
