package org.qualigate.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.SiteTime;
import org.qualigate.report.ComplianceReport.Line;
import org.qualigate.report.ComplianceReport.Report;
import org.qualigate.report.ComplianceReport.Requirement;
import org.qualigate.report.ComplianceReport.Unjustified;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compliance report as JSON: streamed person by person ({@link #writeJson}), or as a view for a download of the
 * whole report in memory ({@link #view}); both the shape CONTRACT.md gives.
 */
public final class ComplianceReportJson {

    private static final JsonMapper PRINTED = JsonMapper.builder().build();

    private ComplianceReportJson() {}

    /** The report as JSON (the shape of {@link #view}), written person by person as it is computed. */
    public static void writeJson(
            String site,
            SiteTime.PointInTime at,
            Instant knownAt,
            int expiringWithinDays,
            ComplianceReport.Lines lines,
            JsonGenerator g) {
        g.writeStartObject();
        g.writeStringProperty("site", site);
        at.view().forEach((name, value) -> g.writeStringProperty(name, value.toString()));
        g.writeStringProperty("knownAt", knownAt.toString());
        g.writeName("expiringWithinDays");
        g.writeNumber(expiringWithinDays);
        g.writeName("count");
        g.writeNumber(lines.count());
        if (lines.next() != null) {
            g.writeStringProperty("next", lines.next());
        }
        g.writeName("people");
        g.writeStartArray();
        lines.forEach(line -> writeLine(g, line));
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
    }

    private static void writeLine(JsonGenerator g, Line line) {
        g.writeStartObject();
        g.writeStringProperty("employeeId", line.employeeId());
        g.writeStringProperty("name", line.name());
        property(g, "jobTitle", line.jobTitle());
        g.writeName("measuredAgainst");
        g.writeStartObject();
        g.writeStringProperty("kind", line.measuredAgainst().kind());
        g.writeStringProperty("description", line.measuredAgainst().description());
        g.writeEndObject();
        g.writeName("rolesRequired");
        g.writeStartArray();
        line.rolesRequired().forEach(g::writeString);
        g.writeEndArray();
        g.writeName("qualifications");
        g.writeStartArray();
        for (Requirement r : line.qualifications()) {
            g.writeStartObject();
            g.writeStringProperty("code", r.code());
            g.writeStringProperty("state", r.state().label());
            if (r.printed() != null) {
                // the dates, evidence and authority as the planner rendered them (decision 0049)
                g.writeRaw(',');
                g.writeRaw(r.printed());
            } else {
                if (r.dates() != null) {
                    r.dates().fields((name, value) -> property(g, name, value));
                }
                property(g, "evidence", r.evidence());
                property(g, "authority", r.authority());
            }
            g.writeName("requiredBy");
            g.writeStartArray();
            r.requiredBy().forEach(g::writeString);
            g.writeEndArray();
            property(g, "detail", r.detail());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeName("rolesJustified");
        g.writeStartArray();
        line.rolesJustified().forEach(g::writeString);
        g.writeEndArray();
        g.writeName("accessWithoutBasis");
        g.writeStartArray();
        for (Unjustified u : line.accessWithoutBasis()) {
            g.writeStartObject();
            g.writeStringProperty("target", u.target());
            g.writeStringProperty("role", u.role());
            g.writeStringProperty("kind", u.kind());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Absent values are left out, as everywhere in the API ({@code default-property-inclusion: non_null}). */
    private static void property(JsonGenerator g, String name, @Nullable String value) {
        if (value != null) {
            g.writeStringProperty(name, value);
        }
    }

    /** The JSON view (states as their labels). */
    public static Map<String, Object> view(Report report, SiteTime.PointInTime at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("site", report.site());
        m.putAll(at.view());
        m.put("knownAt", report.knownAt());
        m.put("expiringWithinDays", report.expiringWithinDays());
        m.put("count", report.people().size());
        List<Map<String, Object>> people = new ArrayList<>();
        for (Line line : report.people()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("employeeId", line.employeeId());
            p.put("name", line.name());
            p.put("jobTitle", line.jobTitle());
            p.put("measuredAgainst", line.measuredAgainst());
            p.put("rolesRequired", line.rolesRequired());
            List<Map<String, Object>> quals = new ArrayList<>();
            for (Requirement r : line.qualifications()) {
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("code", r.code());
                q.put("state", r.state().label());
                if (r.printed() != null) {
                    PRINTED.readTree("{" + r.printed() + "}")
                            .properties()
                            .forEach(f -> q.put(f.getKey(), f.getValue().asString()));
                }
                if (r.dates() != null) {
                    r.dates().fields((name, value) -> {
                        if (value != null) {
                            q.put(name, value);
                        }
                    });
                }
                if (r.evidence() != null) {
                    q.put("evidence", r.evidence());
                }
                if (r.authority() != null) {
                    q.put("authority", r.authority());
                }
                q.put("requiredBy", r.requiredBy());
                if (r.detail() != null) {
                    q.put("detail", r.detail());
                }
                quals.add(q);
            }
            p.put("qualifications", quals);
            p.put("rolesJustified", line.rolesJustified());
            p.put("accessWithoutBasis", line.accessWithoutBasis());
            people.add(p);
        }
        m.put("people", people);
        return m;
    }
}
