package org.qualigate.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.SiteTime;
import org.qualigate.audit.RecordsBegin;
import org.qualigate.report.ComplianceReport.Line;
import org.qualigate.report.ComplianceReport.Report;
import org.qualigate.report.ComplianceReport.Requirement;
import org.qualigate.report.ComplianceReport.Unjustified;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/**
 * The compliance report as JSON, the shape CONTRACT.md gives: streamed a chunk of people at a time, or a report worked
 * out whole in memory (a download) written the same way.
 */
public final class ComplianceReportJson {

    private ComplianceReportJson() {}

    /**
     * The report as JSON, written as it is computed: each chunk of people is encoded
     * to UTF-8 on the thread that worked it out, so the caller's thread only copies bytes to {@code g}'s output.
     */
    public static void writeJson(
            String site,
            SiteTime.PointInTime at,
            Instant knownAt,
            int expiringWithinDays,
            RecordsBegin.Known records,
            ComplianceReport.Lines lines,
            JsonGenerator g) {
        g.writeStartObject();
        g.writeStringProperty("site", site);
        at.view().fields(g::writeStringProperty);
        g.writeStringProperty("knownAt", knownAt.toString());
        writeRecordsBegin(records, g);
        g.writeName("expiringWithinDays");
        g.writeNumber(expiringWithinDays);
        g.writeName("count");
        g.writeNumber(lines.count());
        if (lines.next() != null) {
            g.writeStringProperty("next", lines.next());
        }
        g.writeName("people");
        g.writeStartArray();
        g.flush();
        // the people are written as bytes past the generator (which has flushed), then it closes the array
        Object target = g.streamWriteOutputTarget();
        boolean[] first = {true};
        lines.forEachChunk(ChunkJson.encoder(g), chunk -> {
            if (chunk.isEmpty()) {
                return;
            }
            if (!first[0]) {
                comma(g, target);
            }
            first[0] = false;
            chunk.writeTo(g, target);
        });
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
    }

    /**
     * When Qualigate's records begin ({@code null} while there are none), whether the answer's instant of knowledge
     * lies before them, so that it has no finding to give, and whether its instant does, so that what the targets held
     * then is not known (decision 0095); every past-instant answer writes these three.
     */
    public static void writeRecordsBegin(RecordsBegin.Known records, JsonGenerator g) {
        Instant begin = records.recordsBegin();
        if (begin == null) {
            g.writeNullProperty("recordsBegin");
        } else {
            g.writeStringProperty("recordsBegin", begin.toString());
        }
        g.writeBooleanProperty("beforeRecordsBegin", records.beforeRecordsBegin());
        g.writeBooleanProperty("targetsHeldUnknown", records.targetsHeldUnknown());
    }

    private static void comma(JsonGenerator g, Object target) {
        if (target instanceof OutputStream out) {
            try {
                out.write(',');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            g.writeRaw(',');
            g.flush();
        }
    }

    private static final SerializableString EMPLOYEE_ID = new SerializedString("employeeId");
    private static final SerializableString NAME = new SerializedString("name");
    private static final SerializableString JOB_TITLE = new SerializedString("jobTitle");
    private static final SerializableString MEASURED_AGAINST = new SerializedString("measuredAgainst");
    private static final SerializableString KIND = new SerializedString("kind");
    private static final SerializableString DESCRIPTION = new SerializedString("description");
    private static final SerializableString ROLES_REQUIRED = new SerializedString("rolesRequired");
    private static final SerializableString QUALIFICATIONS = new SerializedString("qualifications");
    private static final SerializableString CODE = new SerializedString("code");
    private static final SerializableString STATE = new SerializedString("state");
    private static final SerializableString REQUIRED_BY = new SerializedString("requiredBy");
    private static final SerializableString DETAIL = new SerializedString("detail");
    private static final SerializableString ROLES_JUSTIFIED = new SerializedString("rolesJustified");
    private static final SerializableString ACCESS_WITHOUT_BASIS = new SerializedString("accessWithoutBasis");
    private static final SerializableString TARGET = new SerializedString("target");
    private static final SerializableString ROLE = new SerializedString("role");

    /**
     * One person's line with a generator (the chunks are written so when the caller's settings are not those {@link
     * ChunkJson} writes directly); the names are encoded once ({@link SerializedString}), the values as they come.
     */
    static void writeLine(JsonGenerator g, Line line) {
        g.writeStartObject();
        g.writeName(EMPLOYEE_ID);
        g.writeString(line.employeeId());
        g.writeName(NAME);
        g.writeString(line.name());
        property(g, JOB_TITLE, line.jobTitle());
        g.writeName(MEASURED_AGAINST);
        g.writeStartObject();
        g.writeName(KIND);
        g.writeString(line.measuredAgainst().kind());
        g.writeName(DESCRIPTION);
        g.writeString(line.measuredAgainst().description());
        g.writeEndObject();
        strings(g, ROLES_REQUIRED, line.rolesRequired());
        g.writeName(QUALIFICATIONS);
        g.writeStartArray();
        for (Requirement r : line.qualifications()) {
            writeRequirement(g, r);
        }
        g.writeEndArray();
        strings(g, ROLES_JUSTIFIED, line.rolesJustified());
        g.writeName(ACCESS_WITHOUT_BASIS);
        g.writeStartArray();
        for (Unjustified u : line.accessWithoutBasis()) {
            g.writeStartObject();
            g.writeName(TARGET);
            g.writeString(u.target());
            g.writeName(ROLE);
            g.writeString(u.role());
            g.writeName(KIND);
            g.writeString(u.kind());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeRequirement(JsonGenerator g, Requirement r) {
        g.writeStartObject();
        g.writeName(CODE);
        g.writeString(r.code());
        g.writeName(STATE);
        g.writeString(r.state().label());
        if (r.printed() != null) {
            // the dates, evidence and authority as the planner rendered them (decision 0049)
            g.writeRaw(',');
            g.writeRaw(r.printed().toString());
        } else {
            if (r.dates() != null) {
                r.dates().fields((name, value) -> property(g, name, value));
            }
            property(g, "evidence", r.evidence());
            property(g, "authority", r.authority());
        }
        strings(g, REQUIRED_BY, r.requiredBy());
        property(g, DETAIL, r.detail());
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, SerializableString name, List<String> values) {
        g.writeName(name);
        g.writeStartArray();
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }

    private static void property(JsonGenerator g, SerializableString name, @Nullable String value) {
        if (value != null) {
            g.writeName(name);
            g.writeString(value);
        }
    }

    /** Absent values are left out, as everywhere in the API ({@code default-property-inclusion: non_null}). */
    private static void property(JsonGenerator g, String name, @Nullable String value) {
        if (value != null) {
            g.writeStringProperty(name, value);
        }
    }

    /**
     * A report worked out whole in memory (a download) as JSON: the lines as one chunk, written as {@link #writeJson}
     * writes an answer's.
     */
    public static void writeJson(Report report, SiteTime.PointInTime at, RecordsBegin.Known records, JsonGenerator g) {
        List<Line> people = report.people();
        writeJson(
                report.site(),
                at,
                report.knownAt(),
                report.expiringWithinDays(),
                records,
                new ComplianceReport.Lines(people.size(), null, new ComplianceReport.Chunks() {
                    @Override
                    public <T> void run(Function<List<Line>, T> work, Consumer<T> sink) {
                        sink.accept(work.apply(people));
                    }
                }),
                g);
    }
}
