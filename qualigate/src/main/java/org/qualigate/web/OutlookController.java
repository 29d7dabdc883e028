package org.qualigate.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.report.ComplianceReport;
import org.qualigate.report.ExpiryOutlook;
import org.qualigate.report.LineTrainingMatrix;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The data behind the pictures: {@code GET /api/v1/reports/training-matrix?site=&line=} (a line's people × the
 * qualifications its roles need, each cell's state) and {@code GET /api/v1/reports/expiries?site=} (per line and
 * role, who lapses within 30, 60 and 90 days unless a qualification is renewed).
 */
@RestController
class OutlookController {

    private final LineTrainingMatrix matrix;
    private final ExpiryOutlook expiries;
    private final PlantDefinition plant;

    OutlookController(LineTrainingMatrix matrix, ExpiryOutlook expiries, PlantDefinition plant) {
        this.matrix = matrix;
        this.expiries = expiries;
        this.plant = plant;
    }

    @GetMapping("/api/v1/reports/training-matrix")
    MatrixView trainingMatrix(
            @RequestParam(required = false) @Nullable String site,
            @RequestParam(required = false) @Nullable String line,
            @RequestParam(defaultValue = "30") int expiringWithinDays) {
        String s = site(site);
        if (line == null || line.isBlank()) {
            throw new ApiErrors.InvalidParameter("line", "is required");
        }
        if (expiringWithinDays < 0 || expiringWithinDays > 3650) {
            throw new ApiErrors.InvalidParameter("expiringWithinDays", "must be between 0 and 3650");
        }
        LineTrainingMatrix.Matrix m = matrix.of(s, line.strip(), expiringWithinDays)
                .orElseThrow(() -> new ApiErrors.InvalidParameter("line", "is not a line of site " + s + ": " + line));
        return matrixView(m);
    }

    /** The training matrix answer, its fields in the order the API has always written them. */
    record MatrixView(
            String site,
            String line,
            String lineName,
            List<String> roles,
            String at,
            int expiringWithinDays,
            List<ColumnView> qualifications,
            List<RowView> people,
            Map<String, Integer> counts) {}

    /** A column: a qualification the line's roles need. */
    record ColumnView(String code, String name, boolean lineSpecific) {}

    /** A row: a person, the line's roles they hold, and a cell per qualification. */
    record RowView(String employeeId, String name, List<String> roles, List<CellView> cells) {}

    /** A cell: its state, and where a record stands for it, the record's expiry (HR calendar day) and evidence. */
    record CellView(
            String code,
            String state,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String expiresOn,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String evidence) {}

    /** The matrix as the API answers it; {@code counts} has every state, in the states' order, 0 where none. */
    static MatrixView matrixView(LineTrainingMatrix.Matrix m) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ComplianceReport.State state : ComplianceReport.State.values()) {
            counts.put(state.name(), m.counts().getOrDefault(state, 0));
        }
        return new MatrixView(
                m.site(),
                m.line().code(),
                m.line().name(),
                m.roles(),
                m.at().toString(),
                m.expiringWithinDays(),
                m.columns().stream()
                        .map(c -> new ColumnView(c.code(), c.name(), c.lineSpecific()))
                        .toList(),
                m.rows().stream()
                        .map(r -> new RowView(
                                r.employeeId(),
                                r.name(),
                                r.roles(),
                                r.cells().stream().map(OutlookController::cell).toList()))
                        .toList(),
                counts);
    }

    @GetMapping("/api/v1/reports/expiries")
    OutlookView expiries(@RequestParam(required = false) @Nullable String site) {
        String s = site(site);
        ExpiryOutlook.Outlook o = expiries.of(s).orElseThrow();
        return outlookView(o);
    }

    /** The expiry outlook answer: per line (none for the roles on no line) and role, who lapses in which window. */
    record OutlookView(String site, String at, List<Integer> windowsInDays, List<LineView> lines) {}

    /** A line, or the site's roles on no line (line and name null). */
    record LineView(@Nullable String line, @Nullable String name, List<RoleView> roles) {}

    /** A role: how many lapse in each window, and who. */
    record RoleView(String role, List<Integer> lapsing, List<LapseView> people) {}

    /**
     * One person whose role lapses, and the qualification whose expiry ends it, or the instrument (asset number)
     * whose calibration falls due and its due date (the site's calendar day).
     */
    record LapseView(
            String employeeId,
            String name,
            String lapsesAt,
            int withinDays,
            @Nullable String qualification,
            @Nullable String qualificationName,
            @Nullable String instrument,
            @Nullable String calibrationDueOn) {}

    static OutlookView outlookView(ExpiryOutlook.Outlook o) {
        return new OutlookView(
                o.site(),
                o.at().toString(),
                o.windows(),
                o.lines().stream()
                        .map(l -> new LineView(
                                l.line() == null ? null : l.line().code(),
                                l.line() == null ? null : l.line().name(),
                                l.roles().stream()
                                        .map(r -> new RoleView(
                                                r.role(),
                                                r.counts(),
                                                r.people().stream()
                                                        .map(OutlookController::lapse)
                                                        .toList()))
                                        .toList()))
                        .toList());
    }

    private String site(@Nullable String site) {
        if (site == null || site.isBlank()) {
            throw new ApiErrors.InvalidParameter("site", "is required");
        }
        if (plant.current().site(site.strip()).isEmpty()) {
            throw new ApiErrors.InvalidParameter("site", "is not a site of the plant: " + site);
        }
        return site.strip();
    }

    private static CellView cell(LineTrainingMatrix.Cell c) {
        ComplianceReport.Requirement r = c.requirement();
        boolean recorded = r != null && r.dates() != null;
        String expiresOn = recorded && r.dates().expiresOn() != null
                ? r.dates().expiresOn().toString()
                : null;
        return new CellView(c.code(), c.state().name(), expiresOn, recorded ? r.evidence() : null);
    }

    private static LapseView lapse(ExpiryOutlook.Lapse l) {
        return new LapseView(
                l.employeeId(),
                l.name(),
                l.lapsesAt().toString(),
                ExpiryOutlook.WINDOWS.get(l.window()),
                l.code(),
                l.codeName(),
                l.instrument(),
                l.calibrationDue() == null ? null : l.calibrationDue().toString());
    }
}
