package org.qualigate.ui;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.ReviewTask;
import org.qualigate.access.ReviewTasks;
import org.qualigate.audit.RecordsBegin;
import org.qualigate.delivery.DeadLetters;
import org.qualigate.delivery.TargetReconciliation;
import org.qualigate.intake.InboundEvents;
import org.qualigate.monitoring.DeliveryCondition;
import org.qualigate.monitoring.DeliveryMonitor;
import org.qualigate.report.ComplianceHistory;
import org.qualigate.text.Sentence;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The dashboard: how delivery stands (throughput, backlog, error rate, breakers), what waits for people,
 * and compliance per site over the last days as a chart drawn on the server (loaded after the page, so the
 * page itself answers at once).
 */
@Controller
class DashboardPage {

    private static final String[] COLOURS = {"#1f6fb2", "#c2571a", "#2e8b57", "#8a3ea8", "#a33", "#555"};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 220;
    private static final int LEFT = 44;
    private static final int BOTTOM = 28;
    private static final int TOP = 12;

    private final DeliveryMonitor monitor;
    private final InboundEvents events;
    private final DeadLetters deadLetters;
    private final ReviewTasks reviewTasks;
    private final ComplianceHistory history;
    private final PlantDefinition plant;
    private final TargetReconciliation reconciliation;
    private final RecordsBegin recordsBegin;

    private final MessageSource messages;

    DashboardPage(
            DeliveryMonitor monitor,
            InboundEvents events,
            DeadLetters deadLetters,
            ReviewTasks reviewTasks,
            ComplianceHistory history,
            PlantDefinition plant,
            TargetReconciliation reconciliation,
            RecordsBegin recordsBegin,
            MessageSource messages) {
        this.reconciliation = reconciliation;
        this.recordsBegin = recordsBegin;
        this.messages = messages;
        this.monitor = monitor;
        this.events = events;
        this.deadLetters = deadLetters;
        this.reviewTasks = reviewTasks;
        this.history = history;
        this.plant = plant;
    }

    @GetMapping("/")
    String dashboard(Model model) {
        DeliveryCondition condition = monitor.assess();
        var s = condition.snapshot();
        model.addAttribute("condition", condition);
        model.addAttribute("snapshot", s);
        // figures for people: the reader's decimal separator ("2,5 %" in German); the chart's coordinates stay ROOT
        Locale reader = LocaleContextHolder.getLocale();
        model.addAttribute(
                "errorRate", s.recentAttempts() == 0 ? "–" : String.format(reader, "%.1f %%", s.errorRate() * 100));
        model.addAttribute(
                "latency", String.format(reader, "%.2f s", s.latencyP99().toMillis() / 1000.0));
        model.addAttribute(
                "oldestWaiting",
                s.oldestWaiting().map(d -> d.toSeconds() + " s").orElse("nothing waiting"));
        model.addAttribute("eventsToReview", events.awaitingReview(1000).size());
        model.addAttribute("deadLetters", deadLetters.open().size());
        model.addAttribute(
                "tasksToReview", reviewTasks.list(ReviewTask.Status.OPEN).size());
        // a page model for the template, not an answer: each run's row by the names the dashboard reads
        List<Map<String, Object>> runs = new ArrayList<>();
        for (String target : reconciliation.targetNames()) {
            Optional<TargetReconciliation.Run> last = reconciliation.last(target);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("target", target);
            r.put("mode", reconciliation.settings().modeOf(target).name().toLowerCase(Locale.ROOT));
            r.put("at", last.map(TargetReconciliation.Run::startedAt).orElse(null));
            r.put("error", last.map(TargetReconciliation.Run::error).orElse(null));
            r.put("extra", last.map(TargetReconciliation.Run::extra).orElse(0));
            r.put("missing", last.map(TargetReconciliation.Run::missing).orElse(0));
            r.put("waiting", last.map(TargetReconciliation.Run::waiting).orElse(0));
            r.put("corrections", last.map(TargetReconciliation.Run::corrections).orElse(0));
            runs.add(r);
        }
        model.addAttribute("reconciliations", runs);
        return "dashboard";
    }

    /** Reconciles a target now (the button on the dashboard); the result is on the dashboard. */
    @PostMapping("/targets/{target}/reconcile")
    String reconcile(@PathVariable String target, Authentication user, RedirectAttributes redirect) {
        Optional<TargetReconciliation.Run> run =
                reconciliation.run(target, TargetReconciliation.Trigger.ON_DEMAND, "user:" + user.getName());
        redirect.addFlashAttribute(
                "notice",
                run.map(r -> reconciled(target, r)).orElse(Sentence.of("form.notice.reconcile-no-target", target)));
        return "redirect:/#reconciliations";
    }

