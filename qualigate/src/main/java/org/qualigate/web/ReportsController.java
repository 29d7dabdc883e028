package org.qualigate.web;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.report.ComplianceReport;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reports: {@code GET /api/v1/reports/compliance?site=&at=&expiringWithinDays=}, JSON or ({@code Accept: text/csv}) CSV. */
@RestController
class ReportsController {

    private final ComplianceReport compliance;
    private final PlantDefinition plant;
    private final Clock clock;

    ReportsController(ComplianceReport compliance, PlantDefinition plant, Clock clock) {
        this.compliance = compliance;
        this.plant = plant;
        this.clock = clock;
    }

    @GetMapping(value = "/api/v1/reports/compliance", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> complianceJson(
            @RequestParam(required = false) @Nullable String site,
            @RequestParam(required = false) @Nullable String at,
            @RequestParam(defaultValue = "30") int expiringWithinDays) {
        return ComplianceReport.view(report(site, at, expiringWithinDays));
    }

    @GetMapping(value = "/api/v1/reports/compliance", produces = "text/csv")
    ResponseEntity<String> complianceCsv(
            @RequestParam(required = false) @Nullable String site,
            @RequestParam(required = false) @Nullable String at,
            @RequestParam(defaultValue = "30") int expiringWithinDays) {
        ComplianceReport.Report report = report(site, at, expiringWithinDays);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("text/csv; charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"compliance-" + report.site() + ".csv\"")
                .body(ComplianceReport.csv(report));
    }

    private ComplianceReport.Report report(@Nullable String site, @Nullable String at, int expiringWithinDays) {
        if (site == null || site.isBlank()) {
            throw new ApiErrors.InvalidParameter("site", "is required");
        }
        if (plant.current().site(site).isEmpty()) {
            throw new ApiErrors.InvalidParameter("site", "is not a site of the plant definition: " + site);
        }
        if (expiringWithinDays < 0 || expiringWithinDays > 3650) {
            throw new ApiErrors.InvalidParameter("expiringWithinDays", "must be between 0 and 3650");
        }
        Instant instant = Instants.at(at, "at", clock);
        return compliance.of(site, instant, expiringWithinDays);
    }
}
