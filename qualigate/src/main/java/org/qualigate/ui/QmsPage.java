package org.qualigate.ui;

import java.util.List;
import java.util.Map;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Verdict;
import org.qualigate.training.TrainingModes;
import org.qualigate.training.TrainingObservations;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The QMS sync at a glance: each site's mode (observe or enforce) with who chose it and why, the switch for QA
 * and administrators, and what the sync would write at a site in observe mode.
 */
@Controller
class QmsPage {

    private final TrainingModes modes;
    private final TrainingObservations observations;
    private final PlantDefinition plant;

    QmsPage(TrainingModes modes, TrainingObservations observations, PlantDefinition plant) {
        this.modes = modes;
        this.observations = observations;
        this.plant = plant;
    }

    @GetMapping("/qms")
    String qms(@RequestParam(defaultValue = "") String site, Authentication user, Model model) {
        List<TrainingModes.SiteMode> all = modes.all();
        model.addAttribute("modes", all);
        model.addAttribute("sites", sites());
        model.addAttribute("maySwitch", maySwitch(user));
        // the observations shown: the chosen site, else the first site in observe mode
        String shown = plant.current().site(site).isPresent()
                ? site
                : all.stream()
                        .filter(m -> m.mode() == TrainingModes.Mode.OBSERVE)
                        .map(TrainingModes.SiteMode::site)
                        .findFirst()
                        .orElse("");
        model.addAttribute("observedSite", shown);
        model.addAttribute(
                "observedMode", shown.isEmpty() ? "" : modes.of(shown).name());
        model.addAttribute("observations", shown.isEmpty() ? List.of() : observations.of(shown));
        PageModel.blankFormUnlessRefused(model);
        return "qms";
    }

    @PostMapping("/qms/modes")
    String change(
            @RequestParam(defaultValue = "") String site,
            @RequestParam(defaultValue = "") String mode,
            @RequestParam(defaultValue = "") String reason,
            Authentication user,
            Model model,
            RedirectAttributes redirect) {
        FieldErrors errors = new FieldErrors();
        if (site.isBlank()) {
            errors.reject("site", org.qualigate.text.Sentence.of("form.error.choose-site"));
        } else if (plant.current().site(site).isEmpty()) {
            errors.reject("site", org.qualigate.text.Sentence.of("form.error.not-a-site"));
        }
        if (!mode.equals("OBSERVE") && !mode.equals("ENFORCE")) {
            errors.reject("mode", org.qualigate.text.Sentence.of("form.error.mode"));
        } else if (!errors.any() && modes.of(site).name().equals(mode)) {
            errors.reject(
                    "mode",
                    org.qualigate.text.Sentence.of(
                            "form.error.mode-already",
                            site,
                            org.qualigate.text.Sentence.of(
                                    "dashboard.mode." + mode.toLowerCase(java.util.Locale.ROOT))));
        }
        if (reason.isBlank()) {
            errors.reject("reason", org.qualigate.text.Sentence.of("form.error.mode-reason"));
        } else if (reason.length() > 2000) {
            errors.reject("reason", org.qualigate.text.Sentence.of("form.error.at-most-2000"));
        }
        if (!errors.any()) {
            Verdict<TrainingModes.SiteMode> v = modes.change(site, mode, "user:" + user.getName(), reason.trim());
            if (v.refusal() == null) {
                redirect.addFlashAttribute(
                        "notice",
                        org.qualigate.text.Sentence.of(
                                "form.notice.qms-mode",
                                site,
                                org.qualigate.text.Sentence.of("dashboard.mode."
                                        + v.value().mode().name().toLowerCase(java.util.Locale.ROOT))));
                return "redirect:/qms?site=" + site;
            }
            v.refusal().errors().forEach(e -> errors.reject(e.field() == null ? "mode" : e.field(), e.said()));
            if (!errors.any()) {
                errors.reject("mode", v.refusal().whole().said());
            }
        }
        model.addAttribute("errors", errors.asMap());
        model.addAttribute("form", Map.of("site", site, "mode", mode, "reason", reason));
        return qms(site, user, model);
    }

    private List<String> sites() {
        return plant.current().sites().keySet().stream().sorted().toList();
    }

    static boolean maySwitch(Authentication user) {
        return PageModel.has(user, "QA_APPROVER") || PageModel.has(user, "ADMINISTRATOR");
    }
}
