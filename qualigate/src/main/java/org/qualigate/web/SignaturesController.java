package org.qualigate.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Overrides;
import org.qualigate.access.ReviewTasks;
import org.qualigate.change.ChangeSet;
import org.qualigate.change.ChangeSets;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.signature.Signature;
import org.qualigate.signature.SignedRecord;
import org.qualigate.signature.Verification;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signatures of a record, and their verification: against the stored record (a change set's version, an
 * override's grant or early end, a closed review task) or against a record content the caller supplies, so a
 * signature copied onto other content fails.
 */
@RestController
class SignaturesController {

    /** Serialises request content; one mapper for every request. */
    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private final ElectronicSignatures signatures;
    private final ChangeSets changeSets;
    private final Overrides overrides;
    private final ReviewTasks reviews;

    SignaturesController(
            ElectronicSignatures signatures, ChangeSets changeSets, Overrides overrides, ReviewTasks reviews) {
        this.signatures = signatures;
        this.changeSets = changeSets;
        this.overrides = overrides;
        this.reviews = reviews;
    }

    @GetMapping("/api/v1/signatures")
    SignatureList of(@RequestParam String recordType, @RequestParam String recordId) {
        return new SignatureList(
                recordType,
                recordId,
                signatures.signaturesOf(recordType, recordId).stream()
                        .map(ElectronicSignatures::view)
                        .toList());
    }

    /**
     * Verifies {@code signatureId}: with {@code recordType}, {@code recordId} and {@code content} (JSON) against
     * that content; without content, against the stored record it names (a change set's version signed).
     */
    @PostMapping("/api/v1/signatures/verify")
    Verified verify(@RequestBody @Nullable Map<String, Object> body) {
        String id = SigningInput.text(body, "signatureId");
        if (id == null) {
            throw new ApiErrors.InvalidParameter("signatureId", "is required");
        }
        UUID signatureId;
        try {
            signatureId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApiErrors.InvalidParameter("signatureId", "is not a signature id");
        }
        Signature stored = signatures
                .find(signatureId)
                .orElseThrow(() -> new ApiErrors.NotFound("signature " + id + " does not exist"));
        SignedRecord record;
        Object content = body.get("content");
        if (content != null) {
            String type = SigningInput.text(body, "recordType");
            String recordId = SigningInput.text(body, "recordId");
            try {
                record = new SignedRecord(
                        type == null ? stored.recordType() : type,
                        recordId == null ? stored.recordId() : recordId,
                        JSON.writeValueAsString(content));
            } catch (IllegalArgumentException e) {
                throw new ApiErrors.InvalidParameter("recordType", e.getMessage());
            }
        } else if (stored.recordType().equals("change-set")) {
            long changeSetId = Long.parseLong(stored.recordId());
            ChangeSet c = changeSets.find(changeSetId).orElseThrow();
            Integer version = body.get("version") instanceof Number n ? n.intValue() : null;
            record = changeSets.signedRecord(
                    c,
                    changeSets
                            .version(changeSetId, version == null ? c.latestVersion() : version)
                            .orElseThrow(() ->
                                    new ApiErrors.InvalidParameter("version", "is not a version of the change set")));
        } else if (stored.recordType().equals(Overrides.RECORD_TYPE)) {
            record = overrides
                    .signedRecord(UUID.fromString(stored.recordId()), stored.meaning())
                    .orElseThrow(() -> new ApiErrors.InvalidParameter(
                            "content", "is required: the override no longer holds what was signed"));
        } else if (stored.recordType().equals(ReviewTasks.RECORD_TYPE)) {
            record = reviews.signedRecord(UUID.fromString(stored.recordId()))
                    .orElseThrow(() ->
                            new ApiErrors.InvalidParameter("content", "is required: the review task is not closed"));
        } else {
            throw new ApiErrors.InvalidParameter("content", "is required for a " + stored.recordType() + " record");
        }
        Verification v = signatures.verify(signatureId, record);
        return new Verified(v.signatureId().toString(), v.valid(), v.reason(), ElectronicSignatures.view(stored));
    }

    record SignatureList(String recordType, String recordId, List<Map<String, Object>> signatures) {}

    /** Whether the signature holds for the record, why not if not, and the signature itself. */
    record Verified(String signatureId, boolean valid, String reason, Map<String, Object> signature) {}
}
