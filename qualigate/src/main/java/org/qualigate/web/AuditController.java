package org.qualigate.web;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditQuery;
import org.qualigate.audit.AuditTrail;
import org.qualigate.audit.AuditVerification;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading and verifying the audit trail. */
@RestController
class AuditController {

    private final AuditTrail audit;

    AuditController(AuditTrail audit) {
        this.audit = audit;
    }

    @GetMapping("/api/v1/audit")
    Map<String, Object> find(
            @RequestParam(required = false) @Nullable String employeeId,
            @RequestParam(required = false) @Nullable String entityType,
            @RequestParam(required = false) @Nullable String entityId,
            @RequestParam(required = false) @Nullable String action,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(defaultValue = "0") long afterSeq,
            @RequestParam(defaultValue = "500") int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new ApiErrors.InvalidParameter("limit", "must be between 1 and 10000");
        }
        Instant fromInstant = from == null ? null : Instants.at(from, "from", java.time.Clock.systemUTC());
        Instant toInstant = to == null ? null : Instants.at(to, "to", java.time.Clock.systemUTC());
        var entries = audit.find(
                new AuditQuery(employeeId, entityType, entityId, action, fromInstant, toInstant, afterSeq, limit));
        long next = entries.isEmpty() ? afterSeq : entries.getLast().seq();
        return Map.of("entries", entries.stream().map(AuditController::view).toList(), "nextAfterSeq", next);
    }

    @PostMapping("/api/v1/audit/verify")
    Map<String, Object> verify() {
        AuditVerification v = audit.verify();
        if (v.valid()) {
            return Map.of("valid", true, "entries", v.entries());
        }
        return Map.of(
                "valid", false, "entries", v.entries(), "firstBrokenSeq", v.firstBrokenSeq(), "reason", v.reason());
    }

    private static Map<String, Object> view(AuditEntry e) {
        return e.view();
    }
}
