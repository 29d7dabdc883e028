package org.qualigate.quality;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Site;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.CapaRecords;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.TaskTool;
import org.qualigate.jobs.LeasedQueue;
import org.qualigate.jobs.QueueTable;
import org.qualigate.settings.InterfacePauses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings each CAPA's escalation up to date, level-triggered: at execution the rule decides from the stored CAPA and
 * the site's date which steps are due; each step not yet done is written to the QMS (a comment upserted under the
 * step's own key, and the escalation level) and to the task tool (the CAPA's task found by its label or created,
 * a comment unless one with the step's marker is there, the task moved on), then recorded and audited once. So a
 * repeat, a retry or a crash between the calls writes nothing twice. The CAPA's next check is the start of the day,
 * at its site, when its next step comes due.
 */
class CapaEscalations {

    private static final Logger log = LoggerFactory.getLogger(CapaEscalations.class);

    private record Lease(String recordId, UUID token, int attempts) {}

    /** One row per CAPA, due at its next check. */
    static final QueueTable CAPAS = QueueTable.of("quality_capa", "record_id")
            .dueFrom("next_check_at")
            .claimableWhen("(lease_token IS NULL OR lease_until < :now)")
            .errorsUpTo(1000);

    /** The interface whose pause holds escalation back (decision 0067). */
    static final String TASK_TOOL = "task-tool";

    private final LeasedQueue queue;

    private final CapaRecords qms;
    private final TaskTool tasks;
    private final Capas capas;
    private final PlantDefinition plant;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final QualityOutbox outbox;
    private final TransactionTemplate tx;
    private final QualitySettings settings;
    private final InterfacePauses pauses;
    private final Clock clock;

    CapaEscalations(
            CapaRecords qms,
            TaskTool tasks,
            Capas capas,
            PlantDefinition plant,
            JdbcClient jdbc,
            AuditTrail audit,
            QualityOutbox outbox,
            TransactionTemplate tx,
            QualitySettings settings,
            InterfacePauses pauses,
            Clock clock) {
        this.pauses = pauses;
        this.qms = qms;
        this.tasks = tasks;
        this.capas = capas;
        this.plant = plant;
        this.jdbc = jdbc;
        this.audit = audit;
        this.outbox = outbox;
        this.tx = tx;
        this.settings = settings;
        this.clock = clock;
        this.queue = new LeasedQueue(jdbc, clock, CAPAS);
    }

    /**
     * Works the CAPAs whose check is due; returns how many were taken. While the task tool is paused (an approved
     * change set, {@code interface.task-tool.paused}) none is taken: each stays due in its row, and the first run
     * after the pause is lifted takes them in the order they came due.
     */
    public int workDue() {
        if (pauses.paused(TASK_TOOL)) {
            return 0;
        }
        List<Lease> leases = lease(settings.batchSize());
        for (Lease lease : leases) {
            try {
                work(lease);
            } catch (TargetException e) {
                retry(lease, e.retryAfter().orElse(settings.backoffAfter(lease.attempts())), e.getMessage());
                log.warn("CAPA escalation of {} failed ({})", lease.recordId(), e.getMessage());
            } catch (RuntimeException e) {
                retry(lease, settings.backoffAfter(lease.attempts()), String.valueOf(e));
                log.error("CAPA escalation of {} failed", lease.recordId(), e);
            }
        }
        return leases.size();
    }

