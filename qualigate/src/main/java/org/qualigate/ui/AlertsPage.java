package org.qualigate.ui;

import java.util.LinkedHashMap;
import java.util.Map;
import org.qualigate.monitoring.CorrelatedAlerts;
import org.qualigate.settings.AlertRules;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The alerts correlated by root cause, open ones first, with their counts and times, and the rules in force. */
@Controller
class AlertsPage {

    private final CorrelatedAlerts alerts;
    private final AlertRules rules;

    AlertsPage(CorrelatedAlerts alerts, AlertRules rules) {
        this.alerts = alerts;
        this.rules = rules;
    }

    @GetMapping("/alerts")
    String alerts(Model model) {
        model.addAttribute("alerts", alerts.recent(false, 200));
        Map<String, AlertRules.Rule> inForce = new LinkedHashMap<>();
        AlertRules.KINDS.forEach(k -> inForce.put(k, rules.of(k)));
        model.addAttribute("rules", inForce);
        return "alerts";
    }
}
