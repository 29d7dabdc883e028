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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit trail. {@link #append} writes in the caller's transaction, so an entry exists exactly when
 * the change it records was committed. Entries are chained: each hash covers the RFC 8785 canonical
 * form of the entry and the previous hash; appends are serialised by a transaction-scoped advisory
 * lock so the chain has one order.
 */
@Service
public class AuditTrail {

    /** The hash that the first entry chains to. */
    public static final String GENESIS = "0".repeat(64);

    private static final long CHAIN_LOCK = 0x51A7_A0D1L;
    private static final int VERIFY_PAGE = 5_000;

    private static final int INSERT_BATCH = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final ObjectMapper json;
    private final Clock clock;

    public AuditTrail(JdbcClient jdbc, JdbcTemplate batch, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Appends one entry in the caller's transaction. The entry is written, chained and numbered just
     * before that transaction commits, together with the transaction's other entries, so the chain lock
     * is held only from then to the commit (not while the change itself is worked out). The entry's
     * time is taken now.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(AuditRecord record) {
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
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(AuditTrail.this);
                }
            });
            staged = pending;
        }
        staged.records().add(new Timed(record, clock.instant().truncatedTo(ChronoUnit.MICROS)));
    }

    private void write(List<Timed> records) {
        if (records.isEmpty()) {
            return;
        }
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(CHAIN_LOCK).query().singleRow();
        record Head(long seq, String hash) {}
        Head head = jdbc.sql("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .optional()
                .orElse(new Head(0, GENESIS));
        long seq = head.seq();
        String prev = head.hash();
        List<Object[]> rows = new ArrayList<>(records.size());
        for (Timed t : records) {
            seq++;
            AuditRecord record = t.record();
            JsonNode oldValue = stored(record.oldValue());
            JsonNode newValue = stored(record.newValue());
            String hash = hash(
                    seq,
                    t.at(),
                    record.actor(),
                    record.action(),
                    record.entityType(),
                    record.entityId(),
                    record.employeeId(),
                    oldValue,
                    newValue,
                    record.reason(),
                    record.correlationId(),
                    prev);
            rows.add(new Object[] {
                seq,
                Timestamp.from(t.at()),
                record.actor(),
                record.action(),
                record.entityType(),
                record.entityId(),
                record.employeeId(),
                text(oldValue),
                text(newValue),
                record.reason(),
                record.correlationId(),
                prev,
                hash
            });
            prev = hash;
        }
        // one round trip per batch, not per entry: a transaction that records thousands of changes commits fast
        for (int from = 0; from < rows.size(); from += INSERT_BATCH) {
            batch.batchUpdate("""
                    INSERT INTO audit_event (seq, occurred_at, actor, action, entity_type, entity_id, employee_id,
                        old_value, new_value, reason, correlation_id, prev_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)""", rows.subList(from, Math.min(from + INSERT_BATCH, rows.size())));
        }
    }

    /**
     * The value as it will read back from the database: through its JSON text, so the hash covers exactly
     * what is stored (a float, for one, would otherwise be hashed with the digits of its double widening).
     */
    private @Nullable JsonNode stored(@Nullable Object value) {
        return value == null ? null : json.readTree(json.writeValueAsString(json.valueToTree(value)));
    }

    private record Timed(AuditRecord record, Instant at) {}

    private record Staged(List<Timed> records) {}

    /** Recomputes the whole chain and names the first entry whose hash or link does not hold. */
    @Transactional(readOnly = true)
    public AuditVerification verify() {
        String prev = GENESIS;
        long expectedSeq = 1;
        long count = 0;
        while (true) {
            List<AuditEntry> page = jdbc.sql("SELECT * FROM audit_event WHERE seq >= ? ORDER BY seq LIMIT ?")
                    .params(expectedSeq, VERIFY_PAGE)
                    .query(this::entry)
                    .list();
            if (page.isEmpty()) {
                return AuditVerification.intact(count);
            }
            for (AuditEntry e : page) {
                if (e.seq() != expectedSeq) {
                    return AuditVerification.broken(count, expectedSeq, "entry " + expectedSeq + " is missing");
                }
                if (!e.prevHash().equals(prev)) {
                    return AuditVerification.broken(count, e.seq(), "link to the previous entry does not match");
                }
                String recomputed = hashOf(e);
                if (!recomputed.equals(e.hash())) {
                    return AuditVerification.broken(count, e.seq(), "content does not match its hash");
                }
                prev = e.hash();
                expectedSeq++;
                count++;
            }
        }
    }

    /** Entries matching the filter, oldest first, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<AuditEntry> find(AuditQuery query) {
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
    @Transactional(readOnly = true)
    public List<AuditEntry> findNewestFirst(AuditQuery query, long beforeSeq) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = where(query, params);
        sql.append(" AND seq < ? ORDER BY seq DESC LIMIT ?");
        params.add(beforeSeq);
        params.add(query.limit());
        return jdbc.sql(sql.toString()).params(params).query(this::entry).list();
    }

    /** How many entries match the filter, counted up to {@code cap} (a larger count is answered as {@code cap}). */
    @Transactional(readOnly = true)
    public long count(AuditQuery query, long cap) {
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
    @Transactional(readOnly = true)
    public List<AuditEntry> ofRole(String employeeId, String role, boolean withOverridesAndDeferrals) {
        return jdbc.sql("""
                        SELECT * FROM audit_event WHERE employee_id = ?
                        AND (right(entity_id, ?) = ?
                             OR (? AND entity_type IN ('override', 'deferral') AND new_value ->> 'role' = ?))
                        ORDER BY seq""")
                .params(employeeId, role.length() + 1, "/" + role, withOverridesAndDeferrals, role)
                .query(this::entry)
                .list();
    }

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
     * Checks one entry where it stands: its hash against its content, and its link against the entry before it.
     * Empty when both hold; else why not. (The whole chain is checked by {@link #verify}.)
     */
    @Transactional(readOnly = true)
    public Optional<String> check(AuditEntry e) {
        String recomputed = hashOf(e);
        if (!recomputed.equals(e.hash())) {
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
                rs.getString("hash"));
    }

    private @Nullable JsonNode parse(@Nullable String text) {
        return text == null ? null : json.readTree(text);
    }

    private @Nullable String text(@Nullable JsonNode node) {
        return node == null ? null : json.writeValueAsString(node);
    }

    /** The hash a stored entry's content and link give, to compare with the hash stored beside them. */
    private static String hashOf(AuditEntry e) {
        return hash(
                e.seq(),
                e.occurredAt(),
                e.actor(),
                e.action(),
                e.entityType(),
                e.entityId(),
                e.employeeId(),
                e.oldValue(),
                e.newValue(),
                e.reason(),
                e.correlationId(),
                e.prevHash());
    }

    private static String hash(
            long seq,
            Instant at,
            String actor,
            String action,
            String entityType,
            String entityId,
            @Nullable String employeeId,
            @Nullable JsonNode oldValue,
            @Nullable JsonNode newValue,
            @Nullable String reason,
            @Nullable String correlationId,
            String prevHash) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode n = f.objectNode();
        n.put("seq", seq);
        n.put("occurredAt", at.truncatedTo(ChronoUnit.MICROS).toString());
        n.put("actor", actor);
        n.put("action", action);
        n.put("entityType", entityType);
        n.put("entityId", entityId);
        n.set("employeeId", employeeId == null ? f.nullNode() : f.textNode(employeeId));
        n.set("old", oldValue == null ? f.nullNode() : oldValue);
        n.set("new", newValue == null ? f.nullNode() : newValue);
        n.set("reason", reason == null ? f.nullNode() : f.textNode(reason));
        n.set("correlationId", correlationId == null ? f.nullNode() : f.textNode(correlationId));
        n.put("prevHash", prevHash);
        return CanonicalJson.sha256Hex(CanonicalJson.canonicalize(n));
    }
}
