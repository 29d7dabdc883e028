package org.qualigate.web;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Suspensions;
import org.qualigate.access.Verdict;
import org.qualigate.accessreview.AccessReviews;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.signature.Meaning;
import org.qualigate.text.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Access review campaigns and the suspensions they leave (decision 0036): a QA approver starts a campaign for a
 * site or a role, signs decisions on its holders, and completes it with a signed report (PDF and CSV); a QA approver
 * lifts a suspension with a reason and a signature. Everyone who reads the API reads them.
 */
@RestController
class AccessReviewsController {

    private final AccessReviews reviews;
    private final Suspensions suspensions;

    AccessReviewsController(AccessReviews reviews, Suspensions suspensions) {
        this.reviews = reviews;
        this.suspensions = suspensions;
    }

    @GetMapping("/api/v1/access-reviews")
    CampaignList list() {
        return new CampaignList(
                reviews.list().stream().map(AccessReviews.Campaign::view).toList());
    }

    /** Starts a campaign: {@code {"site": "BSL"}} or {@code {"role": "BSL.PACK-3.OPERATOR"}}, optional title. */
    @PostMapping("/api/v1/access-reviews")
    ResponseEntity<?> start(@RequestBody(required = false) @Nullable Map<String, Object> body, Authentication caller) {
        String site = SigningInput.text(body, "site");
        String role = SigningInput.text(body, "role");
        if ((site == null) == (role == null)) {
            return OverridesController.refusal(Verdict.invalid(List.of(Refusal.of(
                            site == null ? "site" : "role",
                            "give either site or role: the campaign's scope",
                            "refusal.campaign.scope")))
                    .refusal());
        }
        Verdict<AccessReviews.Campaign> v = reviews.start(
                site != null ? AccessReviews.Scope.SITE : AccessReviews.Scope.ROLE,
                site != null ? site : role,
                SigningInput.text(body, "title"),
                caller.getName());
        if (v.refusal() != null) {
            return OverridesController.refusal(v.refusal());
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Location", "/api/v1/access-reviews/" + v.value().id())
                .body(campaign(v.value().id()));
    }

    @GetMapping("/api/v1/access-reviews/{id}")
    CampaignView one(@PathVariable long id) {
        return campaign(id);
    }

    /**
     * Signs decisions: {@code {"decisions": [{"itemId": 1, "decision": "CONFIRMED"}, {"itemId": 2, "decision":
     * "REVOKED", "reason": "…"}], "userId": "…", "password": "…"}}.
     */
    @PostMapping("/api/v1/access-reviews/{id}/decisions")
    ResponseEntity<?> decide(
            @PathVariable long id,
            @RequestBody(required = false) @Nullable Map<String, Object> body,
            Authentication caller) {
        List<AccessReviews.DecisionInput> decisions = new ArrayList<>();
        List<Refusal> errors = new ArrayList<>();
        Object listed = body == null ? null : body.get("decisions");
        if (!(listed instanceof List<?> list) || list.isEmpty()) {
            errors.add(Refusal.of(
                    "decisions", "must list at least one {itemId, decision, reason}", "refusal.no-decision"));
        } else {
            for (int i = 0; i < list.size(); i++) {
                String where = "decisions[" + i + "]";
                if (!(list.get(i) instanceof Map<?, ?> d)) {
                    errors.add(Refusal.of(
                            where, "must be an object {itemId, decision, reason}", "refusal.decision.shape"));
                    continue;
                }
                if (!(d.get("itemId") instanceof Number item)) {
                    errors.add(Refusal.of(where + ".itemId", "is required: the holder's item id", "refusal.required"));
                    continue;
                }
                AccessReviews.Decision decision;
                try {
                    decision = AccessReviews.Decision.valueOf(
                            String.valueOf(d.get("decision")).toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    errors.add(Refusal.of(where + ".decision", "must be CONFIRMED or REVOKED", "ar.error.choose"));
                    continue;
                }
                Object reason = d.get("reason");
                if (reason != null && !(reason instanceof String)) {
                    errors.add(Refusal.of(where + ".reason", "must be a string", "refusal.text"));
                    continue;
                }
                decisions.add(new AccessReviews.DecisionInput(item.longValue(), decision, (String) reason));
            }
        }
        if (SigningInput.text(body, "password") == null) {
            errors.add(Refusal.of(
                    "password", "is required: re-enter your password to sign the decisions", "refusal.sign.password"));
        }
        if (!errors.isEmpty()) {
            return OverridesController.refusal(Verdict.invalid(errors).refusal());
        }
        Verdict<List<AccessReviews.Item>> v =
                reviews.decide(id, decisions, SigningInput.of(body, caller, Meaning.REVIEWED));
        if (v.refusal() != null) {
            return OverridesController.refusal(v.refusal());
        }
        return ResponseEntity.ok(new Decided(v.value().stream().map(this::item).toList()));
    }

    /** Completes a campaign whose holders are all decided, signing its report: {@code {"userId", "password"}}. */
    @PostMapping("/api/v1/access-reviews/{id}/complete")
    ResponseEntity<?> complete(
            @PathVariable long id,
            @RequestBody(required = false) @Nullable Map<String, Object> body,
            Authentication caller) {
        if (SigningInput.text(body, "password") == null) {
            return OverridesController.refusal(Verdict.invalid(List.of(Refusal.of(
                            "password",
                            "is required: re-enter your password to sign the report",
                            "refusal.sign.password")))
                    .refusal());
        }
        Verdict<AccessReviews.Campaign> v = reviews.complete(id, SigningInput.of(body, caller, Meaning.APPROVED));
        return v.refusal() != null ? OverridesController.refusal(v.refusal()) : ResponseEntity.ok(campaign(id));
    }

    /** The signed report as stored: {@code format=pdf} or {@code csv}. */
    @GetMapping("/api/v1/access-reviews/{id}/report")
    ResponseEntity<byte[]> report(@PathVariable long id, @RequestParam(defaultValue = "pdf") String format) {
        if (!format.equals("pdf") && !format.equals("csv")) {
            throw new ApiErrors.InvalidParameter("format", "must be pdf or csv");
        }
        byte[] file = reviews.file(id, format)
                .orElseThrow(() -> new ApiErrors.NotFound("campaign " + id + " has no report (is it completed?)"));
        return ResponseEntity.ok()
                .contentType(format.equals("pdf") ? MediaType.APPLICATION_PDF : new MediaType("text", "csv"))
                .header("Content-Disposition", "attachment; filename=\"access-review-" + id + "." + format + "\"")
                .body(file);
    }

    @GetMapping("/api/v1/suspensions")
    SuspensionList suspensions(@RequestParam(defaultValue = "false") boolean active) {
        return new SuspensionList(
                suspensions.list(active).stream().map(this::suspension).toList());
    }

    /** Lifts a suspension: {@code {"reason", "userId", "password"}}; the person is planned again. */
    @PostMapping("/api/v1/suspensions/{id}/lift")
    ResponseEntity<?> lift(
            @PathVariable UUID id,
            @RequestBody(required = false) @Nullable Map<String, Object> body,
            Authentication caller) {
        if (SigningInput.text(body, "password") == null) {
            return OverridesController.refusal(Verdict.invalid(List.of(Refusal.of(
                            "password",
                            "is required: re-enter your password to sign the lifting",
                            "refusal.sign.password")))
                    .refusal());
        }
        String reason = SigningInput.text(body, "reason");
        Verdict<Suspensions.Suspension> v =
                suspensions.lift(SigningInput.of(body, caller, Meaning.APPROVED), id, reason == null ? "" : reason);
        return v.refusal() != null
                ? OverridesController.refusal(v.refusal())
                : ResponseEntity.ok(suspension(v.value()));
    }

    private CampaignView campaign(long id) {
        AccessReviews.Campaign c =
                reviews.find(id).orElseThrow(() -> new ApiErrors.NotFound("no access review campaign " + id));
        return new CampaignView(
                c.view(),
                reviews.items(id).stream().map(this::item).toList(),
                reviews.report(id)
                        .map(r -> new ReportView(
                                r.generatedAt().toString(),
                                r.generatedBy(),
                                "/api/v1/access-reviews/" + id + "/report?format=pdf",
                                r.pdfSha256(),
                                "/api/v1/access-reviews/" + id + "/report?format=csv",
                                r.csvSha256(),
                                reviews.reportSignature(id)
                                        .map(ElectronicSignatures::view)
                                        .orElse(null),
                                reviews.verifyReport(id).map(v -> v.valid()).orElse(null)))
                        .orElse(null));
    }

    private ItemView item(AccessReviews.Item i) {
        return new ItemView(
                i.view(),
                i.suspensionId() == null ? null : i.suspensionId().toString(),
                reviews.signaturesOfItem(i.id()).stream()
                        .map(ElectronicSignatures::view)
                        .toList());
    }

    private SuspensionView suspension(Suspensions.Suspension s) {
        return new SuspensionView(
                s.view(),
                suspensions.signaturesOf(s.id()).stream()
                        .map(ElectronicSignatures::view)
                        .toList());
    }

    // ---- the views: each starts with its module's own view (its fields in its order), then what this answer adds

    record CampaignList(List<Map<String, Object>> campaigns) {}

    /** A campaign with its holders and, once completed, its signed report. */
    record CampaignView(
            @JsonAnyGetter Map<String, Object> campaign,
            List<ItemView> holders,
            @Nullable ReportView report) {}

    /** The completed campaign's report files and the signature over them (both left out until signed). */
    record ReportView(
            String generatedAt,
            String generatedBy,
            String pdf,
            String pdfSha256,
            String csv,
            String csvSha256,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            Map<String, Object> signature,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            Boolean signatureMatches) {}

    record ItemView(
            @JsonAnyGetter Map<String, Object> item,
            @Nullable String suspensionId,
            List<Map<String, Object>> signatures) {}

    record Decided(List<ItemView> decided) {}

    record SuspensionView(@JsonAnyGetter Map<String, Object> suspension, List<Map<String, Object>> signatures) {}

    record SuspensionList(List<SuspensionView> suspensions) {}
}
