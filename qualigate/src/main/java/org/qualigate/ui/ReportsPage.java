package org.qualigate.ui;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.report.ComplianceReport;
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

    ReportsPage(
            ComplianceReport compliance,
            MonthlyReports monthly,
            PlantDefinition plant,
            ObjectMapper json,
            Clock clock) {
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
            @RequestParam(defaultValue = "html") String format,
            Model model) {
        model.addAttribute(
                "sites", plant.current().sites().keySet().stream().sorted().toList());
        model.addAttribute("monthly", monthly.list());
        model.addAttribute("previousMonth", monthly.previousMonth().toString());
        model.addAttribute("siteForm", Map.of("site", site, "at", at));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        if (!site.isEmpty() || !at.isEmpty()) {
            FieldErrors errors = new FieldErrors();
            Instant instant = instant(site, at, errors);
            if (errors.any()) {
                model.addAttribute("errors", errors.asMap());
            } else {
                model.addAttribute("report", compliance.of(site, instant, asKnownThen(instant), 30));
                model.addAttribute(
                        "siteRoles",
                        plant.current().rules().rolesAt(site).stream()
                                .map(r -> r.value())
                                .toList());
            }
        }
        return "reports";
    }

    @GetMapping("/reports/compliance")
    ResponseEntity<byte[]> download(
            @RequestParam(defaultValue = "") String site,
            @RequestParam(defaultValue = "") String at,
            @RequestParam(defaultValue = "csv") String format) {
        FieldErrors errors = new FieldErrors();
        Instant instant = instant(site, at, errors);
        if (!format.equals("csv") && !format.equals("json")) {
            errors.reject("format", "Choose JSON or CSV.");
        }
        if (errors.any()) {
            return ResponseEntity.badRequest()
                    .contentType(MediaType.TEXT_PLAIN)
                    .body(errors.asMap().toString().getBytes(StandardCharsets.UTF_8));
        }
        ComplianceReport.Report report = compliance.of(site, instant, asKnownThen(instant), 30);
        String name = "compliance-" + site + "-" + instant.toString().substring(0, 10);
        return format.equals("json")
                ? AuditPage.download(
                        name + ".json",
                        MediaType.APPLICATION_JSON,
                        json.writeValueAsBytes(ComplianceReport.view(report)))
                : AuditPage.download(
                        name + ".csv",
                        MediaType.parseMediaType("text/csv; charset=UTF-8"),
                        ComplianceReport.csv(report).getBytes(StandardCharsets.UTF_8));
    }

    /** A past instant is reported as Qualigate knew it then, as the API does by default. */
    private Instant asKnownThen(Instant at) {
        Instant now = clock.instant();
        return at.isBefore(now) ? at : now;
    }

    private @Nullable Instant instant(String site, String at, FieldErrors errors) {
        if (site.isBlank()) {
            errors.reject("site", "Choose a site.");
        } else if (plant.current().site(site).isEmpty()) {
            errors.reject("site", "Not a site of the plant.");
        }
        if (at.isBlank()) {
            return clock.instant();
        }
        try {
            LocalDate day = LocalDate.parse(at.trim());
            Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant now = clock.instant();
            // a day means "at the end of that day", and today means now
            return end.isAfter(now) ? now : end.minusMillis(1);
        } catch (DateTimeParseException e) {
            errors.reject("at", "Enter a date as YYYY-MM-DD, or leave it empty for now.");
            return null;
        }
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
                errors.reject("month", "This month has not begun yet.");
            }
        } catch (DateTimeParseException e) {
            errors.reject("month", "Enter a month as YYYY-MM, for example 2026-10.");
        }
        if (errors.any() || ym == null) {
            model.addAttribute("errors", errors.asMap());
            model.addAttribute("monthForm", month);
            return reports("", "", "html", model);
        }
        MonthlyReports.Stored stored = monthly.generate(ym, "user:" + user.getName());
        redirect.addFlashAttribute(
                "notice", "The report for " + ym + " is ready: " + stored.roleChanges() + " role change line(s).");
        return "redirect:/reports#monthly";
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
