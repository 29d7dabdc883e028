package org.qualigate.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.trace.TraceParent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The stored inbound events: the raw payload archive and the review list of those that could not be used. */
@Repository
public class InboundEvents {

    private final JdbcClient jdbc;

    public InboundEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Authentic events set aside (rejected or parked) and not yet resolved, oldest first. */
    public List<StoredEvent> awaitingReview(int limit) {
        return jdbc.sql(
                        "SELECT * FROM inbound_event WHERE outcome IN ('REJECTED', 'PARKED', 'QUARANTINED') AND resolved_at IS NULL "
                                + "ORDER BY received_at LIMIT ?")
                .param(limit)
                .query(InboundEvents::event)
                .list();
    }

    /**
     * The records parked because their code is not mapped in the dictionary, oldest first: what a mapping of
     * that code would release.
     */
    public List<StoredEvent> parkedFor(String dictionary, String sourceCode) {
        return jdbc.sql("SELECT * FROM inbound_event WHERE outcome = 'PARKED' AND resolved_at IS NULL "
                        + "AND field = 'certificationId' AND reason = ? ORDER BY received_at, id LIMIT 1000")
                .param("certification " + sourceCode + " is not mapped in the " + dictionary + " dictionary")
                .query(InboundEvents::event)
                .list();
    }

    /** A code no dictionary maps, with the records parked for it: how many, and since when. */
    public record UnmappedCode(String dictionary, String sourceCode, long records, Instant since) {}

    /** The codes parked records wait for, oldest first. */
    public List<UnmappedCode> unmappedCodes() {
        java.util.regex.Pattern unmapped =
                java.util.regex.Pattern.compile("certification (\\S+) is not mapped in the (\\S+) dictionary");
        return jdbc
                .sql("SELECT reason, count(*), min(received_at) FROM inbound_event WHERE outcome = 'PARKED' "
                        + "AND resolved_at IS NULL AND field = 'certificationId' GROUP BY reason ORDER BY 3")
                .query((rs, n) -> {
                    java.util.regex.Matcher m = unmapped.matcher(rs.getString(1) == null ? "" : rs.getString(1));
                    return m.matches()
                            ? new UnmappedCode(
                                    m.group(2),
                                    m.group(1),
                                    rs.getLong(2),
                                    rs.getTimestamp(3).toInstant())
                            : null;
                })
                .list()
                .stream()
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    /** A filter over the events set aside and not yet resolved; every criterion is optional. */
    public record SetAsideQuery(
            @Nullable String outcome,
            @Nullable String source,
            @Nullable String employeeId,
            @Nullable String text,
            boolean newestFirst) {}

    /** Where the next page of events set aside starts: after this event in the chosen order. */
    public record Position(Instant receivedAt, UUID id) {}

    /**
     * One page of the events set aside, in order of arrival (or newest first), after a position: a keyset walk,
     * as quick on the last page as on the first.
     */
    public List<StoredEvent> setAside(SetAsideQuery query, @Nullable Position after, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = setAsideWhere(query, params);
        if (after != null) {
            sql.append(query.newestFirst() ? " AND (received_at, id) < (?, ?)" : " AND (received_at, id) > (?, ?)");
            params.add(Timestamp.from(after.receivedAt()));
            params.add(after.id());
        }
        sql.append(query.newestFirst() ? " ORDER BY received_at DESC, id DESC" : " ORDER BY received_at, id");
        sql.append(" LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString())
                .params(params)
                .query(InboundEvents::event)
                .list();
    }

    /** How many events set aside match, counted up to {@code cap}. */
    public long countSetAside(SetAsideQuery query, long cap) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = setAsideWhere(query, params);
        params.add(cap);
        return jdbc.sql("SELECT count(*) FROM (" + sql.toString().replace("SELECT *", "SELECT 1") + " LIMIT ?) m")
                .params(params)
                .query(Long.class)
                .single();
    }

    private static StringBuilder setAsideWhere(SetAsideQuery query, List<Object> params) {
        StringBuilder sql = new StringBuilder("SELECT * FROM inbound_event WHERE outcome IN ('REJECTED', 'PARKED', "
                + "'QUARANTINED') AND resolved_at IS NULL");
        if (query.outcome() != null) {
            sql.append(" AND outcome = ?");
            params.add(query.outcome());
        }
        if (query.source() != null) {
            sql.append(" AND source = ?");
            params.add(query.source());
        }
        if (query.employeeId() != null) {
            sql.append(" AND employee_id = ?");
            params.add(query.employeeId());
        }
        if (query.text() != null) {
            sql.append(
                    " AND (strpos(lower(coalesce(reason, '')), ?) > 0 OR strpos(lower(coalesce(field, '')), ?) > 0)");
            String t = query.text().toLowerCase(java.util.Locale.ROOT);
            params.add(t);
            params.add(t);
        }
        return sql;
    }

    /** The sources that have sent events now set aside, for the page's filter. */
    public List<String> setAsideSources() {
        return jdbc.sql("SELECT DISTINCT source FROM inbound_event WHERE outcome IN ('REJECTED', 'PARKED', "
                        + "'QUARANTINED') AND resolved_at IS NULL ORDER BY source")
                .query(String.class)
                .list();
    }

    /**
     * For each source record of these people (from any source but {@code except}), the latest version received and
     * what became of it: what the HRIS side said, for a reconciliation against the ledger and the QMS.
     */
    public List<LatestRecord> latestRecordsOf(String[] employeeIds, String except) {
        return jdbc.sql("""
                        SELECT DISTINCT ON (source, source_record_id) employee_id, source, source_record_id,
                            source_version, event_type, outcome, reason
                        FROM inbound_event
                        WHERE employee_id = ANY(?) AND source <> ? AND source_record_id IS NOT NULL
                          AND outcome IN ('APPLIED', 'REJECTED', 'PARKED', 'STALE')
                        ORDER BY source, source_record_id, source_version DESC NULLS LAST, received_at DESC""")
                .params(employeeIds, except)
                .query((rs, n) -> new LatestRecord(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7)))
                .list();
    }

