package org.qualigate.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qualigate.monitoring.AlertView;
import org.qualigate.monitoring.CorrelatedAlerts;
import org.qualigate.settings.AlertRules;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The alerts correlated by root cause (decision 0075), those not cleared first, then the most recently seen; with the
 * alert rules in force and their version. {@code ?state=open} leaves out the cleared ones.
 */
@RestController
class AlertsController {

    private final CorrelatedAlerts alerts;
    private final AlertRules rules;

    AlertsController(CorrelatedAlerts alerts, AlertRules rules) {
        this.alerts = alerts;
        this.rules = rules;
    }

    @GetMapping("/api/v1/alerts")
    Answer alerts(@RequestParam(defaultValue = "all") String state, @RequestParam(defaultValue = "100") int limit) {
        if (!state.equals("all") && !state.equals("open")) {
            throw new ApiErrors.InvalidParameter("state", "must be open or all");
        }
        if (limit < 1 || limit > 1000) {
            throw new ApiErrors.InvalidParameter("limit", "must be from 1 to 1000");
        }
        Map<String, AlertRules.Rule> inForce = new LinkedHashMap<>();
        AlertRules.KINDS.forEach(k -> inForce.put(k, rules.of(k)));
        return new Answer(alerts.recent(state.equals("open"), limit), inForce);
    }

    /** The alerts and the rules in force, by kind of cause. */
    record Answer(List<AlertView> alerts, Map<String, AlertRules.Rule> rules) {}
}
