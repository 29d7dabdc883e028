package org.qualigate.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Verdict;
import org.qualigate.text.Refusal;
import org.qualigate.training.TrainingResend;
import org.qualigate.training.TrainingReviews;
import org.springframework.http.HttpStatus;
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
 * The QMS sync's review list: records the QMS refused (with its message), authority collisions, people given up on;
 * the action that sends refused records again once their cause is fixed, and the replay of people given up on.
 */
@RestController
class TrainingReviewController {

    private final TrainingReviews reviews;
    private final TrainingResend resend;

    TrainingReviewController(TrainingReviews reviews, TrainingResend resend) {
        this.reviews = reviews;
        this.resend = resend;
    }

    @GetMapping("/api/v1/review/training-records")
    Entries list(@RequestParam(required = false) @Nullable String employeeId) {
        List<TrainingReviews.Entry> entries = reviews.list(employeeId);
        return new Entries(entries, entries.size(), reviews.refusalsByErrorCode());
    }

    /**
     * Releases refusals of the QMS (by {@code ids}, or every one with {@code errorCode}) so their records are sent
     * again; {@code reason} says what was fixed. Audited as {@code training-record.resend}.
     */
    @PostMapping("/api/v1/review/training-records/resend")
    ResponseEntity<?> resend(@RequestBody(required = false) @Nullable JsonNode body, Authentication caller) {
        List<Refusal> errors = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        JsonNode idsNode = body == null ? null : body.get("ids");
        if (idsNode != null && !idsNode.isNull()) {
            if (!idsNode.isArray()) {
                errors.add(Refusal.of("ids", "must be an array of refusal ids", "refusal.resend.ids"));
            } else {
                for (JsonNode id : idsNode) {
                    try {
                        ids.add(UUID.fromString(id.asString()));
                    } catch (IllegalArgumentException e) {
                        errors.add(
                                Refusal.of("ids", "'" + id.asString() + "' is not a refusal id", "refusal.resend.ids"));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            return OverridesController.refusal(Verdict.invalid(errors).refusal());
        }
        Verdict<TrainingResend.Released> v =
                resend.resend(ids, text(body, "errorCode"), "user:" + caller.getName(), text(body, "reason"));
        if (v.refusal() != null) {
            return OverridesController.refusal(v.refusal());
        }
        return ResponseEntity.accepted()
                .body(new Released(
                        v.value().refusals(), v.value().people(), v.value().errorCodes()));
    }

    private static @Nullable String text(@Nullable JsonNode body, String field) {
        JsonNode v = body == null ? null : body.get(field);
        return v == null || v.isNull() || v.isContainer() || v.asString().isBlank() ? null : v.asString();
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
        return ResponseEntity.ok(new Replayed(id, outcome == TrainingReviews.Replay.REPLAYED));
    }

    record Entries(List<TrainingReviews.Entry> entries, int count, Map<String, Integer> refusalsByErrorCode) {}

    /** How many refusals were released, for how many people, and their error codes. */
    record Released(int released, int people, List<String> errorCodes) {}

    record Replayed(UUID id, boolean replayed) {}
}
