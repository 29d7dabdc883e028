package org.qualigate.ui;

import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.qualigate.quality.QualitySla;
import org.qualigate.quality.QualityView;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Quality events: each non-conformance with the ERP state of the batch it names and why, the batches parked because
 * the ERP does not know them, the events kept for review, and the service level per interface with its breaches; and
 * the dashboard's small panel of the same figures.
 */
@Controller
class QualityPage {

    private static final Duration WINDOW = Duration.ofDays(1);

    private final QualityView quality;

    QualityPage(QualityView quality) {
        this.quality = quality;
    }

    @GetMapping("/quality")
    String quality(Model model) {
        model.addAttribute("configured", quality.configured());
        model.addAttribute("rows", quality.nonconformances(false, 200));
        model.addAttribute("parked", quality.batches(true, 200));
        model.addAttribute("setAside", quality.setAside(50));
        model.addAttribute("capas", quality.capas(200));
        model.addAttribute("breaches", quality.slaBreaches(WINDOW, 50));
        sla(model);
        return "quality";
    }

    /** The dashboard's panel, loaded after the page. */
    @GetMapping("/dashboard/quality")
    String panel(Model model) {
        model.addAttribute("configured", quality.configured());
        model.addAttribute("parkedCount", quality.batches(true, 1000).size());
        sla(model);
        return "dashboard-quality :: panel";
    }

    private void sla(Model model) {
        var all = quality.sla(WINDOW);
        QualitySla.Summary block = all.get(QualitySla.Interface.ERP_BLOCK);
        QualitySla.Summary release = all.get(QualitySla.Interface.ERP_RELEASE);
        model.addAttribute("block", block);
        model.addAttribute("release", release);
        model.addAttribute("blockWithin", minutes(quality.slaSettings().blockWithin()));
        model.addAttribute("releaseWithin", minutes(quality.slaSettings().releaseWithin()));
        model.addAttribute("blockP50", seconds(block.p50()));
        model.addAttribute("blockMax", seconds(block.max()));
        model.addAttribute("now", quality.now());
    }

    private static String minutes(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    private static String seconds(@Nullable Duration d) {
        return d == null ? "–" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
