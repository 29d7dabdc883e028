package org.qualigate.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.report.ComplianceReport;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;

/**
 * Reports: {@code GET /api/v1/reports/compliance?site=&at=&knownAt=&expiringWithinDays=}, JSON or
 * ({@code Accept: text/csv}) CSV.
 */
@RestController
class ReportsController {

    private final ComplianceReport compliance;
    private final PlantDefinition plant;
    private final Clock clock;
    private final ObjectMapper json;

    ReportsController(ComplianceReport compliance, PlantDefinition plant, Clock clock, ObjectMapper json) {
        this.json = json;
        this.compliance = compliance;
        this.plant = plant;
        this.clock = clock;
    }

    @GetMapping(value = "/api/v1/reports/compliance", produces = MediaType.APPLICATION_JSON_VALUE)
    void complianceJson(
            @RequestParam(required = false) @Nullable String site,
            @RequestParam(required = false) @Nullable String at,
            @RequestParam(required = false) @Nullable String knownAt,
            @RequestParam(defaultValue = "30") int expiringWithinDays,
            HttpServletResponse response)
            throws IOException {
        Instant instant = checked(site, at, expiringWithinDays);
        Instant known = Instants.knownAt(knownAt, instant, clock.instant());
        ComplianceReport.Lines lines = compliance.lines(site, instant, known, expiringWithinDays);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        try (JsonGenerator g = json.createGenerator(response.getOutputStream())) {
            ComplianceReport.writeJson(site, instant, known, expiringWithinDays, lines, g);
        }
    }

    @GetMapping(value = "/api/v1/reports/compliance", produces = "text/csv")
    void complianceCsv(
            @RequestParam(required = false) @Nullable String site,
            @RequestParam(required = false) @Nullable String at,
            @RequestParam(required = false) @Nullable String knownAt,
            @RequestParam(defaultValue = "30") int expiringWithinDays,
            HttpServletResponse response)
            throws IOException {
        Instant instant = checked(site, at, expiringWithinDays);
        Instant known = Instants.knownAt(knownAt, instant, clock.instant());
        ComplianceReport.Lines lines = compliance.lines(site, instant, known, expiringWithinDays);
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"compliance-" + site + ".csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        ComplianceReport.writeCsv(site, instant, known, lines, out);
        out.flush();
    }

    /** The site (required, of the plant) and the instant; the report is streamed once they are valid. */
    private Instant checked(@Nullable String site, @Nullable String at, int expiringWithinDays) {
        if (site == null || site.isBlank()) {
            throw new ApiErrors.InvalidParameter("site", "is required");
        }
        if (plant.current().site(site).isEmpty()) {
            throw new ApiErrors.InvalidParameter("site", "is not a site of the plant definition: " + site);
        }
        if (expiringWithinDays < 0 || expiringWithinDays > 3650) {
            throw new ApiErrors.InvalidParameter("expiringWithinDays", "must be between 0 and 3650");
        }
        return Instants.at(at, "at", clock);
    }
}
