package org.qualigate.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.SiteTime;
import org.qualigate.audit.RecordsBegin;
import org.qualigate.report.ComplianceReport;
import org.qualigate.report.ComplianceReportCsv;
import org.qualigate.report.ComplianceReportJson;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;

/**
 * Reports: {@code GET /api/v1/reports/compliance?site=&at=|day=&time=&knownAt=&expiringWithinDays=}, JSON or
 * ({@code Accept: text/csv}) CSV, each saying when Qualigate's records begin and whether the instant of knowledge
 * lies before them (decision 0095).
 */
@RestController
class ReportsController {

    private final ComplianceReport compliance;
    private final PlantDefinition plant;
    private final Clock clock;
    private final ObjectMapper json;
    private final RecordsBegin recordsBegin;

    ReportsController(
            ComplianceReport compliance,
            PlantDefinition plant,
            Clock clock,
            ObjectMapper json,
            RecordsBegin recordsBegin) {
        this.json = json;
        this.recordsBegin = recordsBegin;
        this.compliance = compliance;
        this.plant = plant;
        this.clock = clock;
    }

    /**
     * The response buffer of a streamed answer: a whole report is 136 MB for 100,000 people, sent in chunks of this
     * size rather than the container's 8 KB (a sixteenth of the writes to the socket; decision 0055).
     */
    static final int STREAMED_BUFFER = 128 * 1024;

    @GetMapping(value = "/api/v1/reports/compliance", produces = MediaType.APPLICATION_JSON_VALUE)
    void complianceJson(
            @RequestParam(required = false) @Nullable String site,
            @RequestParam(required = false) @Nullable String at,
            @RequestParam(required = false) @Nullable String day,
            @RequestParam(required = false) @Nullable String time,
            @RequestParam(required = false) @Nullable String knownAt,
            @RequestParam(defaultValue = "30") int expiringWithinDays,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String after,
            HttpServletResponse response)
            throws IOException {
        SiteTime.PointInTime point = checked(site, at, day, time, expiringWithinDays);
        Instant known = Instants.knownAt(knownAt, point.at(), clock.instant());
        Paging paging = Paging.of(limit, after);
        ComplianceReport.Lines lines = paging == null
                ? compliance.lines(site, point.at(), known, expiringWithinDays, ComplianceReport.Use.JSON)
                : compliance.page(
                        site,
                        point.at(),
                        known,
                        expiringWithinDays,
                        paging.after(),
                        paging.limit(),
                        ComplianceReport.Use.JSON);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setBufferSize(STREAMED_BUFFER);
        try (JsonGenerator g = json.createGenerator(response.getOutputStream())) {
            ComplianceReportJson.writeJson(
                    site, point, known, expiringWithinDays, recordsBegin.known(point.at(), known), lines, g);
        }
    }

    @GetMapping(value = "/api/v1/reports/compliance", produces = "text/csv")
    void complianceCsv(
            @RequestParam(required = false) @Nullable String site,
            @RequestParam(required = false) @Nullable String at,
            @RequestParam(required = false) @Nullable String day,
            @RequestParam(required = false) @Nullable String time,
            @RequestParam(required = false) @Nullable String knownAt,
            @RequestParam(defaultValue = "30") int expiringWithinDays,
            HttpServletResponse response)
            throws IOException {
        SiteTime.PointInTime point = checked(site, at, day, time, expiringWithinDays);
        Instant known = Instants.knownAt(knownAt, point.at(), clock.instant());
        ComplianceReport.Lines lines =
                compliance.lines(site, point.at(), known, expiringWithinDays, ComplianceReport.Use.VALUES);
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"compliance-" + site + ".csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        ComplianceReportCsv.writeCsv(site, point, known, recordsBegin.known(point.at(), known), lines, out);
        out.flush();
    }

    /**
     * The site (required, of the plant) and the instant the report answers for: {@code at} (RFC 3339), or the
     * site's {@code day} with an optional {@code time} of day there (default: the end of that day, or now for
     * today); the report is streamed once they are valid.
     */
    private SiteTime.PointInTime checked(
            @Nullable String site,
            @Nullable String at,
            @Nullable String day,
            @Nullable String time,
            int expiringWithinDays) {
        if (site == null || site.isBlank()) {
            throw new ApiErrors.InvalidParameter("site", "is required");
        }
        if (plant.current().site(site).isEmpty()) {
            throw new ApiErrors.InvalidParameter("site", "is not a site of the plant definition: " + site);
        }
        if (expiringWithinDays < 0 || expiringWithinDays > 3650) {
            throw new ApiErrors.InvalidParameter("expiringWithinDays", "must be between 0 and 3650");
        }
        SiteTime siteTime = SiteTime.of(plant.current(), site);
        Instant now = clock.instant();
        boolean hasDay = day != null && !day.isBlank();
        boolean hasTime = time != null && !time.isBlank();
        if (!hasDay) {
            if (hasTime) {
                throw new ApiErrors.InvalidParameter("time", "needs day: a time of day at the site on which day?");
            }
            return at == null || at.isBlank() ? siteTime.now(now) : siteTime.given(Instants.at(at, "at", clock), now);
        }
        if (at != null && !at.isBlank()) {
            throw new ApiErrors.InvalidParameter("day", "give either at (an instant) or day (and time), not both");
        }
        LocalDate d;
        try {
            d = LocalDate.parse(day.strip());
        } catch (DateTimeParseException e) {
            throw new ApiErrors.InvalidParameter("day", "must be a date YYYY-MM-DD (a calendar day at the site)");
        }
        LocalTime t = null;
        if (hasTime) {
            try {
                t = LocalTime.parse(time.strip());
            } catch (DateTimeParseException e) {
                throw new ApiErrors.InvalidParameter("time", "must be a time of day HH:mm at the site, e.g. 06:30");
            }
        }
        SiteTime.PointInTime point = siteTime.pointInTime(d, t, now);
        if (point.inFuture()) {
            throw new ApiErrors.InvalidParameter(
                    hasTime ? "time" : "day", "lies in the future at " + site + " (now " + siteTime.instant(now) + ")");
        }
        return point;
    }
}