    /** The latest version received of one source record, and its outcome ({@code APPLIED}, {@code PARKED}…). */
    public record LatestRecord(
            String employeeId,
            String source,
            String sourceRecordId,
            long sourceVersion,
            @Nullable String eventType,
            String outcome,
            @Nullable String reason) {}

    /** These people's records from {@code source} still set aside (rejected or parked, unresolved), latest each. */
    public List<SetAsideRecord> setAsideRecordsOf(String[] employeeIds, String source) {
        return jdbc.sql("""
                        SELECT DISTINCT ON (source_record_id) source_record_id, outcome, reason FROM inbound_event
                        WHERE employee_id = ANY(?) AND source = ? AND outcome IN ('REJECTED', 'PARKED')
                          AND resolved_at IS NULL
                        ORDER BY source_record_id, received_at DESC""")
                .params(employeeIds, source)
                .query((rs, n) -> new SetAsideRecord(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** A source record set aside, with the outcome and reason of its latest event. */
    public record SetAsideRecord(
            String sourceRecordId, String outcome, @Nullable String reason) {}

    /** The events of these people parked (held back) since {@code since}, with their fields and raw body. */
    public List<ParkedEvent> parkedSince(String[] employeeIds, Instant since) {
        return jdbc.sql("SELECT employee_id, fields::text, body FROM inbound_event "
                        + "WHERE employee_id = ANY(?) AND outcome = 'PARKED' AND received_at >= ?")
                .params(employeeIds, Timestamp.from(since))
                .query((rs, n) -> new ParkedEvent(rs.getString(1), rs.getString(2), rs.getBytes(3)))
                .list();
    }

    /** A parked event: whose, its extracted fields (JSON text, when read) and its raw body. */
    public record ParkedEvent(String employeeId, @Nullable String fields, byte[] body) {}

    public Optional<StoredEvent> find(UUID id) {
        return jdbc.sql("SELECT * FROM inbound_event WHERE id = ?")
                .param(id)
                .query(InboundEvents::event)
                .optional();
    }

    public long count() {
        return jdbc.sql("SELECT count(*) FROM inbound_event").query(Long.class).single();
    }

    private static StoredEvent event(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new StoredEvent(
                rs.getObject("id", UUID.class),
                rs.getString("source"),
                rs.getString("webhook_id"),
                rs.getTimestamp("received_at").toInstant(),
                rs.getString("outcome"),
                rs.getString("reason"),
                rs.getString("field"),
                rs.getString("event_type"),
                rs.getString("employee_id"),
                rs.getString("source_record_id"),
                rs.getObject("source_version", Long.class),
                rs.getString("body_sha256"),
                rs.getBytes("body"),
                rs.getTimestamp("resolved_at") == null
                        ? null
                        : rs.getTimestamp("resolved_at").toInstant(),
                TraceParent.parse(rs.getString("traceparent"))
                        .map(TraceParent::traceId)
                        .orElse(null));
    }

    /** One stored inbound event with its raw body. */
    public record StoredEvent(
            UUID id,
            String source,
            String webhookId,
            Instant receivedAt,
            String outcome,
            @Nullable String reason,
            @Nullable String field,
            @Nullable String eventType,
            @Nullable String employeeId,
            @Nullable String sourceRecordId,
            @Nullable Long sourceVersion,
            String bodySha256,
            byte[] body,
            @Nullable Instant resolvedAt,
            @Nullable String traceId) {

        /** The body as text when it is valid UTF-8. */
        public Optional<String> bodyText() {
            try {
                return Optional.of(StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(body))
                        .toString());
            } catch (CharacterCodingException e) {
                return Optional.empty();
            }
        }
    }
}
