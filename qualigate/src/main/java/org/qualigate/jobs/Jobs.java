package org.qualigate.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks for long work and reads where it stands: a job is stored queued (with who asked and for what, audited
 * {@code job.requested}) and, once committed, the runner of this instance is woken to take it; any instance
 * may take it instead. Jobs are read back by id or as the most recent.
 */
@Service
public class Jobs {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    static final String COLUMNS = "id, kind, title, parameters::text AS parameters, input_name, requested_by, "
            + "requested_at, state, progress_done, progress_total, progress_note, started_at, finished_at, "
            + "result_path, result_label, error";

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final JobRunner runner;

    public Jobs(JdbcClient jdbc, AuditTrail audit, Clock clock, JobRunner runner) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.runner = runner;
    }

    /** The kinds of work this instance can run. */
    public Set<String> kinds() {
        return runner.kinds();
    }

    /**
     * Queues a job of a known kind; its input (an uploaded file) is kept with it until it ends. Refused with an
     * {@link IllegalArgumentException} for a kind no handler runs (a bug, not input).
     */
    @Transactional
    public Job submit(
            String kind,
            String title,
            Map<String, String> parameters,
            byte @Nullable [] input,
            @Nullable String inputName,
            String requestedBy) {
        if (!runner.kinds().contains(kind)) {
            throw new IllegalArgumentException("no handler runs jobs of kind " + kind);
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT INTO background_job (id, kind, title, parameters, input, input_name, requested_by,
                            requested_at, state)
                        VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, 'QUEUED')""")
                .params(
                        id,
                        kind,
                        title,
                        JSON.writeValueAsString(parameters),
                        input,
                        inputName,
                        requestedBy,
                        Timestamp.from(now))
                .update();
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("kind", kind);
        value.put("title", title);
        value.put("parameters", parameters);
        if (inputName != null) {
            value.put("input", inputName);
            value.put("inputBytes", input == null ? 0 : input.length);
        }
        audit.append(
                new AuditRecord(requestedBy, "job.requested", "job", id.toString(), null, null, value, title, null));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    runner.wake();
                }
            });
        }
        return find(id).orElseThrow();
    }

    public Optional<Job> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM background_job WHERE id = ?")
                .param(id)
                .query(Jobs::job)
                .optional();
    }

    /** The most recent jobs, newest first, of one person or of everyone. */
    public List<Job> recent(@Nullable String requestedBy, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM background_job WHERE (?::text IS NULL OR requested_by = ?) "
                        + "ORDER BY requested_at DESC, id LIMIT ?")
                .params(requestedBy, requestedBy, limit)
                .query(Jobs::job)
                .list();
    }

    static Job job(ResultSet rs, int n) throws SQLException {
        Map<String, Object> read = JSON.readValue(rs.getString("parameters"), Map.class);
        Map<String, String> parameters = read.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
        long total = rs.getLong("progress_total");
        boolean noTotal = rs.wasNull();
        return new Job(
                rs.getObject("id", UUID.class),
                rs.getString("kind"),
                rs.getString("title"),
                parameters,
                rs.getString("input_name"),
                rs.getString("requested_by"),
                rs.getTimestamp("requested_at").toInstant(),
                Job.State.valueOf(rs.getString("state")),
                rs.getLong("progress_done"),
                noTotal ? null : total,
                rs.getString("progress_note"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getString("result_path"),
                rs.getString("result_label"),
                rs.getString("error"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
