package org.qualigate.monitoring;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.qualigate.delivery.DeliveryOverview;
import org.qualigate.text.Sentence;
import org.springframework.stereotype.Component;

/**
 * A target's outage as one alert (decision 0075), judged at each check from what delivery holds, so it is
 * level-triggered and right after any crash: while deliveries to the target are failing (their last attempt failed,
 * or its breaker holds them back) each failing person is one occurrence, counted once; once none is failing and the
 * breaker is closed again, the alert clears.
 */
@Component
class TargetAlerts {

    /** More failing people than this are not named one by one at a check; the rest are counted at the next. */
    private static final int AT_MOST = 10_000;

    private final DeliveryOverview overview;
    private final CorrelatedAlerts alerts;

    TargetAlerts(DeliveryOverview overview, CorrelatedAlerts alerts) {
        this.overview = overview;
        this.alerts = alerts;
    }

    /** Counts, opens or clears each target's alert; answers the targets that are out now. */
    Set<String> observe(DeliveryOverview.Snapshot snapshot) {
        Set<String> out = new TreeSet<>();
        for (DeliveryOverview.TargetState t : snapshot.targets()) {
            List<String> failing = overview.failing(t.name(), AT_MOST);
            boolean breakerClosed = t.breaker().equals("CLOSED") || t.breaker().equals("NONE");
            AlertCause cause = AlertCause.target(t.name());
            if (!failing.isEmpty()) {
                out.add(t.name());
                String breaker = breakerClosed
                        ? "closed"
                        : t.breaker().toLowerCase(Locale.ROOT).replace('_', '-');
                alerts.occurred(
                        cause,
                        failing,
                        "deliveries to " + t.name() + " are failing (" + failing.size()
                                + " people waiting; circuit breaker " + t.breaker() + ")",
                        r -> r.text(
                                "mail.correlated.target-failing",
                                t.name(),
                                failing.size(),
                                r.text("dashboard.breaker." + breaker)));
            } else if (breakerClosed) {
                alerts.cleared(cause, Sentence.of("mail.correlated.target-recovered", t.name()));
            } else {
                out.add(t.name());
            }
        }
        return out;
    }
}