    /** What a reconciliation run found, said on the dashboard; the target's own failure is quoted as it answered. */
    private static Sentence reconciled(String target, TargetReconciliation.Run r) {
        if (r.error() != null) {
            return Sentence.of("form.notice.reconcile-failed", target, Sentence.Quoted.english(r.error()));
        }
        return Sentence.of(
                r.mode() == TargetReconciliation.Mode.ENFORCE
                        ? "form.notice.reconciled-enforce"
                        : "form.notice.reconciled-observe",
                target,
                r.membersRead(),
                r.extra(),
                r.missing(),
                r.corrections());
    }

    /** The chart fragment: one line per site, a point per day start and one for now. */
    @GetMapping("/dashboard/compliance-chart")
    String chart(@RequestParam(defaultValue = "14") int days, Model model) {
        int n = Math.max(2, Math.min(days, 60));
        List<Series> series = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> sites = plant.current().sites().keySet().stream().sorted().toList();
        int colour = 0;
        boolean leftOut = false;
        // the points are the days in UTC (the history's), their names in the reader's language
        Locale locale = LocaleContextHolder.getLocale();
        DateTimeFormatter day = DateTimeFormatter.ofPattern(messages.getMessage("format.date", null, locale), locale);
        DateTimeFormatter dayAndMonth =
                DateTimeFormatter.ofPattern(messages.getMessage("format.day-month", null, locale), locale);
        for (String site : sites) {
            List<ComplianceHistory.Point> points = history.of(site, n);
            StringBuilder line = new StringBuilder();
            List<Dot> dots = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) {
                double x = LEFT + (WIDTH - LEFT - 10) * (double) i / (points.size() - 1);
                double y = TOP + (HEIGHT - TOP - BOTTOM) * (1 - points.get(i).percent() / 100.0);
                // a day before the records begin has no point: nothing was known then, so 0 % would be invented
                // (now, the last point, is never before them)
                if (i < points.size() - 1 && recordsBegin.before(points.get(i).at())) {
                    leftOut = true;
                } else {
                    line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                    dots.add(dot(site, points.get(i), x, y, day, locale));
                }
                if (labels.size() < points.size()) {
                    labels.add(
                            i == points.size() - 1
                                    ? messages.getMessage("dashboard.chart.now", null, locale)
                                    : points.get(i)
                                            .at()
                                            .atOffset(ZoneOffset.UTC)
                                            .format(dayAndMonth));
                }
            }
            double last = points.getLast().percent();
            series.add(new Series(
                    site,
                    COLOURS[colour++ % COLOURS.length],
                    line.toString().trim(),
                    dots,
                    String.format(LocaleContextHolder.getLocale(), "%.1f %%", last)));
        }
        model.addAttribute("series", series);
        model.addAttribute("recordsBegin", leftOut ? recordsBegin.at().orElse(null) : null);
        model.addAttribute("xTicks", xTicks(labels));
        model.addAttribute("yTicks", yTicks());
        model.addAttribute("width", WIDTH);
        model.addAttribute("height", HEIGHT);
        model.addAttribute("left", LEFT);
        model.addAttribute("axisY", HEIGHT - BOTTOM);
        return "dashboard-chart :: chart";
    }

    /** A point of a site's line, its tooltip in the reader's words. */
    private Dot dot(
            String site, ComplianceHistory.Point point, double x, double y, DateTimeFormatter day, Locale locale) {
        return new Dot(
                String.format(Locale.ROOT, "%.1f", x),
                String.format(Locale.ROOT, "%.1f", y),
                messages.getMessage(
                        "dashboard.chart.point",
                        new Object[] {
                            site,
                            point.at().atOffset(ZoneOffset.UTC).format(day),
                            point.percent(),
                            point.required(),
                            point.byMatrix(),
                            point.byRolesHeld()
                        },
                        locale));
    }

    /** The days along the x axis: every other one, and always the last, so labels never overlap. */
    private static List<Tick> xTicks(List<String> labels) {
        List<Tick> xTicks = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            if (i % 2 == (labels.size() - 1) % 2) {
                double x = LEFT + (WIDTH - LEFT - 10) * (double) i / (labels.size() - 1);
                xTicks.add(new Tick(String.format(Locale.ROOT, "%.1f", x), labels.get(i)));
            }
        }
        return xTicks;
    }

    /** The percentages along the y axis, every quarter. */
    private static List<Tick> yTicks() {
        List<Tick> yTicks = new ArrayList<>();
        for (int p = 0; p <= 100; p += 25) {
            double y = TOP + (HEIGHT - TOP - BOTTOM) * (1 - p / 100.0);
            yTicks.add(new Tick(String.format(Locale.ROOT, "%.1f", y), p + " %"));
        }
        return yTicks;
    }

    /** One site's line. */
    record Series(String site, String colour, String points, List<Dot> dots, String latest) {}

    /** One point with its tooltip. */
    record Dot(String x, String y, String title) {}

    /** An axis label at a position. */
    record Tick(String at, String label) {}
}
