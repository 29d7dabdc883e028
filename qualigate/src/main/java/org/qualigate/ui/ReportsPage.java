package org.qualigate.ui;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.SiteTime;
import org.qualigate.audit.RecordsBegin;
import org.qualigate.jobs.Job;
import org.qualigate.jobs.Jobs;
import org.qualigate.report.ComplianceReport;
import org.qualigate.report.ComplianceReportCsv;
import org.qualigate.report.ComplianceReportJson;
import org.qualigate.report.MonthlyReportOnDemand;
import org.qualigate.report.MonthlyReports;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;

/**
 * Reports: the compliance of a site at a day (on screen, JSON or CSV), and the monthly compliance reports,
 * listed for download and produced again on demand.
 */
@Controller
class ReportsPage {

    private final ComplianceReport compliance;
    private final MonthlyReports monthly;
    private final PlantDefinition plant;
    private final ObjectMapper json;
    private final Clock clock;
    private final Jobs jobs;
    private final RecordsBegin recordsBegin;

    ReportsPage(
            ComplianceReport compliance,
            MonthlyReports monthly,
            PlantDefinition plant,
            ObjectMapper json,
            Clock clock,
            Jobs jobs,
            RecordsBegin recordsBegin) {
        this.jobs = jobs;
        this.recordsBegin = recordsBegin;
        this.compliance = compliance;
        this.monthly = monthly;
        this.plant = plant;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/reports")
    String reports(
            @RequestParam(defaultValue = "") String site,
            @RequestParam(defaultValue = "") String at,
            @RequestParam(defaultValue = "") String time,
            @RequestParam(defaultValue = "html") String format,
            @RequestParam(defaultValue = "") String q,
            @RequestParam(defaultValue = "all") String show,
            @RequestParam(defaultValue = "id") String sort,
            @RequestParam(defaultValue = "1") int page,
            @RequestParam(defaultValue = "") String known,
            Model model) {
        model.addAttribute(
                "sites", plant.current().sites().keySet().stream().sorted().toList());
        model.addAttribute(
                "zones",
                plant.current().sites().values().stream()
                        .sorted(java.util.Comparator.comparing(s -> s.code()))
                        .map(s -> s.code() + " " + s.zone().getId())
                        .toList());
        model.addAttribute("monthly", monthly.list());
        model.addAttribute("previousMonth", monthly.previousMonth().toString());
        model.addAttribute("siteForm", Map.of("site", site, "at", at, "time", time));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        if (!site.isEmpty() || !at.isEmpty() || !time.isEmpty()) {
            FieldErrors errors = new FieldErrors();
            SiteTime.PointInTime point = pointInTime(site, at, time, errors);
            if (errors.any() || point == null) {
                model.addAttribute("errors", errors.asMap());
            } else if (beforeRecords(point, known)) {
                showBeforeRecords(model, site, at, time, point);
            } else {
                showReport(model, site, at, time, point, known, q, show, sort, page);
            }
        }
        return "reports";
    }

    /**
     * Nothing was known at the instant asked about as known then: a report would only list every requirement as
     * missing. The page says when the records begin and offers the instant as known now.
     */
    private void showBeforeRecords(Model model, String site, String at, String time, SiteTime.PointInTime point) {
        model.addAttribute("beforeRecords", recordsBegin.at().orElseThrow());
        model.addAttribute("beforeRecordsSite", site);
        model.addAttribute("point", point);
        Map<String, String> knownNow = new java.util.LinkedHashMap<>();
        knownNow.put("site", site);
        knownNow.put("at", at);
        knownNow.put("time", time);
        knownNow.put("known", "now");
        model.addAttribute("knownNowQuery", PageModel.queryOf(knownNow));
    }

    private void showReport(
            Model model,
            String site,
            String at,
            String time,
            SiteTime.PointInTime point,
            String known,
            String q,
            String show,
            String sort,
            int page) {
        Shown shown = shown(site, point, knownAt(point, known), q, show, sort, page);
        ComplianceReport.Report report = shown.report();
        ReportRows rows = shown.rows();
        model.addAttribute("report", report);
        model.addAttribute("point", point);
        model.addAttribute("knownAt", SiteTime.of(plant.current(), site).given(report.knownAt(), clock.instant()));
        model.addAttribute("knownNow", known.equals("now") ? "now" : "");
        // an instant before the records begin (as known now): what the targets held then is not known (decision 0095)
        model.addAttribute(
                "targetsKnownFrom",
                recordsBegin.known(point.at(), report.knownAt()).targetsHeldUnknown()
                        ? recordsBegin.at().orElse(null)
                        : null);
        model.addAttribute(
                "siteRoles",
                plant.current().rules().rolesAt(site).stream()
                        .map(r -> r.value())
                        .toList());
        model.addAttribute("rows", rows);
        model.addAttribute("lines", lines(rows.page()));
        Map<String, String> view = new java.util.LinkedHashMap<>();
        view.put("site", site);
        view.put("at", at);
        view.put("time", time);
        view.put("q", rows.text());
        view.put("show", rows.show());
        view.put("sort", rows.sort());
        view.put("known", known.equals("now") ? "now" : "");
        model.addAttribute("rowsQuery", PageModel.queryOf(view));
    }

    /** The report (all of it, or the page shown) and the rows of the page. */
    private record Shown(ComplianceReport.Report report, ReportRows rows) {}

    private Shown shown(
            String site, SiteTime.PointInTime point, Instant knownAt, String q, String show, String sort, int page) {
        if (!ReportRows.inReportOrder(q, show, sort)) {
            // searched, filtered or sorted across everyone: the whole report
            ComplianceReport.Report report = compliance.of(site, point.at(), knownAt, 30);
            return new Shown(report, ReportRows.of(report.people(), q, show, sort, page));
        }
        // everyone in employee order: only the page shown is worked out (decision 0049)
        int n = Math.max(1, page);
        ComplianceReport.Lines lines =
                compliance.pageAt(site, point.at(), knownAt, 30, (n - 1) * ReportRows.PAGE, ReportRows.PAGE);
        List<ComplianceReport.Line> people = new ArrayList<>();
        lines.forEach(people::add);
        return new Shown(
                new ComplianceReport.Report(site, point.at(), knownAt, 30, people),
                ReportRows.ofPage(people, lines.count(), n));
    }

    /**
     * The people of one page of the report with each required qualification's validity stated at the site, the
     * roles that require it and what is short, what each was measured against and the access held without basis, for
     * the table.
     */
    static List<Map<String, Object>> lines(List<ComplianceReport.Line> people) {
        // a page model for the template, not an answer
        List<Map<String, Object>> lines = new ArrayList<>();
        for (ComplianceReport.Line l : people) {
            List<Map<String, Object>> quals = new ArrayList<>();
            for (ComplianceReport.Requirement r : l.qualifications()) {
                quals.add(Map.of("code", r.code(), "state", r.state().name(), "dates", ReportHover.of(r)));
            }
            lines.add(Map.of(
                    "line",
                    l,
                    "qualifications",
                    quals,
                    "basis",
                    ReportLineSaid.measuredAgainst(l.measuredAgainst()),
                    "withoutBasis",
                    l.accessWithoutBasis().stream()
                            .map(ReportLineSaid::withoutBasis)
                            .toList()));
        }
        return lines;
    }

    @GetMapping("/reports/compliance")
    ResponseEntity<byte[]> download(
            @RequestParam(defaultValue = "") String site,
            @RequestParam(defaultValue = "") String at,
            @RequestParam(defaultValue = "") String time,
            @RequestParam(defaultValue = "csv") String format,
            @RequestParam(defaultValue = "") String known) {
        FieldErrors errors = new FieldErrors();
        SiteTime.PointInTime point = pointInTime(site, at, time, errors);
        if (!format.equals("csv") && !format.equals("json")) {
            errors.reject("format", org.qualigate.text.Sentence.of("form.error.json-csv"));
        }
        if (errors.any() || point == null) {
            return ResponseEntity.badRequest()
                    .contentType(MediaType.TEXT_PLAIN)
                    .body(errors.asMap().toString().getBytes(StandardCharsets.UTF_8));
        }
        Instant knownAt = knownAt(point, known);
        if (beforeRecords(point, known)) {
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .contentType(MediaType.TEXT_PLAIN)
                    .body(("Qualigate knew nothing at " + point.at() + ": its records begin at "
                                    + recordsBegin.at().orElseThrow()
                                    + ". Ask for the report as known now (known=now).")
                            .getBytes(StandardCharsets.UTF_8));
        }
        ComplianceReport.Report report = compliance.of(site, point.at(), knownAt, 30);
        RecordsBegin.Known records = recordsBegin.known(point.at(), knownAt);
        String name = "compliance-" + site + "-" + point.day();
        return format.equals("json")
                ? AuditPage.download(name + ".json", MediaType.APPLICATION_JSON, downloadJson(report, point, records))
                : AuditPage.download(
                        name + ".csv",
                        MediaType.parseMediaType("text/csv; charset=UTF-8"),
                        ComplianceReportCsv.csv(report, point, records).getBytes(StandardCharsets.UTF_8));
    }

    /** The whole report as JSON, written as the API writes its answer. */
    private byte[] downloadJson(
            ComplianceReport.Report report, SiteTime.PointInTime point, RecordsBegin.Known records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = json.createGenerator(out)) {
            ComplianceReportJson.writeJson(report, point, records, g);
        }
        return out.toByteArray();
    }

