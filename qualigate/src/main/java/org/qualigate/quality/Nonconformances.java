package org.qualigate.quality;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.calibration.CalibrationRereads;
import org.qualigate.connector.NonconformanceRecord;
import org.qualigate.connector.NonconformanceSource;
import org.qualigate.text.Sha256;
import org.qualigate.trace.TraceParent;
import org.qualigate.trace.Traces;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The non-conformances the QMS sent or that were pulled from it. Each event is stored in the transaction that applies
 * it, before it is acknowledged; an NC is replaced only by a later version (record id + version: the same version is
 * a duplicate, an older one stale), audited, and the batch it names is handed to the ERP worker with the rule's new
 * decision. What cannot be used is kept with the field and the reason.
 */
@Component
public class Nonconformances {

    static final String ACTOR = "system:quality";

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final BatchWork work;
    private final QualitySla sla;
    private final QualitySettings settings;
    private final Capas capas;
    private final Recalls recalls;
    private final BatchDecisions decisions;
    private final Clock clock;
    private final CalibrationRereads rereads;
    private final ApplicationEventPublisher events;
    private final QualityInbound inbound;

    Nonconformances(
            JdbcClient jdbc,
            AuditTrail audit,
            BatchWork work,
            QualitySla sla,
            QualitySettings settings,
            Capas capas,
            Recalls recalls,
            BatchDecisions decisions,
            Clock clock,
            CalibrationRereads rereads,
            ApplicationEventPublisher events,
            QualityInbound inbound) {
        this.inbound = inbound;
        this.rereads = rereads;
        this.events = events;
        this.capas = capas;
        this.recalls = recalls;
        this.decisions = decisions;
        this.jdbc = jdbc;
        this.audit = audit;
        this.work = work;
        this.sla = sla;
        this.settings = settings;
        this.clock = clock;
    }

    /** A signed webhook's body from {@code source}, delivered as {@code deliveryId}: stored, then applied. */
    @Transactional
    public QualityIntakeResult receive(String source, String deliveryId, byte[] body) {
        QualityEventReading reading = QualityEventReading.of(body);
        UUID id = UUID.randomUUID();
        String type = null;
        Integer version = null;
        String recordId = null;
        Instant recordVersion = null;
        switch (reading) {
            case QualityEventReading.Nonconformance n -> {
                type = n.type();
                version = n.schemaVersion();
                recordId = n.record().recordId();
                recordVersion = n.record().version();
            }
            case QualityEventReading.Capa c -> {
                type = c.type();
                version = c.schemaVersion();
                recordId = c.record().recordId();
                recordVersion = c.record().version();
            }
            case QualityEventReading.Recall r -> {
                type = r.type();
                version = r.schemaVersion();
                recordId = r.record().recordId();
                recordVersion = r.record().version();
            }
            case QualityEventReading.Equipment e -> {
                type = e.type();
                version = e.schemaVersion();
            }
            case QualityEventReading.Kept k -> {
                type = k.type();
                version = k.schemaVersion();
            }
            case QualityEventReading.Refused r -> {
                type = r.type();
                version = r.schemaVersion();
            }
        }
        Optional<UUID> stored = store(id, source, deliveryId, type, version, recordId, recordVersion, body);
        if (stored.isEmpty()) {
            UUID earlier = jdbc.sql("SELECT id FROM quality_inbound_event WHERE source = ? AND delivery_id = ?")
                    .params(source, deliveryId)
                    .query(UUID.class)
                    .single();
            return new QualityIntakeResult(earlier, QualityIntakeResult.Outcome.DUPLICATE_DELIVERY, null, null);
        }
        QualityIntakeResult result = apply(id, reading);
        outcome(result);
        return result;
    }

    /** Acts on a stored event by what it is. */
    private QualityIntakeResult apply(UUID id, QualityEventReading reading) {
        return switch (reading) {
            case QualityEventReading.Nonconformance n -> apply(id, n.record(), "WEBHOOK");
            case QualityEventReading.Capa c -> capas.apply(id, c.record());
            case QualityEventReading.Recall r -> recalls.apply(id, r.record());
            case QualityEventReading.Equipment e -> {
                rereads.request(e.site(), e.assetNumber(), id);
                yield new QualityIntakeResult(id, QualityIntakeResult.Outcome.APPLIED, null, null);
            }
            case QualityEventReading.Kept k ->
                new QualityIntakeResult(id, QualityIntakeResult.Outcome.KEPT, k.field(), k.reason());
            case QualityEventReading.Refused r ->
                new QualityIntakeResult(id, QualityIntakeResult.Outcome.REJECTED, r.field(), r.reason());
        };
    }

