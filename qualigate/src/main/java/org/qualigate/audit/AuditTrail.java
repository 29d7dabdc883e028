package org.qualigate.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.trace.Traces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The audit trail. {@link #append} writes in the caller's transaction, so an entry exists exactly when
 * the change it records was committed. Entries are written unchained with the change; {@link AuditSealer}
 * numbers and hash-chains the committed ones shortly after, one sealer at a time across instances, so the
 * chain has one order and no business transaction waits for it (decision 0032). Readers see the chain with
 * everything committed before they asked: they seal what is pending first.
 */
@Service
public class AuditTrail {

    /** The hash that the first entry chains to. */
    public static final String GENESIS = "0".repeat(64);

    /** The setting that switches auditing off, for the benchmark's audited-versus-unaudited comparison only. */
    public static final String BENCH_AUDIT_OFF = "qualigate.bench.audit-off";

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final ObjectMapper json;
    private final Clock clock;
    private final AuditSealer sealer;
    private final TransactionTemplate snapshot;
    private final boolean off;

    public AuditTrail(
            JdbcClient jdbc,
            JdbcTemplate template,
            PlatformTransactionManager transactions,
            ObjectMapper json,
            Clock clock,
            AuditSealer sealer,
            Environment environment) {
        this.jdbc = jdbc;
        this.template = template;
        this.json = json;
        this.clock = clock;
        this.sealer = sealer;
        this.snapshot = new TransactionTemplate(transactions);
        // The chain and the unsealed horizon as of one instant.
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.off = auditOff(environment);
    }

    /**
     * Whether the benchmark switched auditing off. Refused (the service does not start) unless the
     * {@code bench} profile is active, so that no production configuration can turn the trail off by mistake.
     */
    static boolean auditOff(Environment environment) {
        boolean off = environment.getProperty(BENCH_AUDIT_OFF, Boolean.class, false);
        if (off && !environment.matchesProfiles("bench")) {
            throw new IllegalStateException(BENCH_AUDIT_OFF
                    + " is a benchmark setting and is refused unless the 'bench' profile is active: "
                    + "the audit trail cannot be switched off in service");
        }
        if (off) {
            log.warn(
                    "AUDITING IS OFF ({}=true, profile bench): nothing is recorded in the audit trail. "
                            + "For benchmarks only.",
                    BENCH_AUDIT_OFF);
        }
        return off;
    }

    /**
     * Appends one entry in the caller's transaction. The entry's time is taken now; it is written, with the
     * transaction's other entries in one batch, just before that transaction commits, and sealed into the
     * chain after it committed.
     */
    public void append(AuditRecord record) {
        // The caller's transaction is required (checked here rather than by a transactional proxy: this is called
        // several times for every event, and the check is all the proxy would do).
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException(
                    "an audit entry is written in the transaction of the change it records; none is active");
        }
        if (off) {
            return;
        }
        Staged staged = (Staged) TransactionSynchronizationManager.getResource(this);
        if (staged == null) {
            Staged pending = new Staged(new ArrayList<>());
            TransactionSynchronizationManager.bindResource(this, pending);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    write(pending.records());
                }

                @Override
                public void afterCommit() {
                    sealer.wake();
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(AuditTrail.this);
                }
            });
            staged = pending;
        }
        staged.records()
                .add(new Timed(
                        record,
                        clock.instant().truncatedTo(ChronoUnit.MICROS),
                        Traces.traceIdFor(record.employeeId())));
    }

    private void write(List<Timed> records) {
        if (records.isEmpty()) {
            return;
        }
        EntryColumns rows = new EntryColumns(records.size(), false);
        for (int i = 0; i < records.size(); i++) {
            Timed t = records.get(i);
            AuditRecord r = t.record();
            rows.content(
                    i,
                    new EntryContent(
                            t.at(),
                            r.actor(),
                            r.action(),
                            r.entityType(),
                            r.entityId(),
                            r.employeeId(),
                            text(r.oldValue()),
                            text(r.newValue()),
                            r.reason(),
                            r.correlationId(),
                            t.traceId()));
        }
        // the transaction's entries in one statement, in the order they were appended (the identity follows it)
        template.update(
                "INSERT INTO audit_pending (" + EntryColumns.CONTENT + ") SELECT " + EntryColumns.CONTENT
                        + " FROM unnest(" + EntryColumns.CONTENT_ARRAYS + ") WITH ORDINALITY AS e("
                        + EntryColumns.CONTENT + ", n) ORDER BY n",
                rows.content());
    }

    private @Nullable String text(@Nullable Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }

    /** A record staged for the commit, with its time and the trace in force when it was appended. */
    private record Timed(
            AuditRecord record, Instant at, @Nullable String traceId) {}

    private record Staged(List<Timed> records) {}

    /**
     * Recomputes the chain, streamed in sequence order with the hashes computed in parallel, and names the
     * first entry whose hash or link does not hold. Also says how many committed entries were not yet sealed
     * into the chain at that instant (the unsealed horizon), since those are not covered by it yet.
     */
    public AuditVerification verify() {
        return snapshot.execute(s -> {
            AuditSealer.Horizon horizon = sealer.horizon();
            return new ChainCheck(template).run().withHorizon(horizon.unsealed(), horizon.oldestOccurredAt());
        });
    }

    /** Seals what was committed and is not yet in the chain, unless the caller is inside a transaction. */
    private void sealFirst() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            sealer.sealIfPending();
        }
    }

    /** Entries matching the filter, oldest first, at most {@code limit}; what was committed before is sealed first. */
    public List<AuditEntry> find(AuditQuery query) {
        sealFirst();
        List<Object> params = new ArrayList<>();
        StringBuilder sql = where(query, params);
        sql.append(" ORDER BY seq LIMIT ?");
        params.add(query.limit());
        return jdbc.sql(sql.toString()).params(params).query(this::entry).list();
    }

    /**
     * Entries matching the filter, newest first, older than {@code beforeSeq} (and newer than the query's
     * {@code afterSeq}), at most {@code limit}: one page of a keyset walk back through the trail, as fast for the
     * millionth entry as for the first (no OFFSET). The next page starts before the last entry's seq.
     */
    public List<AuditEntry> findNewestFirst(AuditQuery query, long beforeSeq) {
        sealFirst();
        List<Object> params = new ArrayList<>();
        StringBuilder sql = where(query, params);
        sql.append(" AND seq < ? ORDER BY seq DESC LIMIT ?");
        params.add(beforeSeq);
        params.add(query.limit());
        return jdbc.sql(sql.toString()).params(params).query(this::entry).list();
    }

    /** How many entries match the filter, counted up to {@code cap} (a larger count is answered as {@code cap}). */
    public long count(AuditQuery query, long cap) {
        sealFirst();
        List<Object> params = new ArrayList<>();
        StringBuilder sql = where(query, params);
        params.add(cap);
        return jdbc.sql("SELECT count(*) FROM (" + sql.toString().replace("SELECT *", "SELECT 1") + " LIMIT ?) m")
                .params(params)
                .query(Long.class)
                .single();
    }

    /**
     * The entries about one person's role, oldest first: the role's assignment in every target and, with
     * {@code withOverridesAndDeferrals}, the overrides and deferred revocations of that role. Selected in the
     * database by person and role, however long the person's trail is.
     */
    public List<AuditEntry> ofRole(String employeeId, String role, boolean withOverridesAndDeferrals) {
        sealFirst();
        return jdbc.sql("""
                        SELECT * FROM audit_event WHERE employee_id = ?
                        AND (right(entity_id, ?) = ?
                             OR (? AND entity_type IN ('override', 'deferral') AND new_value ->> 'role' = ?))
                        ORDER BY seq""")
                .params(employeeId, role.length() + 1, "/" + role, withOverridesAndDeferrals, role)
                .query(this::entry)
                .list();
    }

    /** The entries recorded under one trace, oldest first, at most {@code limit}; what was committed is sealed first. */
    public List<AuditEntry> ofTrace(String traceId, int limit) {
        sealFirst();
        return jdbc.sql("SELECT * FROM audit_event WHERE trace_id = ? ORDER BY seq LIMIT ?")
                .params(traceId, limit)
                .query(this::entry)
                .list();
    }

    /**
     * The sequence numbers (and the person each names) of the entries about these entities of one type, recorded at
     * or before {@code through}, in trail order: what a report cites as the evidence behind an answer.
     */
    public List<Cited> citing(String entityType, java.util.Collection<String> entityIds, Instant through) {
        if (entityIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT seq, employee_id FROM audit_event WHERE entity_type = ? AND entity_id = ANY(?) "
                        + "AND occurred_at <= ? ORDER BY seq")
                .params(entityType, entityIds.toArray(String[]::new), Timestamp.from(through))
                .query((rs, n) -> new Cited(rs.getLong(1), rs.getString(2)))
                .list();
    }

    /** An entry cited by a report: its place in the trail and the person it names (none for a system entry). */
    public record Cited(
            long seq, @org.jspecify.annotations.Nullable String employeeId) {}

    private static StringBuilder where(AuditQuery query, List<Object> params) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_event WHERE seq > ?");
        params.add(query.afterSeq());
        if (query.employeeId() != null) {
            sql.append(" AND employee_id = ?");
            params.add(query.employeeId());
        }
        if (query.entityType() != null) {
            sql.append(" AND entity_type = ?");
            params.add(query.entityType());
        }
        if (query.entityId() != null) {
            sql.append(" AND entity_id = ?");
            params.add(query.entityId());
        }
        if (query.action() != null) {
            sql.append(" AND action = ?");
            params.add(query.action());
        }
        if (query.actor() != null) {
            sql.append(" AND actor = ?");
            params.add(query.actor());
        }
        if (query.from() != null) {
            sql.append(" AND occurred_at >= ?");
            params.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND occurred_at < ?");
            params.add(Timestamp.from(query.to()));
        }
        return sql;
    }

    /**
     * Checks one sealed entry where it stands: its hash against its content, and its link against the entry
     * before it. Empty when both hold; else why not. (The whole chain is checked by {@link #verify}.)
     */
    public Optional<String> check(AuditEntry e) {
        EntryContent content = new EntryContent(
                e.occurredAt(),
                e.actor(),
                e.action(),
                e.entityType(),
                e.entityId(),
                e.employeeId(),
                text(e.oldValue()),
                text(e.newValue()),
                e.reason(),
                e.correlationId(),
                e.traceId());
        if (!AuditHash.of(e.seq(), content, e.prevHash()).equals(e.hash())) {
            return Optional.of("its content does not match its hash");
        }
        String before = e.seq() == 1
                ? GENESIS
                : bySeq(e.seq() - 1).map(AuditEntry::hash).orElse(null);
        if (before == null) {
            return Optional.of("entry " + (e.seq() - 1) + " is missing");
        }
        return before.equals(e.prevHash())
                ? Optional.empty()
                : Optional.of("its link to entry " + (e.seq() - 1) + " does not match");
    }

    public Optional<AuditEntry> bySeq(long seq) {
        sealFirst();
        return jdbc.sql("SELECT * FROM audit_event WHERE seq = ?")
                .param(seq)
                .query(this::entry)
                .optional();
    }

    private AuditEntry entry(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(
                rs.getLong("seq"),
                rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getString("entity_type"),
                rs.getString("entity_id"),
                rs.getString("employee_id"),
                parse(rs.getString("old_value")),
                parse(rs.getString("new_value")),
                rs.getString("reason"),
                rs.getString("correlation_id"),
                rs.getString("prev_hash"),
                rs.getString("hash"),
                rs.getString("trace_id"));
    }

    private @Nullable JsonNode parse(@Nullable String text) {
        return text == null ? null : json.readTree(text);
    }
}