    /**
     * Whether the report is asked of a past instant as known then, before Qualigate's records begin. As known now,
     * and now itself, it never is (only a clock set back in a test could put now before the first entry).
     */
    private boolean beforeRecords(SiteTime.PointInTime point, String known) {
        return !known.equals("now")
                && point.kind() != SiteTime.PointInTime.Kind.NOW
                && recordsBegin.before(knownAt(point, known));
    }

    /**
     * A past instant is reported as Qualigate knew it then, as the API does by default; {@code known=now} reports
     * it as known now (what the records say today about that instant).
     */
    private Instant knownAt(SiteTime.PointInTime point, String known) {
        Instant now = clock.instant();
        return known.equals("now") || !point.at().isBefore(now) ? now : point.at();
    }

    /**
     * The instant the report answers for: the site's day ({@code at}, empty for today) at the time of day given
     * there, or — without a time — at the end of that day, or now for today. A day or time still ahead is refused.
     */
    private SiteTime.@Nullable PointInTime pointInTime(String site, String at, String time, FieldErrors errors) {
        if (site.isBlank()) {
            errors.reject("site", org.qualigate.text.Sentence.of("form.error.choose-site"));
        } else if (plant.current().site(site).isEmpty()) {
            errors.reject("site", org.qualigate.text.Sentence.of("form.error.not-a-site"));
        }
        LocalDate day = null;
        LocalTime timeOfDay = null;
        if (!at.isBlank()) {
            try {
                day = LocalDate.parse(at.trim());
            } catch (DateTimeParseException e) {
                errors.reject("at", org.qualigate.text.Sentence.of("form.error.date-or-today"));
            }
        }
        if (!time.isBlank()) {
            try {
                timeOfDay = LocalTime.parse(time.trim());
            } catch (DateTimeParseException e) {
                errors.reject("time", org.qualigate.text.Sentence.of("form.error.time"));
            }
        }
        if (errors.any()) {
            return null;
        }
        SiteTime siteTime = SiteTime.of(plant.current(), site);
        Instant now = clock.instant();
        SiteTime.PointInTime point = siteTime.pointInTime(day == null ? siteTime.today(now) : day, timeOfDay, now);
        if (point.inFuture()) {
            errors.reject(
                    timeOfDay == null ? "at" : "time",
                    org.qualigate.text.Sentence.of(
                            "form.error.report-ahead",
                            site,
                            new org.qualigate.text.Sentence.AtSite(now, siteTime.zone())));
            return null;
        }
        return point;
    }

