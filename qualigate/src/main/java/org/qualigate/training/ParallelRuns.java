package org.qualigate.training;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.qualigate.training.TrainingParallelRun.Classification;
import org.qualigate.training.TrainingParallelRun.Line;
import org.qualigate.training.TrainingParallelRun.Report;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The parallel-run reports and their lines as stored, and the writes the sync held back for the QMS's authority. */
@Component
class ParallelRuns {

    private final JdbcClient jdbc;

    ParallelRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The reason per external id of the writes held back because the QMS owns the record, for these people. */
    Map<String, String> heldBack(String[] people) {
        Map<String, String> heldBack = new HashMap<>();
        jdbc.sql("""
                        SELECT external_id, message FROM training_review
                        WHERE employee_id = ANY(?) AND kind = 'AUTHORITY'""")
                .param(people)
                .query((rs, n) -> heldBack.put(rs.getString(1), rs.getString(2)))
                .list();
        return heldBack;
    }

    void store(Report report) {
        jdbc.sql("""
                        INSERT INTO parallel_run (id, site, period_from, period_to, uploaded_by, uploaded_at,
                            export_sha256, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")
                .params(
                        report.id(),
                        report.site(),
                        Timestamp.from(report.from()),
                        Timestamp.from(report.to()),
                        report.uploadedBy(),
                        Timestamp.from(report.uploadedAt()),
                        report.exportSha256(),
                        TrainingConflicts.JSON.writeValueAsString(report.summary()))
                .update();
        int seq = 0;
        for (Line l : report.lines()) {
            jdbc.sql("""
                            INSERT INTO parallel_run_line (run_id, seq, employee_id, course_code, classification,
                                manual_value, qualigate_value, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            report.id(),
                            seq++,
                            l.employeeId(),
                            l.courseCode(),
                            l.classification().name(),
                            l.manual(),
                            l.qualigate(),
                            l.reason())
                    .update();
        }
    }

    @SuppressWarnings("unchecked")
    List<Report> list() {
        return jdbc.sql("SELECT * FROM parallel_run ORDER BY uploaded_at DESC, id LIMIT 200")
                .query((rs, n) -> new Report(
                        rs.getObject("id", UUID.class),
                        rs.getString("site"),
                        rs.getTimestamp("period_from").toInstant(),
                        rs.getTimestamp("period_to").toInstant(),
                        rs.getString("uploaded_by"),
                        rs.getTimestamp("uploaded_at").toInstant(),
                        rs.getString("export_sha256"),
                        TrainingConflicts.JSON.readValue(rs.getString("summary"), LinkedHashMap.class),
                        List.of()))
                .list();
    }

    @SuppressWarnings("unchecked")
    Optional<Report> find(UUID id) {
        return jdbc.sql("SELECT * FROM parallel_run WHERE id = ?")
                .param(id)
                .query((rs, n) -> new Report(
                        id,
                        rs.getString("site"),
                        rs.getTimestamp("period_from").toInstant(),
                        rs.getTimestamp("period_to").toInstant(),
                        rs.getString("uploaded_by"),
                        rs.getTimestamp("uploaded_at").toInstant(),
                        rs.getString("export_sha256"),
                        TrainingConflicts.JSON.readValue(rs.getString("summary"), LinkedHashMap.class),
                        lines(id)))
                .optional();
    }

    private List<Line> lines(UUID id) {
        return jdbc.sql("SELECT * FROM parallel_run_line WHERE run_id = ? ORDER BY seq")
                .param(id)
                .query((r, i) -> new Line(
                        r.getString("employee_id"),
                        r.getString("course_code"),
                        Classification.valueOf(r.getString("classification")),
                        r.getString("manual_value"),
                        r.getString("qualigate_value"),
                        r.getString("reason")))
                .list();
    }
}
