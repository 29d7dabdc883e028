package org.qualigate.web;

import java.time.Instant;
import java.util.LinkedHashMap;
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

    /**
     * Entries matching the filter. Oldest first from {@code afterSeq} (paged with {@code nextAfterSeq}), as ever; or
     * newest first with {@code order=newest} or {@code before=<seq>}: entries older than {@code before} (default:
     * the newest), paged back with {@code nextBefore} — keyset paging, as fast deep in the trail as at its top.
     */
    @GetMapping("/api/v1/audit")
    Map<String, Object> find(
            @RequestParam(required = false) @Nullable String employeeId,
            @RequestParam(required = false) @Nullable String entityType,
            @RequestParam(required = false) @Nullable String entityId,
            @RequestParam(required = false) @Nullable String action,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(defaultValue = "0") long afterSeq,
            @RequestParam(required = false) @Nullable Long before,
            @RequestParam(required = false) @Nullable String order,
            @RequestParam(defaultValue = "500") int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new ApiErrors.InvalidParameter("limit", "must be between 1 and 10000");
        }
        if (order != null && !order.equals("oldest") && !order.equals("newest")) {
            throw new ApiErrors.InvalidParameter("order", "must be oldest or newest");
        }
        if (before != null && before < 1) {
            throw new ApiErrors.InvalidParameter("before", "must be an entry number (1 or more)");
        }
        if (before != null && "oldest".equals(order)) {
            throw new ApiErrors.InvalidParameter("order", "before pages newest first: leave order out or say newest");
        }
        Instant fromInstant = from == null ? null : Instants.at(from, "from", java.time.Clock.systemUTC());
        Instant toInstant = to == null ? null : Instants.at(to, "to", java.time.Clock.systemUTC());
        AuditQuery query =
                new AuditQuery(employeeId, entityType, entityId, action, fromInstant, toInstant, afterSeq, limit);
        Map<String, Object> answer = new LinkedHashMap<>();
        if (before != null || "newest".equals(order)) {
            var entries = audit.findNewestFirst(query, before == null ? Long.MAX_VALUE : before);
            answer.put("entries", entries.stream().map(AuditController::view).toList());
            answer.put("order", "newest");
            // the next page (older entries) starts before the last entry; absent when this page was the last
            if (entries.size() == limit) {
                answer.put("nextBefore", entries.getLast().seq());
            }
            return answer;
        }
        var entries = audit.find(query);
        long next = entries.isEmpty() ? afterSeq : entries.getLast().seq();
        answer.put("entries", entries.stream().map(AuditController::view).toList());
        answer.put("nextAfterSeq", next);
        return answer;
    }

    @PostMapping("/api/v1/audit/verify")
    Map<String, Object> verify() {
        AuditVerification v = audit.verify();
        var answer = new java.util.LinkedHashMap<String, Object>();
        answer.put("valid", v.valid());
        answer.put("entries", v.entries());
        if (!v.valid()) {
            answer.put("firstBrokenSeq", v.firstBrokenSeq());
            answer.put("reason", v.reason());
        }
        // Committed entries the sealer had not yet chained: not covered by this verification yet.
        answer.put("unsealed", v.unsealed());
        if (v.oldestUnsealedAt() != null) {
            answer.put("oldestUnsealedAt", v.oldestUnsealedAt().toString());
        }
        return answer;
    }

    private static Map<String, Object> view(AuditEntry e) {
        return e.view();
    }
}
