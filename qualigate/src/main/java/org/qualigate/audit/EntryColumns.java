package org.qualigate.audit;

import org.jspecify.annotations.Nullable;

/**
 * Audit entries as one array per column, so that a transaction's entries go to {@code audit_pending}, and a sealed
 * batch to {@code audit_event}, in one {@code INSERT … SELECT FROM unnest(…)} statement: one execution in PostgreSQL
 * however many entries there are, where a JDBC batch of single-row inserts is one execution per entry (decision 0109).
 * Times travel as ISO text, so the stored instant is exactly the one hashed, to the microsecond.
 */
final class EntryColumns {

    /** The content's columns, in the order of {@link #content()}. */
    static final String CONTENT = "occurred_at, actor, action, entity_type, entity_id, employee_id, old_value, "
            + "new_value, reason, correlation_id, trace_id";

    /** The parameters for {@link #content()}, each array cast to its column's type. */
    static final String CONTENT_ARRAYS = "?::text[]::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], "
            + "?::text[], ?::text[]::jsonb[], ?::text[]::jsonb[], ?::text[], ?::text[], ?::text[]";

    private final String[] occurredAt;
    private final String[] actor;
    private final String[] action;
    private final String[] entityType;
    private final String[] entityId;
    private final @Nullable String[] employeeId;
    private final @Nullable String[] oldValue;
    private final @Nullable String[] newValue;
    private final @Nullable String[] reason;
    private final @Nullable String[] correlationId;
    private final @Nullable String[] traceId;
    private final long[] seq;
    private final String[] prevHash;
    private final String[] hash;
    private final long[] entryId;

    /** Room for {@code size} entries; {@code sealed} also keeps each one's place in the chain. */
    EntryColumns(int size, boolean sealed) {
        occurredAt = new String[size];
        actor = new String[size];
        action = new String[size];
        entityType = new String[size];
        entityId = new String[size];
        employeeId = new String[size];
        oldValue = new String[size];
        newValue = new String[size];
        reason = new String[size];
        correlationId = new String[size];
        traceId = new String[size];
        int chained = sealed ? size : 0;
        seq = new long[chained];
        prevHash = new String[chained];
        hash = new String[chained];
        entryId = new long[chained];
    }

    /** Entry {@code i}'s content; its values are JSON text. */
    void content(int i, EntryContent e) {
        occurredAt[i] = e.occurredAt().toString();
        actor[i] = e.actor();
        action[i] = e.action();
        entityType[i] = e.entityType();
        entityId[i] = e.entityId();
        employeeId[i] = e.employeeId();
        oldValue[i] = e.oldJson();
        newValue[i] = e.newJson();
        reason[i] = e.reason();
        correlationId[i] = e.correlationId();
        traceId[i] = e.traceId();
    }

    /** Entry {@code i}'s place in the chain: its number, the hash it links to, its own, the pending entry it was. */
    void chained(int i, long seq, String prevHash, String hash, long entryId) {
        this.seq[i] = seq;
        this.prevHash[i] = prevHash;
        this.hash[i] = hash;
        this.entryId[i] = entryId;
    }

    /** The parameters of {@link #CONTENT_ARRAYS}. */
    Object[] content() {
        return new Object[] {
            occurredAt,
            actor,
            action,
            entityType,
            entityId,
            employeeId,
            oldValue,
            newValue,
            reason,
            correlationId,
            traceId
        };
    }

    /** The number, then the content, then the links and the pending entry: the parameters of a sealed batch. */
    Object[] sealed() {
        Object[] content = content();
        Object[] all = new Object[content.length + 4];
        all[0] = seq;
        System.arraycopy(content, 0, all, 1, content.length);
        all[content.length + 1] = prevHash;
        all[content.length + 2] = hash;
        all[content.length + 3] = entryId;
        return all;
    }
}
