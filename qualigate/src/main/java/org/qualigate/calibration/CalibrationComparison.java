package org.qualigate.calibration;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.InstrumentCalibrations;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.EquipmentCalibrations;
import org.qualigate.connector.EquipmentCalibrations.Calibration;
import org.qualigate.connector.EquipmentCalibrations.Row;
import org.qualigate.connector.EquipmentCalibrations.System;
import org.qualigate.connector.TargetException;
import org.qualigate.text.Sha256;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Compares the two systems instrument by instrument. Both are read whole before anything is concluded; a failed
 * read concludes nothing (and says so). Then, in one transaction with its audit entry: unusable records are kept
 * with their reason, each instrument whose versions differ has one conflict per pair of versions while a conflict
 * answers for that pair (open, correction pending, or accepted: reading it again opens nothing; a pair that comes
 * back after a correction or after it was superseded opens anew), and an open conflict whose instrument agrees
 * again, or differs in a newer way, is superseded. Runs on two instances at once are harmless: the same pair is one row, and the writes take one lock.
 */
public class CalibrationComparison {

    static final String ACTOR = "service:calibration";
    private static final long LOCK = 0x43414c4942L; // "CALIB"

    private final EquipmentCalibrations maintenance;
    private final EquipmentCalibrations qms;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private @Nullable InstrumentCalibrations agreedStates;

    CalibrationComparison(
            EquipmentCalibrations maintenance,
            EquipmentCalibrations qms,
            JdbcClient jdbc,
            AuditTrail audit,
            TransactionTemplate tx,
            Clock clock) {
        if (maintenance.system() != System.MAINTENANCE || qms.system() != System.QMS) {
            throw new IllegalArgumentException("a comparison needs the maintenance system and the QMS");
        }
        this.maintenance = maintenance;
        this.qms = qms;
        this.jdbc = jdbc;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /** Where an instrument's agreed state goes, for the access policy (decision 0064). */
    @Autowired
    void agreedStatesGoTo(InstrumentCalibrations instruments) {
        this.agreedStates = instruments;
    }

    /** Reads both systems and records what differs; {@code trigger} says who asked (schedule or a user). */
    public CalibrationRun compare(String trigger, String actor) {
        Instant started = clock.instant();
        List<Row> fromMaintenance;
        List<Row> fromQms;
        try {
            fromMaintenance = maintenance.readAll();
            fromQms = qms.readAll();
        } catch (TargetException e) {
            CalibrationRun failed = new CalibrationRun(
                    UUID.randomUUID(), trigger, started, clock.instant(), 0, 0, 0, 0, 0, 0, 0, 0, e.getMessage());
            tx.executeWithoutResult(s -> record(failed, actor));
            return failed;
        }
        CalibrationRun run = tx.execute(s -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(?)")
                    .param(LOCK)
                    .query((rs, n) -> 1)
                    .single();
            return conclude(trigger, started, fromMaintenance, fromQms, actor);
        });
        return java.util.Objects.requireNonNull(run);
    }

    private CalibrationRun conclude(
            String trigger, Instant started, List<Row> fromMaintenance, List<Row> fromQms, String actor) {
        int unreadable = keepUnreadable(System.MAINTENANCE, fromMaintenance) + keepUnreadable(System.QMS, fromQms);
        Map<String, Calibration> m = byInstrument(fromMaintenance);
        Map<String, Calibration> q = byInstrument(fromQms);
        int agreed = 0;
        int opened = 0;
        int superseded = 0;
        for (Map.Entry<String, Calibration> e : m.entrySet()) {
            Calibration theirs = q.get(e.getKey());
            if (theirs == null) {
                continue;
            }
            Calibration ours = e.getValue();
            List<String> differences = CalibrationDifferences.between(ours, theirs);
            if (differences.isEmpty()) {
                agreed++;
                if (agreedStates != null) {
                    agreedStates.agreed(ours, AgreedCalibration.byComparison(trigger), actor);
                }
                superseded += supersede(ours, null, "the two systems agree again");
                continue;
            }
            String mSha = CalibrationDifferences.fingerprint(ours);
            String qSha = CalibrationDifferences.fingerprint(theirs);
            superseded += supersede(ours, new String[] {mSha, qSha}, "a newer pair of versions differs");
            if (open(ours, mSha, theirs, qSha, differences)) {
                opened++;
            }
        }
        int onlyMaintenance =
                (int) m.keySet().stream().filter(k -> !q.containsKey(k)).count();
        int onlyQms = (int) q.keySet().stream().filter(k -> !m.containsKey(k)).count();
        CalibrationRun run = new CalibrationRun(
                UUID.randomUUID(),
                trigger,
                started,
                clock.instant(),
                fromMaintenance.size(),
                fromQms.size(),
                unreadable,
                agreed,
                opened,
                superseded,
                onlyMaintenance,
                onlyQms,
                null);
        record(run, actor);
        return run;
    }

