package org.qualigate.monitoring;

import java.util.List;
import java.util.Optional;
import org.qualigate.delivery.DeliveryOverview;

/** Delivery judged against the monitoring limits: UP, or DEGRADED with the reasons why. */
public record DeliveryCondition(
        Status status,
        List<String> reasons,
        DeliveryOverview.Snapshot snapshot,
        Optional<SyntheticProbe.Result> probe) {

    /** UP, or DEGRADED: still working, but slower, failing more or refusing calls to a target. */
    public enum Status {
        UP,
        DEGRADED
    }

    public DeliveryCondition {
        reasons = List.copyOf(reasons);
    }
}
