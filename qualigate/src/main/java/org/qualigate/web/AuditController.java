package org.qualigate.web;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
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
    private final java.time.Clock clock;

    AuditController(AuditTrail audit, java.time.Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Entries matching the filter. Oldest first from {@code afterSeq} (paged with {@code nextAfterSeq}), as ever; or
     * newest first with {@code order=newest} or {@code before=<seq>}: entries older than {@code before} (default:
     * the newest), paged back with {@code nextBefore} — keyset paging, as fast deep in the trail as at its top.
     */
    @GetMapping("/api/v1/audit")
    AuditPage find(
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
        Instant fromInstant = from == null ? null : Instants.at(from, "from", clock);
        Instant toInstant = to == null ? null : Instants.at(to, "to", clock);
        AuditQuery query =
                new AuditQuery(employeeId, entityType, entityId, action, fromInstant, toInstant, afterSeq, limit);
        if (before != null || "newest".equals(order)) {
            return newestFirst(audit.findNewestFirst(query, before == null ? Long.MAX_VALUE : before), limit);
        }
        return oldestFirst(audit.find(query), afterSeq);
    }

    static AuditPage newestFirst(List<AuditEntry> entries, int limit) {
        // the next page (older entries) starts before the last entry; absent when this page was the last
        return new AuditPage(
                entries, "newest", entries.size() == limit ? entries.getLast().seq() : null, null);
    }

    static AuditPage oldestFirst(List<AuditEntry> entries, long afterSeq) {
        return new AuditPage(
                entries,
                null,
                null,
                entries.isEmpty() ? afterSeq : entries.getLast().seq());
    }

    @PostMapping("/api/v1/audit/verify")
    Verification verify() {
        return verification(audit.verify());
    }

    static Verification verification(AuditVerification v) {
        Instant oldest = v.oldestUnsealedAt();
        return new Verification(
                v.valid(),
                v.entries(),
                v.valid() ? null : v.firstBrokenSeq(),
                v.valid() ? null : v.reason(),
                // committed entries the sealer had not yet chained: not covered by this verification yet
                v.unsealed(),
                oldest == null ? null : oldest.toString());
    }

    /**
     * A page of the trail: oldest first with where the next page starts ({@code nextAfterSeq}), or newest first
     * ({@code order}) with the entry the next, older page comes before — absent when this page was the last.
     */
    record AuditPage(
            List<AuditEntry> entries,
            @JsonInclude(NON_NULL) @Nullable String order,
            @JsonInclude(NON_NULL) @Nullable Long nextBefore,
            @JsonInclude(NON_NULL) @Nullable Long nextAfterSeq) {}

    /** The chain recomputed: where it broke and why only when it did, the oldest unsealed entry only when one is. */
    record Verification(
            boolean valid,
            long entries,
            @JsonInclude(NON_NULL) @Nullable Long firstBrokenSeq,
            @JsonInclude(NON_NULL) @Nullable String reason,
            long unsealed,
            @JsonInclude(NON_NULL) @Nullable String oldestUnsealedAt) {}
}
