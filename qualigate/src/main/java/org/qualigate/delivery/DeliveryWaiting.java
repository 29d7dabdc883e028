package org.qualigate.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.policy.RoleName;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * People whose roles cannot be given yet because the target has no account for them or their account is
 * inactive. Not a failure: the item completes, the wait is recorded (and audited when it begins or changes), and
 * the next reconciliation or directory sync asks for the person again, so that an account created or activated
 * later gets its roles without an operator.
 */
@Component
class DeliveryWaiting {

    /** Why roles are held back. */
    public enum Reason {
        NO_ACCOUNT("no-account"),
        INACTIVE_ACCOUNT("inactive-account");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static Reason of(String code) {
            return code.equals("no-account") ? NO_ACCOUNT : INACTIVE_ACCOUNT;
        }
    }

    /** One person waiting in one target. */
    public record Waiting(String employeeId, String target, Reason reason, String roles, Instant since) {}

    private final JdbcClient jdbc;
    private final AuditTrail audit;

    DeliveryWaiting(JdbcClient jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** The person waits in the target for these roles; audited when the wait begins or what it holds back changes. */
    @Transactional(propagation = Propagation.MANDATORY)
    void hold(WorkQueue.Lease lease, Reason reason, Set<RoleName> roles, @Nullable String account, Instant now) {
        String list =
                String.join(",", roles.stream().map(RoleName::value).sorted().toList());
        Optional<Waiting> before = find(lease.employeeId().value(), lease.target());
        jdbc.sql("""
                        INSERT INTO delivery_waiting (employee_id, target, reason, roles, since, checked_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (employee_id, target) DO UPDATE SET reason = EXCLUDED.reason,
                            roles = EXCLUDED.roles, checked_at = EXCLUDED.checked_at""")
                .params(
                        lease.employeeId().value(),
                        lease.target(),
                        reason.code(),
                        list,
                        Timestamp.from(now),
                        Timestamp.from(now))
                .update();
        if (before.isPresent()
                && before.get().reason() == reason
                && before.get().roles().equals(list)) {
            return;
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("target", lease.target());
        value.put("reason", reason.code());
        value.put("roles", List.of(list.split(",")));
        value.put("targetAccount", account);
        audit.append(new AuditRecord(
                "system",
                "delivery.waiting",
                "delivery-waiting",
                lease.employeeId().value() + "/" + lease.target(),
                lease.employeeId().value(),
                before.map(b -> (Object) Map.of("reason", b.reason().code(), "roles", b.roles()))
                        .orElse(null),
                value,
                (reason == Reason.NO_ACCOUNT
                                ? lease.target() + " has no account for " + lease.employeeId()
                                : "the account " + account + " of " + lease.employeeId() + " in " + lease.target()
                                        + " is inactive")
                        + ": " + list.replace(",", ", ") + " not given until it "
                        + (reason == Reason.NO_ACCOUNT ? "exists" : "is active")
                        + "; the next reconciliation or directory sync asks again",
                null));
    }

    /** Nothing is held back for the person in the target any longer. */
    @Transactional(propagation = Propagation.MANDATORY)
    void clear(WorkQueue.Lease lease) {
        int removed = jdbc.sql("DELETE FROM delivery_waiting WHERE employee_id = ? AND target = ?")
                .params(lease.employeeId().value(), lease.target())
                .update();
        if (removed > 0) {
            audit.append(new AuditRecord(
                    "system",
                    "delivery.waiting-ended",
                    "delivery-waiting",
                    lease.employeeId().value() + "/" + lease.target(),
                    lease.employeeId().value(),
                    null,
                    Map.of("target", lease.target()),
                    "nothing is held back for " + lease.employeeId() + " in " + lease.target() + " any longer",
                    null));
        }
    }

    public List<Waiting> list(@Nullable String target) {
        return jdbc.sql("SELECT * FROM delivery_waiting WHERE (?::text IS NULL OR target = ?) ORDER BY since")
                .params(target, target)
                .query((rs, n) -> waiting(rs))
                .list();
    }

    private Optional<Waiting> find(String employeeId, String target) {
        return jdbc.sql("SELECT * FROM delivery_waiting WHERE employee_id = ? AND target = ?")
                .params(employeeId, target)
                .query((rs, n) -> waiting(rs))
                .optional();
    }

    private static Waiting waiting(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Waiting(
                rs.getString("employee_id"),
                rs.getString("target"),
                Reason.of(rs.getString("reason")),
                rs.getString("roles"),
                rs.getTimestamp("since").toInstant());
    }
}
