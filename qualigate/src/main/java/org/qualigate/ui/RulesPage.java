package org.qualigate.ui;

import org.qualigate.access.PlantDefinition;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The rules in force, read-only: sites, each role with its requirement sets and grace period, and the file. */
@Controller
class RulesPage {

    private final PlantDefinition plant;

    RulesPage(PlantDefinition plant) {
        this.plant = plant;
    }

    @GetMapping("/rules")
    String rules(Model model) {
        var current = plant.current();
        model.addAttribute("plant", current);
        model.addAttribute(
                "sites",
                current.sites().values().stream()
                        .sorted(java.util.Comparator.comparing(s -> s.code()))
                        .toList());
        model.addAttribute("rules", current.rules().rules());
        // each rule's role at each site it applies to: the way to "who held it, and why"
        java.util.Map<String, java.util.List<String>> holders = new java.util.LinkedHashMap<>();
        for (var rule : current.rules().rules()) {
            holders.put(
                    rule.role().value(),
                    current.sites().keySet().stream()
                            .sorted()
                            .filter(rule::appliesTo)
                            .map(site -> rule.roleAt(site).value())
                            .toList());
        }
        model.addAttribute("holders", holders);
        model.addAttribute("matrix", current.trainingMatrix().jobs());
        return "rules";
    }
}
