package org.qualigate.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.Deferrals;
import org.qualigate.access.Overrides;
import org.qualigate.access.ReviewTask;
import org.qualigate.access.ReviewTasks;
import org.qualigate.access.Verdict;
import org.qualigate.delivery.AccessTargets;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.text.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
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
 * Emergency overrides (granted by a plant manager who signs the grant with their password, at most 24 hours,
 * listed apart from rule-based access), their compliance review tasks (closed with the reviewer's signature),
 * and the revocations deferred right now. Signatures are shown with the override and the task.
 */
@RestController
class OverridesController {

    private final Overrides overrides;
    private final ReviewTasks reviews;
    private final Deferrals deferrals;
    private final AccessTargets targets;

    OverridesController(Overrides overrides, ReviewTasks reviews, Deferrals deferrals, AccessTargets targets) {
        this.overrides = overrides;
        this.reviews = reviews;
        this.deferrals = deferrals;
        this.targets = targets;
    }

    @PostMapping("/api/v1/overrides")
    ResponseEntity<?> grant(@RequestBody JsonNode body, Authentication caller) {
        List<Refusal> errors = new ArrayList<>();
        String employeeId = text(body, "employeeId");
        if (employeeId == null) {
            errors.add(Refusal.required("employeeId"));
        } else if (!EmployeeId.isValid(employeeId)) {
            errors.add(
                    Refusal.of("employeeId", "must be 1-64 letters, digits, '.', '_', '-'", "form.error.employee-id"));
        }
        String role = text(body, "role");
        RoleName roleName = null;
        if (role == null) {
            errors.add(Refusal.required("role"));
        } else {
            try {
                roleName = RoleName.of(role);
            } catch (IllegalArgumentException e) {
                errors.add(Refusal.of("role", "is not a valid role name", "form.error.role-name"));
            }
        }
        String target = text(body, "target");
        if (target != null && targets.named(target).isEmpty()) {
            errors.add(Refusal.of("target", "is not a configured access target", "form.error.target"));
        }
        JsonNode hours = body.get("hours");
        if (hours == null || hours.isNull()) {
            errors.add(Refusal.required("hours"));
        } else if (!hours.isNumber()) {
            errors.add(Refusal.of("hours", "must be a number", "refusal.number"));
        }
        String reason = text(body, "reason");
        if (reason == null) {
            errors.add(Refusal.of("reason", "is required, at least 10 characters", "refusal.at-least", 10));
        }
        String password = text(body, "password");
        if (password == null) {
            errors.add(Refusal.of(
                    "password", "is required: re-enter your password to sign the override", "refusal.sign.password"));
        }
        if (!errors.isEmpty()) {
            return refusal(Verdict.invalid(errors).refusal());
        }
        Verdict<AccessOverride> v = overrides.grant(
                signing(body, caller, Meaning.APPROVED),
                EmployeeId.of(employeeId),
                roleName,
                target,
                hours.asDouble(),
                reason);
        if (v.refusal() != null) {
            if (wrongPassword(v.refusal())) {
                overrides.reauthenticationFailed(caller.getName(), "override.grant", employeeId);
            }
            return refusal(v.refusal());
        }
        AccessOverride o = v.value();
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Location", "/api/v1/overrides/" + o.id())
                .body(view(o));
    }

    /**
     * The API's signature for an override action: the password re-entered in the request, the meaning implied
     * by the action. The user id is optional here (the request's own Basic credentials carry it, decision
     * 0020); when given it must be the caller's.
     */
    private static SignatureRequest signing(JsonNode body, Authentication caller, Meaning meaning) {
        String userId = text(body, "userId");
        return new SignatureRequest(
                caller.getName(),
                userId == null ? caller.getName() : userId,
                text(body, "password"),
                meaning,
                null,
                false);
    }

    /** The override with its signatures and its review task (with the reviewer's signature). */
    private OverrideView view(AccessOverride o) {
        return new OverrideView(
                o.view(),
                overrides.signaturesOf(o.id()).stream()
                        .map(ElectronicSignatures::view)
                        .toList(),
                reviews.forOverride(o.id()).map(this::view).orElse(null));
    }

    private ReviewTaskView view(ReviewTask t) {
        return new ReviewTaskView(
                t.view(),
                reviews.signaturesOf(t.id()).stream()
                        .map(ElectronicSignatures::view)
                        .toList());
    }

    /** An override with its signatures and, once opened, its review task; the task is left out before. */
    record OverrideView(
            @JsonUnwrapped AccessOverride.View override,
            List<Map<String, Object>> signatures,
            @Nullable ReviewTaskView reviewTask) {}

    record ReviewTaskView(@JsonUnwrapped ReviewTask.View task, List<Map<String, Object>> signatures) {}

    record OverrideList(List<OverrideView> overrides) {}

    record ReviewTaskList(List<ReviewTaskView> reviewTasks) {}

    record DeferralList(List<org.qualigate.access.Deferral.View> deferrals) {}

    private static boolean wrongPassword(Verdict.Refusal r) {
        return r.detail().startsWith(Overrides.SIGNATURE_REFUSED)
                && r.errors().stream().anyMatch(e -> e.field().equals("password"));
    }

    @PostMapping("/api/v1/overrides/{id}/end")
    ResponseEntity<?> end(
            @PathVariable UUID id, @RequestBody(required = false) @Nullable JsonNode body, Authentication caller) {
        String password = body == null ? null : text(body, "password");
        if (password == null) {
            return refusal(Verdict.invalid(List.of(Refusal.of(
                            "password",
                            "is required: re-enter your password to end the override",
                            "refusal.sign.password")))
                    .refusal());
        }
        Verdict<AccessOverride> v = overrides.end(signing(body, caller, Meaning.CLOSED), id, text(body, "reason"));
        if (v.refusal() != null) {
            if (wrongPassword(v.refusal())) {
                overrides.reauthenticationFailed(caller.getName(), "override.end " + id, null);
            }
            return refusal(v.refusal());
        }
        return ResponseEntity.ok(view(v.value()));
    }

    @GetMapping("/api/v1/overrides")
    OverrideList list(@RequestParam(defaultValue = "false") boolean active) {
        return new OverrideList(overrides.list(active).stream().map(this::view).toList());
    }

    @GetMapping("/api/v1/overrides/{id}")
    OverrideView one(@PathVariable UUID id) {
        AccessOverride o = overrides.find(id).orElseThrow(() -> new ApiErrors.NotFound("no override " + id));
        return view(o);
    }

    @GetMapping("/api/v1/review-tasks")
    ReviewTaskList reviewTasks(@RequestParam(required = false) @Nullable String status) {
        ReviewTask.Status s = null;
        if (status != null) {
            try {
                s = ReviewTask.Status.valueOf(status.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ApiErrors.InvalidParameter("status", "must be OPEN or CLOSED");
            }
        }
        return new ReviewTaskList(reviews.list(s).stream().map(this::view).toList());
    }

    /** Closes a review with the reviewer's conclusion and signature ({@code REVIEWED}: password required). */
    @PostMapping("/api/v1/review-tasks/{id}/close")
    ResponseEntity<?> close(
            @PathVariable UUID id, @RequestBody(required = false) @Nullable JsonNode body, Authentication caller) {
        String conclusion = body == null ? null : text(body, "conclusion");
        List<Refusal> errors = new ArrayList<>();
        if (conclusion == null) {
            errors.add(Refusal.required("conclusion"));
        }
        if (body == null || text(body, "password") == null) {
            errors.add(Refusal.of(
                    "password", "is required: re-enter your password to sign the review", "refusal.sign.password"));
        }
        if (!errors.isEmpty() && reviews.find(id).isEmpty()) {
            return refusal(
                    Verdict.refused(Verdict.Kind.NOT_FOUND, Refusal.whole("no review task " + id, "refusal.not-found"))
                            .refusal());
        }
        if (!errors.isEmpty()) {
            return refusal(Verdict.invalid(errors).refusal());
        }
        // the structured conclusion (justified or not, and why) where the client gives it; older clients send the
        // text alone, which stays accepted
        JsonNode justified = body.get("justified");
        if (justified != null && !justified.isBoolean()) {
            return refusal(Verdict.invalid(
                            List.of(Refusal.of("justified", "must be true or false", "refusal.review.justified")))
                    .refusal());
        }
        Verdict<ReviewTask> v = justified == null
                ? reviews.close(signing(body, caller, Meaning.REVIEWED), id, conclusion)
                : reviews.close(signing(body, caller, Meaning.REVIEWED), id, justified.asBoolean(), conclusion);
        return v.refusal() != null ? refusal(v.refusal()) : ResponseEntity.ok(view(v.value()));
    }

    @GetMapping("/api/v1/deferrals")
    DeferralList deferrals(
            @RequestParam(defaultValue = "false") boolean active,
            @RequestParam(required = false) @Nullable String employeeId) {
        return new DeferralList(
                deferrals.list(active, employeeId == null ? null : PeopleController.id(employeeId)).stream()
                        .map(org.qualigate.access.Deferral::view)
                        .toList());
    }

    static ResponseEntity<ProblemDetail> refusal(Verdict.Refusal r) {
        if (wrongPassword(r)) {
            return Problems.respond(
                    Problems.invalidField(
                            HttpStatus.UNAUTHORIZED,
                            "reauthentication-failed",
                            "Re-authentication failed",
                            "password",
                            r.errors().getFirst().reason()),
                    null);
        }
        HttpStatus status = switch (r.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
        String type = switch (r.kind()) {
            case INVALID -> "invalid-request";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not-found";
            case CONFLICT -> "conflict";
        };
        ProblemDetail p = Problems.problem(status, type, status.getReasonPhrase(), r.detail());
        if (!r.errors().isEmpty()) {
            p.setProperty(
                    "errors",
                    r.errors().stream()
                            .map(e -> new Problems.FieldError(e.field(), e.reason()))
                            .toList());
        }
        return Problems.respond(p, null);
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainer() || v.asString().isBlank() ? null : v.asString();
    }
}
