package org.qualigate.calibration;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies QA's resolutions to the side found wrong, level-triggered: the desired state is the version QA chose (as
 * stored with the conflict); the worker reads what the wrong side holds now and writes only when it differs, then
 * records the correction and its audit entry in one transaction. A crash after the write and before the record
 * finds the side already right on the retry and records it then; a failure is retried with backoff and shown on
 * the conflict, never dropped.
 */
public class CalibrationCorrections {

    private final EquipmentCalibrations maintenance;
    private final EquipmentCalibrations qms;
    private final CalibrationConflicts conflicts;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Function<String, ZoneId> zones;
    private final CalibrationSettings settings;
    private final Clock clock;

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
    }

    /** Works the corrections that are due; returns how many were tried. */
    public int applyDue() {
        Instant now = clock.instant();
        List<UUID> due =
                jdbc.sql("""
                        SELECT id FROM calibration_conflict WHERE correction = 'PENDING' AND next_attempt_at <= ?
                        ORDER BY next_attempt_at LIMIT 16""").param(Timestamp.from(now)).query(UUID.class).list();
        int tried = 0;
        for (UUID id : due) {
            // the lease: only the instance that moves next_attempt_at past now works the item
            int claimed = jdbc.sql("""
                            UPDATE calibration_conflict SET next_attempt_at = ? WHERE id = ?
                                AND correction = 'PENDING' AND next_attempt_at <= ?""")
                    .params(Timestamp.from(now.plus(settings.leaseFor())), id, Timestamp.from(now))
                    .update();
            if (claimed == 1) {
                tried++;
                apply(conflicts.find(id).orElseThrow());
            }
        }
        return tried;
    }

    private void apply(CalibrationConflict c) {
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
            recordApplied(c, wrong, CalibrationDifferences.version(wrong.system(), held), chosen, already);
        } catch (TargetException e) {
            recordFailure(c, e);
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
            EquipmentCalibrations wrong,
            Map<String, Object> before,
            Map<String, Object> chosen,
            boolean already) {
        tx.executeWithoutResult(s -> {
            int done = jdbc.sql("""
                            UPDATE calibration_conflict SET correction = 'APPLIED', applied_at = ?,
                                next_attempt_at = NULL, last_error = NULL, attempts = attempts + 1
                            WHERE id = ? AND correction = 'PENDING'""")
                    .params(Timestamp.from(clock.instant()), c.id())
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

    private void recordFailure(CalibrationConflict c, TargetException e) {
        int attempts = c.attempts() + 1;
        Duration wait = settings.backoffInitial().multipliedBy(1L << Math.min(attempts - 1, 16));
        if (wait.compareTo(settings.backoffMax()) > 0) {
            wait = settings.backoffMax();
        }
        Instant next = clock.instant()
                .plus(e.retryAfter().filter(r -> r.compareTo(Duration.ZERO) > 0).orElse(wait));
        jdbc.sql("""
                        UPDATE calibration_conflict SET attempts = ?, last_error = ?, next_attempt_at = ?
                        WHERE id = ? AND correction = 'PENDING'""")
                .params(attempts, String.valueOf(e.getMessage()), Timestamp.from(next), c.id())
                .update();
    }

    private ZoneId zone(String site) {
        ZoneId z = zones.apply(site);
        return z == null ? ZoneOffset.UTC : z;
    }

    private static @Nullable LocalDate date(@Nullable Object text) {
        return text == null ? null : LocalDate.parse(text.toString());
    }
}