    /** A row of the pull: stored and applied when it is new; a copy of a stored row changes nothing. */
    @Transactional
    public QualityIntakeResult receivePulled(String source, NonconformanceSource.Row row) {
        // a pulled row starts a trace of its own, as a webhook without a traceparent does
        try (var trace = Traces.open(Traces.current().isPresent() ? null : TraceParent.start())) {
            return receivePulledTraced(source, row);
        }
    }

    private QualityIntakeResult receivePulledTraced(String source, NonconformanceSource.Row row) {
        UUID id = UUID.randomUUID();
        NonconformanceRecord nc = row.record();
        // the same row read again by an overlapping window is the same delivery
        String deliveryId = "pull:" + row.recordId() + ":" + sha256(row.raw());
        Optional<UUID> stored = store(
                id,
                source,
                deliveryId,
                "nonconformance.pulled",
                null,
                row.recordId(),
                nc == null ? null : nc.version(),
                row.raw());
        if (stored.isEmpty()) {
            return new QualityIntakeResult(id, QualityIntakeResult.Outcome.DUPLICATE_DELIVERY, null, null);
        }
        QualityIntakeResult result = nc == null
                ? new QualityIntakeResult(id, QualityIntakeResult.Outcome.REJECTED, row.field(), row.reason())
                : apply(id, nc, "PULL");
        outcome(result);
        return result;
    }

    /** The NCs that name the batch (any version's lot: the latest of each NC). */
    public List<NonconformanceRecord> ofBatch(String material, String batch) {
        return jdbc.sql(SELECT + " WHERE material = ? AND batch = ? ORDER BY name")
                .params(material, batch)
                .query(Nonconformances::record)
                .list();
    }

    /** The NCs, newest first; {@code openOnly} leaves out closed ones. */
    public List<NonconformanceRecord> list(boolean openOnly, int limit) {
        return jdbc.sql(SELECT + (openOnly ? " WHERE status NOT ILIKE 'closed%'" : "")
                        + " ORDER BY coalesce(opened_at, version) DESC, name DESC LIMIT ?")
                .param(limit)
                .query(Nonconformances::record)
                .list();
    }

    /** Events kept for review or rejected, newest first: id, type, version, field, reason, received. */
    public List<QualityView.SetAsideEvent> setAside(int limit) {
        return jdbc.sql("SELECT id, source, event_type, schema_version, outcome, field, reason, received_at"
                        + " FROM quality_inbound_event WHERE outcome IN ('REJECTED', 'KEPT')"
                        + " ORDER BY received_at DESC LIMIT ?")
                .param(limit)
                .query((rs, n) -> new QualityView.SetAsideEvent(
                        rs.getObject(1, UUID.class).toString(),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getObject(4, Integer.class),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getTimestamp(8).toInstant()))
                .list();
    }

    // ---------------------------------------------------------------------------------------------------------

    private QualityIntakeResult apply(UUID eventId, NonconformanceRecord nc, String via) {
        Optional<NonconformanceRecord> before = jdbc.sql(SELECT + " WHERE record_id = ? FOR UPDATE")
                .param(nc.recordId())
                .query(Nonconformances::record)
                .optional();
        Optional<QualityIntakeResult> notNewer = QualityIntakeResult.unlessNewer(
                eventId, nc.version(), before.map(b -> b.version()).orElse(null));
        if (notNewer.isPresent()) {
            return notNewer.get();
        }
        keep(eventId, nc, via);
        audit.append(new AuditRecord(
                ACTOR,
                "quality.nonconformance.recorded",
                "nonconformance",
                nc.name(),
                null,
                before.map(Nonconformances::summary).orElse(null),
                summary(nc),
                (via.equals("WEBHOOK") ? "received by signed webhook" : "read by the pull from the QMS") + ", version "
                        + nc.version(),
                eventId.toString()));
        // the batch the NC names now, and the one an earlier version named if it moved
        before.map(BatchHolds::lotOf)
                .filter(l -> !l.equals(BatchHolds.lotOf(nc)))
                .ifPresent(this::redecide);
        Lot lot = BatchHolds.lotOf(nc);
        if (lot != null) {
            HoldDecision decision = redecide(lot);
            startSla(nc, lot, decision);
        }
        if (nc.material() != null && nc.batch() != null) {
            // the batch's open NCs, for whoever correlates them (one alert per batch, decision 0075)
            events.publishEvent(
                    BatchNonconformances.of(nc.material(), nc.batch(), ofBatch(nc.material(), nc.batch()), nc.name()));
        }
        return new QualityIntakeResult(eventId, QualityIntakeResult.Outcome.APPLIED, null, null);
    }

