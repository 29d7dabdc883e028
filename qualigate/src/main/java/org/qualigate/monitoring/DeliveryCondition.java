package org.qualigate.monitoring;

import java.util.List;
import java.util.Optional;
import org.qualigate.delivery.DeliveryOverview;
import org.qualigate.text.Sentence;

/**
 * Delivery judged against the monitoring limits: UP, or DEGRADED with the reasons why — in English for the health
 * endpoint and the operators' log ({@code reasons}), and as sentences for a page or an e-mail to say in its
 * reader's language ({@code said}, one per reason, in the same order).
 */
public record DeliveryCondition(
        Status status,
        List<String> reasons,
        List<Sentence> said,
        DeliveryOverview.Snapshot snapshot,
        Optional<SyntheticProbe.Result> probe) {

    /** UP, or DEGRADED: still working, but slower, failing more or refusing calls to a target. */
    public enum Status {
        UP,
        DEGRADED
    }

    public DeliveryCondition {
        reasons = List.copyOf(reasons);
        said = List.copyOf(said);
    }
}
