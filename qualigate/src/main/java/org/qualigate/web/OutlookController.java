package org.qualigate.web;

import java.util.LinkedHashMap;
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
    Map<String, Object> trainingMatrix(
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
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("site", m.site());
        out.put("line", m.line().code());
        out.put("lineName", m.line().name());
        out.put("roles", m.roles());
        out.put("at", m.at().toString());
        out.put("expiringWithinDays", m.expiringWithinDays());
        out.put(
                "qualifications",
                m.columns().stream()
                        .map(c -> Map.of("code", c.code(), "name", c.name(), "lineSpecific", c.lineSpecific()))
                        .toList());
        out.put(
                "people",
                m.rows().stream()
                        .map(r -> {
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("employeeId", r.employeeId());
                            row.put("name", r.name());
                            row.put("roles", r.roles());
                            row.put(
                                    "cells",
                                    r.cells().stream()
                                            .map(OutlookController::cell)
                                            .toList());
                            return row;
                        })
                        .toList());
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ComplianceReport.State state : ComplianceReport.State.values()) {
            counts.put(state.name(), m.counts().getOrDefault(state, 0));
        }
        out.put("counts", counts);
        return out;
    }

    @GetMapping("/api/v1/reports/expiries")
    Map<String, Object> expiries(@RequestParam(required = false) @Nullable String site) {
        String s = site(site);
        ExpiryOutlook.Outlook o = expiries.of(s).orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("site", o.site());
        out.put("at", o.at().toString());
        out.put("windowsInDays", o.windows());
        out.put(
                "lines",
                o.lines().stream()
                        .map(l -> {
                            Map<String, Object> line = new LinkedHashMap<>();
                            line.put("line", l.line() == null ? null : l.line().code());
                            line.put("name", l.line() == null ? null : l.line().name());
                            line.put(
                                    "roles",
                                    l.roles().stream()
                                            .map(r -> {
                                                Map<String, Object> role = new LinkedHashMap<>();
                                                role.put("role", r.role());
                                                role.put("lapsing", r.counts());
                                                role.put(
                                                        "people",
                                                        r.people().stream()
                                                                .map(OutlookController::lapse)
                                                                .toList());
                                                return role;
                                            })
                                            .toList());
                            return line;
                        })
                        .toList());
        return out;
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

    private static Map<String, Object> cell(LineTrainingMatrix.Cell c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", c.code());
        m.put("state", c.state().name());
        ComplianceReport.Requirement r = c.requirement();
        if (r != null && r.dates() != null) {
            m.put(
                    "expiresOn",
                    r.dates().expiresOn() == null ? null : r.dates().expiresOn().toString());
            m.put("evidence", r.evidence());
        }
        return m;
    }

    private static Map<String, Object> lapse(ExpiryOutlook.Lapse l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("employeeId", l.employeeId());
        m.put("name", l.name());
        m.put("lapsesAt", l.lapsesAt().toString());
        m.put("withinDays", ExpiryOutlook.WINDOWS.get(l.window()));
        m.put("qualification", l.code());
        m.put("qualificationName", l.codeName());
        return m;
    }
}
