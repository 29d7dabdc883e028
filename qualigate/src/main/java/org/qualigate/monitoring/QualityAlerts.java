package org.qualigate.monitoring;

import org.qualigate.environment.RoomExcursions;
import org.qualigate.quality.BatchNonconformances;
import org.qualigate.text.Sentence;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Quality events as alerts correlated by root cause (decision 0075), counted in the transaction that recorded
 * them: the non-conformances open on one batch are one alert, each NC counted once, cleared when none is open; the
 * excursion episodes of one room that became NC drafts are one alert, each episode counted once, cleared when no
 * episode of the room is open.
 */
@Component
class QualityAlerts {

    private final CorrelatedAlerts alerts;

    QualityAlerts(CorrelatedAlerts alerts) {
        this.alerts = alerts;
    }

    @EventListener
    void on(BatchNonconformances batch) {
        AlertCause cause = AlertCause.batch(batch.material(), batch.batch());
        if (batch.open().isEmpty()) {
            alerts.cleared(cause, Sentence.of("mail.correlated.batch-cleared", batch.batch(), batch.material()));
            return;
        }
        String names = String.join(
                ", ", batch.open().stream().map(BatchNonconformances.Open::name).toList());
        alerts.occurred(
                cause,
                batch.open().stream().map(BatchNonconformances.Open::recordId).toList(),
                "non-conformances open on batch " + batch.batch() + " of material " + batch.material() + ": " + names,
                r -> r.text(
                        "mail.correlated.batch-open",
                        batch.batch(),
                        batch.material(),
                        batch.open().size(),
                        names));
    }

    @EventListener
    void on(RoomExcursions room) {
        AlertCause cause = AlertCause.room(room.room());
        if (!room.drafted().isEmpty()) {
            String titles = String.join(
                    "; ",
                    room.drafted().stream().map(RoomExcursions.Drafted::title).toList());
            alerts.occurred(
                    cause,
                    room.drafted().stream()
                            .map(RoomExcursions.Drafted::episodeId)
                            .toList(),
                    "excursions in room " + room.room() + " became NC drafts: " + titles,
                    r -> r.text(
                            "mail.correlated.room-drafted",
                            room.room(),
                            room.drafted().size(),
                            titles));
        }
        if (!room.anyOpen()) {
            alerts.cleared(cause, Sentence.of("mail.correlated.room-cleared", room.room()));
        }
    }
}