    /** Keeps the NC's newest version as the QMS stated it, with how and when it arrived. */
    private void keep(UUID eventId, NonconformanceRecord nc, String via) {
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT INTO quality_nonconformance (record_id, name, version, site, material, plant, batch,
                            severity, status, disposition, block_stock, opened_at, closed_at, description, received_via,
                            received_at, event_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (record_id) DO UPDATE SET name = EXCLUDED.name, version = EXCLUDED.version,
                            site = EXCLUDED.site, material = EXCLUDED.material, plant = EXCLUDED.plant,
                            batch = EXCLUDED.batch, severity = EXCLUDED.severity, status = EXCLUDED.status,
                            disposition = EXCLUDED.disposition, block_stock = EXCLUDED.block_stock,
                            opened_at = EXCLUDED.opened_at, closed_at = EXCLUDED.closed_at,
                            description = EXCLUDED.description, received_via = EXCLUDED.received_via,
                            received_at = EXCLUDED.received_at, event_id = EXCLUDED.event_id""")
                .params(
                        nc.recordId(),
                        nc.name(),
                        Timestamp.from(nc.version()),
                        nc.site(),
                        nc.material(),
                        nc.plant(),
                        nc.batch(),
                        nc.severity(),
                        nc.status(),
                        nc.disposition(),
                        nc.blockStock(),
                        timestamp(nc.openedAt()),
                        timestamp(nc.closedAt()),
                        nc.description(),
                        via,
                        Timestamp.from(now),
                        eventId)
                .update();
    }

    private HoldDecision redecide(Lot lot) {
        HoldDecision decision = decisions.decide(lot);
        work.request(decision);
        return decision;
    }

    private void startSla(NonconformanceRecord nc, Lot lot, HoldDecision decision) {
        if (decision.holding().contains(nc.name()) && !nc.closed()) {
            Instant raised = nc.openedAt() == null ? nc.version() : nc.openedAt();
            sla.start(
                    QualitySla.Interface.ERP_BLOCK,
                    nc.recordId(),
                    nc.name(),
                    lot,
                    raised,
                    settings.sla().blockWithin());
        } else if (decision.desired() == HoldDecision.Desired.RELEASED && nc.closed() && nc.blockStock()) {
            Instant closed = nc.closedAt() == null ? nc.version() : nc.closedAt();
            sla.start(
                    QualitySla.Interface.ERP_RELEASE,
                    nc.recordId(),
                    nc.name(),
                    lot,
                    closed,
                    settings.sla().releaseWithin());
        }
    }

    private Optional<UUID> store(
            UUID id,
            String source,
            String deliveryId,
            @Nullable String type,
            @Nullable Integer schemaVersion,
            @Nullable String recordId,
            @Nullable Instant recordVersion,
            byte[] body) {
        return inbound.store(id, source, deliveryId, type, schemaVersion, recordId, recordVersion, body);
    }

    private void outcome(QualityIntakeResult result) {
        inbound.outcome(result);
    }

    /** The audit entry's old and new value of a recorded non-conformance: a map, because its bytes are hashed into the chain. */
    private static Map<String, Object> summary(NonconformanceRecord nc) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recordId", nc.recordId());
        m.put("version", nc.version().toString());
        m.put("status", nc.status());
        m.put("disposition", nc.disposition());
        m.put("blockStock", nc.blockStock());
        m.put("material", nc.material());
        m.put("plant", nc.plant());
        m.put("batch", nc.batch());
        m.put("severity", nc.severity());
        return m;
    }

    static final String SELECT = "SELECT record_id, name, version, site, material, plant, batch, severity, "
            + "status, disposition, block_stock, opened_at, closed_at, description FROM quality_nonconformance";

    static NonconformanceRecord record(ResultSet rs, int n) throws SQLException {
        return new NonconformanceRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getTimestamp(3).toInstant(),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getBoolean(11),
                rs.getTimestamp(12) == null ? null : rs.getTimestamp(12).toInstant(),
                rs.getTimestamp(13) == null ? null : rs.getTimestamp(13).toInstant(),
                rs.getString(14));
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static String sha256(byte[] bytes) {
        return Sha256.hex(bytes);
    }
}