    private void work(Lease lease) {
        CapaRecord capa = capas.find(lease.recordId(), false).orElseThrow();
        ZoneId zone = zone(capa.site());
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        Set<CapaEscalation.Kind> done = done(capa.recordId());
        String label = "qg-capa-" + capa.recordId().toLowerCase(java.util.Locale.ROOT);
        for (CapaEscalation.Step step : CapaEscalation.due(
                capa, today, settings.capa().reminderDays(), settings.capa().leadership())) {
            if (done.contains(step.kind())) {
                continue;
            }
            Optional<TaskTool.Task> task = tasks.find(label);
            if (step.kind() == CapaEscalation.Kind.CLOSED && task.isEmpty()) {
                continue; // no task was ever made for it: nothing to close
            }
            if (step.kind() != CapaEscalation.Kind.CLOSED) {
                qms.comment(
                        capa.recordId(),
                        "QG-" + capa.recordId() + "-" + step.kind(),
                        "Qualigate: " + step.explanation());
                if (step.kind().level() > 0) {
                    qms.escalationLevel(capa.recordId(), step.kind().level());
                }
            }
            TaskTool.Task t = task.orElseGet(() -> tasks.create(
                    label,
                    capa.name() + " due " + capa.dueDate() + (capa.ncName() == null ? "" : " (" + capa.ncName() + ")"),
                    capa.name() + ": " + String.valueOf(capa.description()) + "\nOwner: " + capa.ownerEmail()
                            + "\nManager: " + capa.managerEmail(),
                    capa.dueDate() == null ? today : capa.dueDate()));
            String marker =
                    "[qualigate " + step.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + capa.name() + "]";
            if (tasks.comments(t.key()).stream().noneMatch(c -> c.contains(marker))) {
                tasks.comment(t.key(), marker + " " + step.explanation());
            }
            tasks.moveTo(
                    t,
                    switch (step.kind()) {
                        case CLOSED -> TaskTool.Stage.DONE;
                        case REMINDER -> TaskTool.Stage.OPEN;
                        default -> TaskTool.Stage.IN_PROGRESS;
                    });
            tx.executeWithoutResult(s -> record(capa, step, t.key()));
        }
        Instant next = CapaEscalation.next(capa, today, settings.capa().reminderDays())
                .map(d -> d.atStartOfDay(zone).toInstant())
                .orElse(null);
        complete(lease, next);
    }

    private void record(CapaRecord capa, CapaEscalation.Step step, String taskKey) {
        int inserted = jdbc.sql("""
                        INSERT INTO quality_capa_step (record_id, step, explanation, task_key, done_at)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT (record_id, step) DO NOTHING""")
                .params(
                        capa.recordId(),
                        step.kind().name(),
                        step.explanation(),
                        taskKey,
                        Timestamp.from(clock.instant()))
                .update();
        jdbc.sql("UPDATE quality_capa SET task_key = ? WHERE record_id = ?")
                .params(taskKey, capa.recordId())
                .update();
        if (inserted == 0) {
            return;
        }
        audit.append(new AuditRecord(
                Nonconformances.ACTOR,
                switch (step.kind()) {
                    case REMINDER -> "quality.capa.reminded";
                    case CLOSED -> "quality.capa.task-closed";
                    default -> "quality.capa.escalated";
                },
                "capa",
                capa.name(),
                capa.ownerEmployeeId(),
                null,
                Map.of(
                        "step", step.kind().name(),
                        "escalationLevel", Math.max(step.kind().level(), 0),
                        "task", tasks.name() + " " + taskKey),
                step.explanation() + " (QMS comment QG-" + capa.recordId() + "-" + step.kind() + ", task " + taskKey
                        + ")",
                null));
        if (step.kind().level() > 0) {
            outbox.add(OutcomeEvent.capaEscalated(
                    capa, step.kind().level(), tasks.name() + " " + taskKey, step.explanation()));
        }
    }

    private Set<CapaEscalation.Kind> done(String recordId) {
        return new HashSet<>(jdbc.sql("SELECT step FROM quality_capa_step WHERE record_id = ?")
                .param(recordId)
                .query((rs, n) -> CapaEscalation.Kind.valueOf(rs.getString(1)))
                .list());
    }

    private ZoneId zone(@Nullable String site) {
        return site == null
                ? ZoneOffset.UTC
                : plant.current().site(site).map(Site::zone).orElse(ZoneOffset.UTC);
    }

    private List<Lease> lease(int limit) {
        return tx.execute(s -> queue.claim(
                limit,
                settings.leaseFor(),
                "record_id, lease_token, attempts",
                (rs, n) -> new Lease(rs.getString(1), rs.getObject(2, UUID.class), rs.getInt(3)),
                Map.of()));
    }

    /**
     * Done until {@code next}; a CAPA changed meanwhile (its row was rewritten with a check due now) is left due, as
     * the change set its check to the moment it arrived.
     */
    private void complete(Lease lease, @Nullable Instant next) {
        jdbc.sql("""
                        UPDATE quality_capa SET next_check_at = CASE WHEN next_check_at > lease_until - ?::interval
                                THEN next_check_at ELSE ? END,
                            lease_token = NULL, lease_until = NULL, attempts = 0, last_error = NULL
                        WHERE record_id = ? AND lease_token = ?""")
                .params(
                        settings.leaseFor().toSeconds() + " seconds",
                        next == null ? null : Timestamp.from(next),
                        lease.recordId(),
                        lease.token())
                .update();
    }

    private void retry(Lease lease, Duration wait, String error) {
        queue.retry(List.of(lease.recordId()), lease.token(), clock.instant().plus(wait), error);
    }
}
