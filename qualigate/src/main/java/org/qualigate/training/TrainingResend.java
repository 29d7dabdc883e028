package org.qualigate.training;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Verdict;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.text.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends records the QMS refused again, after their cause was fixed (a course added to the catalogue, a user created
 * in the QMS, a field name corrected in the configuration): one action releases the refusals named by id or by the
 * QMS's error code, audited with who released them and why, and queues their people for the sync, which sends the
 * records as they are now. A record refused again is listed again.
 */
@Component
public class TrainingResend {

    private final JdbcClient jdbc;
    private final TrainingQueue queue;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    TrainingResend(JdbcClient jdbc, TrainingQueue queue, AuditTrail audit, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.queue = queue;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /** What was released: how many refusals, of how many people. */
    public record Released(int refusals, int people, List<String> errorCodes) {}

    /**
     * Releases the refusals with these ids, or all with this error code, that still hold their record back.
     *
     * @param reason why the records can go now (the fix), kept in the audit trail
     */
    public Verdict<Released> resend(List<UUID> ids, @Nullable String errorCode, String actor, String reason) {
        if (reason == null || reason.isBlank()) {
            return Verdict.invalid(List.of(Refusal.of(
                    "reason", "say what was fixed, so the records can be sent again", "refusal.resend.reason")));
        }
        if (reason.length() > 2000) {
            return Verdict.invalid(List.of(Refusal.of("reason", "at most 2000 characters", "refusal.at-most", 2000)));
        }
        boolean byCode = errorCode != null && !errorCode.isBlank();
        if (ids.isEmpty() && !byCode) {
            return Verdict.invalid(List.of(
                    Refusal.of("ids", "name the refusals by id, or give the QMS's errorCode", "refusal.resend.ids")));
        }
        String code = byCode ? errorCode.strip() : null;
        Released released = tx.execute(s -> release(ids, code, actor, reason.strip()));
        if (released == null || released.refusals() == 0) {
            return Verdict.refused(
                    Verdict.Kind.NOT_FOUND,
                    Refusal.whole(
                            "no refusal of the QMS that still holds a record back matches "
                                    + (byCode ? "error code " + errorCode.strip() : "these ids"),
                            "refusal.not-found"));
        }
        return Verdict.of(released);
    }

    private record Row(
            UUID id,
            String employeeId,
            String externalId,
            @Nullable String errorCode) {}

    /** Releases the refusals, audits the release and queues their people for the sync; in the caller's transaction. */
    private Released release(List<UUID> ids, @Nullable String errorCode, String actor, String reason) {
        List<Row> rows = jdbc.sql("""
                        UPDATE training_review SET released_at = ?, released_by = ?, release_reason = ?
                        WHERE kind = 'REJECTED' AND released_at IS NULL
                            AND (id = ANY(?) OR (?::text IS NOT NULL AND error_code = ?))
                        RETURNING id, employee_id, external_id, error_code""")
                .params(Timestamp.from(clock.instant()), actor, reason, ids.toArray(UUID[]::new), errorCode, errorCode)
                .query((rs, n) ->
                        new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
        Set<String> people = new LinkedHashSet<>();
        Set<String> codes = new LinkedHashSet<>();
        rows.forEach(r -> {
            people.add(r.employeeId());
            codes.add(String.valueOf(r.errorCode()));
        });
        if (!rows.isEmpty()) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("refusals", rows.size());
            value.put("people", people.size());
            value.put("errorCodes", List.copyOf(codes));
            value.put("records", rows.stream().map(Row::externalId).toList());
            audit.append(new AuditRecord(
                    actor,
                    "training-record.resend",
                    "training-review",
                    errorCode != null ? "error-code:" + errorCode : "ids",
                    people.size() == 1 ? people.iterator().next() : null,
                    Map.of("released", false),
                    value,
                    reason,
                    null));
            people.forEach(p -> queue.request(EmployeeId.of(p), clock.instant()));
        }
        return new Released(rows.size(), people.size(), List.copyOf(codes));
    }
}
