package org.qualigate.quality;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.NonconformanceRecord;
import org.springframework.stereotype.Component;

/** What the API and the pages show of the quality module: NCs with their batch's ERP state, batches, parked, SLA. */
@Component
public class QualityView {

    /** An NC and the state of the batch it names (absent when it names none). */
    public record NonconformanceRow(
            NonconformanceRecord nc, @Nullable BatchState batch) {}

    /** A CAPA with its due date (a day), the task opened for it, its next check and the escalation steps done. */
    public record CapaView(
            String name,
            @Nullable String site,
            @Nullable String dueDate,
            String status,
            @Nullable String task,
            @Nullable Instant nextCheckAt,
            @Nullable String lastError,
            List<String> steps) {}

    /** A quality event kept for review or rejected: what it was, the outcome, the field and why, when received. */
    public record SetAsideEvent(
            String eventId,
            String source,
            @Nullable String type,
            @Nullable Integer schemaVersion,
            String outcome,
            @Nullable String field,
            @Nullable String reason,
            Instant receivedAt) {}

    /** A batch: its state, the NCs that name it, and the rule's decision now. */
    public record BatchView(BatchState state, List<NonconformanceRecord> nonconformances, HoldDecision decision) {}

    private final QualitySettings settings;
    private final Nonconformances ncs;
    private final BatchWork batches;
    private final QualitySla sla;
    private final Capas capas;
    private final Clock clock;

    private final BatchDecisions decisions;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    /**
     * The work waiting: batches whose ERP state is still to be brought about, CAPAs whose check is due, outcomes still
     * to be sent to the subscriber.
     */
    public record Waiting(long batches, long capas, long events) {}

    QualityView(
            org.springframework.jdbc.core.simple.JdbcClient jdbc,
            QualitySettings settings,
            Nonconformances ncs,
            BatchWork batches,
            QualitySla sla,
            Capas capas,
            BatchDecisions decisions,
            Clock clock) {
        this.jdbc = jdbc;
        this.capas = capas;
        this.decisions = decisions;
        this.settings = settings;
        this.ncs = ncs;
        this.batches = batches;
        this.sla = sla;
        this.clock = clock;
    }

    /** Whether an ERP is configured (without one nothing is received, pulled or posted). */
    public boolean configured() {
        return settings.configured();
    }

    /** The webhook source name of the QMS's quality events and its secrets. */
    public QualitySettings.Hook hook() {
        return settings.hook();
    }

    public List<NonconformanceRow> nonconformances(boolean openOnly, int limit) {
        List<NonconformanceRow> rows = new ArrayList<>();
        for (NonconformanceRecord nc : ncs.list(openOnly, limit)) {
            BatchState state = nc.material() == null || nc.batch() == null
                    ? null
                    : batches.find(nc.material(), nc.batch()).orElse(null);
            rows.add(new NonconformanceRow(nc, state));
        }
        return rows;
    }

    public Optional<BatchView> batch(String material, String batch) {
        return batches.find(material, batch).map(state -> {
            List<NonconformanceRecord> list = ncs.ofBatch(material, batch);
            return new BatchView(state, list, decisions.decide(state.lot()));
        });
    }

    public List<BatchState> batches(boolean parkedOnly, int limit) {
        return batches.all(parkedOnly, limit);
    }

    /** The CAPAs with their due dates, task and the escalation steps done. */
    public List<CapaView> capas(int limit) {
        return capas.list(limit);
    }

    /** Quality events kept for review or rejected. */
    public List<SetAsideEvent> setAside(int limit) {
        return ncs.setAside(limit);
    }

    /** The service level of each interface over the last {@code window}. */
    public Map<QualitySla.Interface, QualitySla.Summary> sla(Duration window) {
        Instant since = clock.instant().minus(window);
        Map<QualitySla.Interface, QualitySla.Summary> all = new java.util.LinkedHashMap<>();
        for (QualitySla.Interface iface : QualitySla.Interface.values()) {
            all.put(iface, sla.summary(iface, since));
        }
        return all;
    }

    /** The events of the last {@code window}, newest first. */
    public List<QualitySla.Event> slaEvents(Duration window, int limit) {
        return sla.since(clock.instant().minus(window), limit);
    }

    public List<QualitySla.Event> slaBreaches(Duration window, int limit) {
        return sla.breaches(clock.instant().minus(window), limit);
    }

    /** The configured service levels, per interface. */
    public QualitySettings.Sla slaSettings() {
        return settings.sla();
    }

    /** How much work waits now, however long it has waited (due, retrying, parked or held by a pause). */
    public Waiting waiting() {
        java.sql.Timestamp now = java.sql.Timestamp.from(clock.instant());
        return new Waiting(
                jdbc.sql("SELECT count(*) FROM quality_batch WHERE due_at IS NOT NULL")
                        .query(Long.class)
                        .single(),
                jdbc.sql("SELECT count(*) FROM quality_capa WHERE next_check_at <= ?")
                        .param(now)
                        .query(Long.class)
                        .single(),
                jdbc.sql("SELECT count(*) FROM quality_outbound_event WHERE due_at IS NOT NULL")
                        .query(Long.class)
                        .single());
    }

    public Instant now() {
        return clock.instant();
    }
}
