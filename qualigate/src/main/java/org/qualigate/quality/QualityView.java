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

    /** A batch: its state, the NCs that name it, and the rule's decision now. */
    public record BatchView(BatchState state, List<NonconformanceRecord> nonconformances, HoldDecision decision) {}

    private final QualitySettings settings;
    private final Nonconformances ncs;
    private final BatchWork batches;
    private final QualitySla sla;
    private final Capas capas;
    private final Clock clock;

    private final BatchDecisions decisions;

    QualityView(
            QualitySettings settings,
            Nonconformances ncs,
            BatchWork batches,
            QualitySla sla,
            Capas capas,
            BatchDecisions decisions,
            Clock clock) {
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
    public List<Map<String, Object>> capas(int limit) {
        return capas.list(limit);
    }

    /** Quality events kept for review or rejected. */
    public List<Map<String, Object>> setAside(int limit) {
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

    public Instant now() {
        return clock.instant();
    }
}