    @PostMapping("/reports/monthly")
    String generate(
            @RequestParam(defaultValue = "") String month,
            Authentication user,
            Model model,
            RedirectAttributes redirect) {
        YearMonth ym = null;
        FieldErrors errors = new FieldErrors();
        try {
            ym = YearMonth.parse(month.trim());
            if (ym.isAfter(YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)))) {
                errors.reject("month", org.qualigate.text.Sentence.of("form.error.month-ahead"));
            }
        } catch (DateTimeParseException e) {
            errors.reject("month", org.qualigate.text.Sentence.of("form.error.month"));
        }
        if (errors.any() || ym == null) {
            model.addAttribute("errors", errors.asMap());
            model.addAttribute("monthForm", month);
            return reports("", "", "", "html", "", "all", "id", 1, "", model);
        }
        Job job = jobs.submit(
                MonthlyReportOnDemand.KIND,
                "Monthly report " + ym,
                Map.of("month", ym.toString()),
                null,
                null,
                user.getName());
        return "redirect:/jobs/" + job.id();
    }

    @GetMapping("/reports/monthly/{id}.{format}")
    ResponseEntity<byte[]> monthlyFile(@PathVariable UUID id, @PathVariable String format) {
        if (!format.equals("pdf") && !format.equals("csv")) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        MonthlyReports.Stored stored =
                monthly.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        byte[] body = monthly.file(id, format).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return AuditPage.download(
                "compliance-" + stored.month() + "." + format,
                format.equals("pdf") ? MediaType.APPLICATION_PDF : MediaType.parseMediaType("text/csv; charset=UTF-8"),
                body);
    }
}