    private boolean open(Calibration ours, String mSha, Calibration theirs, String qSha, List<String> differences) {
        Map<String, Object> mv = CalibrationDifferences.version(System.MAINTENANCE, ours);
        Map<String, Object> qv = CalibrationDifferences.version(System.QMS, theirs);
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                        INSERT INTO calibration_conflict (id, asset_number, site, maintenance_version,
                            maintenance_sha256, qms_version, qms_sha256, differences, detected_at, state)
                        VALUES (?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?, 'OPEN')
                        ON CONFLICT (asset_number, site, maintenance_sha256, qms_sha256)
                            WHERE state = 'OPEN' OR correction IN ('PENDING', 'NOT_NEEDED') DO NOTHING""")
                .params(
                        id,
                        ours.assetNumber(),
                        ours.site(),
                        CalibrationConflicts.JSON.writeValueAsString(mv),
                        mSha,
                        CalibrationConflicts.JSON.writeValueAsString(qv),
                        qSha,
                        String.join("; ", differences),
                        Timestamp.from(clock.instant()))
                .update();
        if (inserted == 0) {
            return false;
        }
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("maintenance", mv);
        both.put("qms", qv);
        audit.append(new AuditRecord(
                ACTOR,
                "calibration-conflict.opened",
                CalibrationConflicts.RECORD_TYPE,
                id.toString(),
                null,
                null,
                both,
                "the maintenance system and the QMS disagree about " + ours.assetNumber() + " at " + ours.site() + ": "
                        + String.join("; ", differences),
                null));
        return true;
    }

    /** Supersedes the instrument's open conflict unless it is about exactly this pair; returns how many. */
    private int supersede(Calibration instrument, String @Nullable [] pair, String why) {
        List<UUID> open = jdbc.sql("""
                        SELECT id FROM calibration_conflict WHERE asset_number = ? AND site = ? AND state = 'OPEN'
                            AND (?::text IS NULL OR maintenance_sha256 <> ? OR qms_sha256 <> ?)""")
                .params(
                        instrument.assetNumber(),
                        instrument.site(),
                        pair == null ? null : pair[0],
                        pair == null ? "" : pair[0],
                        pair == null ? "" : pair[1])
                .query(UUID.class)
                .list();
        for (UUID id : open) {
            jdbc.sql("""
                            UPDATE calibration_conflict SET state = 'SUPERSEDED', superseded_at = ?,
                                superseded_reason = ? WHERE id = ? AND state = 'OPEN'""").params(Timestamp.from(clock.instant()), why, id).update();
            audit.append(new AuditRecord(
                    ACTOR,
                    "calibration-conflict.superseded",
                    CalibrationConflicts.RECORD_TYPE,
                    id.toString(),
                    null,
                    Map.of("state", "OPEN"),
                    Map.of("state", "SUPERSEDED"),
                    instrument.assetNumber() + " at " + instrument.site() + ": " + why,
                    null));
        }
        return open.size();
    }

    private int keepUnreadable(System system, List<Row> rows) {
        int n = 0;
        for (Row r : rows) {
            if (r.calibration() != null) {
                continue;
            }
            n++;
            String raw = new String(r.raw(), java.nio.charset.StandardCharsets.UTF_8);
            Timestamp now = Timestamp.from(clock.instant());
            int inserted = jdbc.sql("""
                            INSERT INTO calibration_unreadable (id, system, record_key, field, reason, raw, raw_sha256,
                                first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (system, raw_sha256) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at
                            RETURNING (xmax = 0)""")
                            .params(
                                    UUID.randomUUID(),
                                    system.name(),
                                    r.key(),
                                    String.valueOf(r.field()),
                                    String.valueOf(r.reason()),
                                    raw,
                                    Sha256.hex(r.raw()),
                                    now,
                                    now)
                            .query(Boolean.class)
                            .single()
                    ? 1
                    : 0;
            if (inserted == 1) {
                audit.append(new AuditRecord(
                        ACTOR,
                        "calibration.record-unreadable",
                        "calibration-record",
                        system.name() + ":" + r.key(),
                        null,
                        null,
                        Map.of("field", String.valueOf(r.field()), "raw", raw),
                        "kept for review: " + r.reason(),
                        null));
            }
        }
        return n;
    }

    private static Map<String, Calibration> byInstrument(List<Row> rows) {
        Map<String, Calibration> out = new LinkedHashMap<>();
        for (Row r : rows) {
            Calibration c = r.calibration();
            if (c != null) {
                out.put(c.site() + "|" + c.assetNumber(), c);
            }
        }
        return out;
    }

    private void record(CalibrationRun run, String actor) {
        jdbc.sql("""
                        INSERT INTO calibration_run (id, trigger, started_at, finished_at, maintenance_read, qms_read,
                            unreadable, agreed, opened, superseded, only_maintenance, only_qms, error)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        run.id(),
                        run.trigger(),
                        Timestamp.from(run.startedAt()),
                        Timestamp.from(run.finishedAt()),
                        run.maintenanceRead(),
                        run.qmsRead(),
                        run.unreadable(),
                        run.agreed(),
                        run.opened(),
                        run.superseded(),
                        run.onlyMaintenance(),
                        run.onlyQms(),
                        run.error())
                .update();
        audit.append(new AuditRecord(
                actor,
                run.error() == null ? "calibration.compared" : "calibration.comparison-failed",
                "calibration-run",
                run.id().toString(),
                null,
                null,
                run.view(),
                run.summary(),
                null));
    }
}
