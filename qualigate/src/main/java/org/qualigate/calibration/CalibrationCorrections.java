package org.qualigate.calibration;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.calibration.CalibrationConflict.Resolution;
import org.qualigate.connector.EquipmentCalibrations;
import org.qualigate.connector.EquipmentCalibrations.Calibration;
import org.qualigate.connector.EquipmentCalibrations.Status;
import org.qualigate.connector.TargetException;
import org.qualigate.jobs.Backoff;
import org.qualigate.jobs.LeasedQueue;
import org.qualigate.jobs.QueueTable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies QA's resolutions to the side found wrong, level-triggered: the desired state is the version QA chose (as
 * stored with the conflict); the worker reads what the wrong side holds now and writes only when it differs, then
 * records the correction and its audit entry in one transaction. A crash after the write and before the record
 * finds the side already right on the retry and records it then; a failure is retried with backoff and shown on
 * the conflict, never dropped.
 */
class CalibrationCorrections {

    private final EquipmentCalibrations maintenance;
    private final EquipmentCalibrations qms;
    private final CalibrationConflicts conflicts;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Function<String, ZoneId> zones;
    private final CalibrationSettings settings;
    private final Clock clock;
    private final LeasedQueue queue;

    CalibrationCorrections(
            EquipmentCalibrations maintenance,
            EquipmentCalibrations qms,
            CalibrationConflicts conflicts,
            JdbcClient jdbc,
            AuditTrail audit,
            TransactionTemplate tx,
            Function<String, ZoneId> zones,
            CalibrationSettings settings,
            Clock clock) {
        this.maintenance = maintenance;
        this.qms = qms;
        this.conflicts = conflicts;
        this.jdbc = jdbc;
        this.audit = audit;
        this.tx = tx;
        this.zones = zones;
        this.settings = settings;
        this.clock = clock;
        this.queue = new LeasedQueue(jdbc, clock, CORRECTIONS);
    }

    /**
     * The conflicts whose correction is pending, worked through the one leased queue: due from
     * {@code next_attempt_at}, claimable while pending and not leased by another worker.
     */
    static final QueueTable CORRECTIONS = QueueTable.of("calibration_conflict", "id")
            .dueFrom("next_attempt_at")
            .claimableWhen("correction = 'PENDING' AND (lease_until IS NULL OR lease_until < :now)");

    /** A claimed correction: the conflict and the lease's token. */
    private record Lease(UUID id, UUID token) {}

    /** Works the corrections that are due; returns how many were tried. */
    public int applyDue() {
        List<Lease> due = queue.claim(
                16,
                settings.leaseFor(),
                "id, lease_token",
                (rs, n) -> new Lease(rs.getObject("id", UUID.class), rs.getObject("lease_token", UUID.class)),
                Map.of());
        for (Lease lease : due) {
            conflicts.find(lease.id()).ifPresent(c -> apply(c, lease));
        }
        return due.size();
    }

    private void apply(CalibrationConflict c, Lease lease) {
        boolean toQms = c.resolution() == Resolution.KEEP_MAINTENANCE;
        EquipmentCalibrations wrong = toQms ? qms : maintenance;
        Map<String, Object> chosen = toQms ? c.maintenance() : c.qms();
        Status status = Status.valueOf(String.valueOf(chosen.get("status")));
        LocalDate due = date(chosen.get("dueDate"));
        LocalDate last = date(chosen.get("lastCalibration"));
        try {
            Optional<Calibration> now = current(wrong, c);
            if (now.isEmpty()) {
                throw TargetException.permanentFailure(
                        wrong.system() + " no longer has " + c.assetNumber() + " at " + c.site(), null);
            }
            Calibration held = now.get();
            boolean already = held.status() == status
                    && Objects.equals(held.dueDate(), due)
                    && Objects.equals(held.lastCalibration(), last);
            if (!already) {
                wrong.correct(held, status, due, last, LocalDate.ofInstant(clock.instant(), zone(c.site())));
            }
            recordApplied(c, lease, wrong, CalibrationDifferences.version(wrong.system(), held), chosen, already);
        } catch (TargetException e) {
            recordFailure(c, lease, e);
        }
    }

    private static Optional<Calibration> current(EquipmentCalibrations side, CalibrationConflict c) {
        return side.readAll().stream()
                .map(EquipmentCalibrations.Row::calibration)
                .filter(Objects::nonNull)
                .filter(k -> k.assetNumber().equals(c.assetNumber()) && k.site().equals(c.site()))
                .findFirst();
    }

    private void recordApplied(
            CalibrationConflict c,
            Lease lease,
            EquipmentCalibrations wrong,
            Map<String, Object> before,
            Map<String, Object> chosen,
            boolean already) {
        tx.executeWithoutResult(s -> {
            int done = jdbc.sql("""
                            UPDATE calibration_conflict SET correction = 'APPLIED', applied_at = ?,
                                next_attempt_at = NULL, last_error = NULL, attempts = attempts + 1,
                                lease_token = NULL, lease_until = NULL
                            WHERE id = ? AND correction = 'PENDING' AND lease_token = ?""")
                    .params(Timestamp.from(clock.instant()), c.id(), lease.token())
                    .update();
            if (done == 0) {
                return;
            }
            Map<String, Object> after = new LinkedHashMap<>(chosen);
            after.put("system", wrong.system().name());
            after.put("maintenance", c.maintenance());
            after.put("qms", c.qms());
            audit.append(new AuditRecord(
                    CalibrationComparison.ACTOR,
                    "calibration-conflict.applied",
                    CalibrationConflicts.RECORD_TYPE,
                    c.id().toString(),
                    null,
                    before,
                    after,
                    c.assetNumber() + " at " + c.site() + ": "
                            + wrong.system().name().toLowerCase(java.util.Locale.ROOT)
                            + (already ? " already held" : " corrected to") + " the version QA chose ("
                            + c.resolution() + " by " + c.resolvedBy() + ", because " + c.reason() + ")",
                    null));
        });
    }

    /** Released for a later attempt: after the target's Retry-After, or the one backoff with jitter. */
    private void recordFailure(CalibrationConflict c, Lease lease, TargetException e) {
        Duration wait = e.retryAfter()
                .filter(r -> r.compareTo(Duration.ZERO) > 0)
                .orElseGet(() -> new Backoff(settings.backoffInitial(), settings.backoffMax()).after(c.attempts()));
        queue.retry(List.of(c.id()), lease.token(), clock.instant().plus(wait), String.valueOf(e.getMessage()));
    }

    private ZoneId zone(String site) {
        ZoneId z = zones.apply(site);
        return z == null ? ZoneOffset.UTC : z;
    }

    private static @Nullable LocalDate date(@Nullable Object text) {
        return text == null ? null : LocalDate.parse(text.toString());
    }
}
