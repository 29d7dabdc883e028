package org.qualigate.quality;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.qualigate.connector.QualityRecordSource;
import org.qualigate.text.Sha256;
import org.qualigate.trace.TraceParent;
import org.qualigate.trace.Traces;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A pulled CAPA or recall row, stored and applied in one transaction as a webhook's event is: read by the same
 * reading as the event of its kind ({@link QualityEventReading#pulled}), applied by the same path ({@link Capas},
 * {@link Recalls}) so that a version already received by webhook is a duplicate and an older one stale. A row read
 * again by an overlapping window is the same delivery and stores nothing; a row that cannot be used is kept with the
 * field and the reason.
 */
@Component
class PulledRecords {

    static final String HOW = "read by the pull from the QMS";

    private final QualityInbound inbound;
    private final Capas capas;
    private final Recalls recalls;

    PulledRecords(QualityInbound inbound, Capas capas, Recalls recalls) {
        this.inbound = inbound;
        this.capas = capas;
        this.recalls = recalls;
    }

    /** Stores and applies the row when it is new. */
    @Transactional
    public QualityIntakeResult receive(QualityRecordSource.Kind kind, String source, QualityRecordSource.Row row) {
        // a pulled row starts a trace of its own, as a webhook without a traceparent does
        try (var trace = Traces.open(Traces.current().isPresent() ? null : TraceParent.start())) {
            return receiveTraced(kind, source, row);
        }
    }

    private QualityIntakeResult receiveTraced(
            QualityRecordSource.Kind kind, String source, QualityRecordSource.Row row) {
        UUID id = UUID.randomUUID();
        String type = kind.name().toLowerCase(Locale.ROOT) + ".pulled";
        QualityEventReading reading = row.fields() == null
                ? new QualityEventReading.Refused(type, null, String.valueOf(row.field()), String.valueOf(row.reason()))
                : QualityEventReading.pulled(type, QualityEventReading.JSON.valueToTree(row.fields()));
        Optional<UUID> stored = inbound.store(
                id,
                source,
                "pull:" + row.recordId() + ":" + Sha256.hex(row.raw()),
                type,
                null,
                row.recordId().isEmpty() ? null : row.recordId(),
                switch (reading) {
                    case QualityEventReading.Capa c -> c.record().version();
                    case QualityEventReading.Recall r -> r.record().version();
                    default -> null;
                },
                row.raw());
        if (stored.isEmpty()) {
            return new QualityIntakeResult(id, QualityIntakeResult.Outcome.DUPLICATE_DELIVERY, null, null);
        }
        QualityIntakeResult result = switch (reading) {
            case QualityEventReading.Capa c -> capas.apply(id, c.record(), HOW);
            case QualityEventReading.Recall r -> recalls.apply(id, r.record(), HOW);
            case QualityEventReading.Refused r ->
                new QualityIntakeResult(id, QualityIntakeResult.Outcome.REJECTED, r.field(), r.reason());
            default -> new QualityIntakeResult(id, QualityIntakeResult.Outcome.KEPT, "type", "not a pulled kind");
        };
        inbound.outcome(result);
        return result;
    }
}
