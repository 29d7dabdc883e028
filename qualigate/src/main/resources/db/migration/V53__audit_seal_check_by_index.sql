-- The check that only sealed entries leave audit_pending (V19, V44) joins the deleted rows with audit_event. A
-- session's PL/pgSQL keeps the plan it made first, and a plan made while audit_event was nearly empty (a new
-- installation, or statistics not yet gathered after a bulk load) could look the entries up by another index than
-- their entry id: by occurred_at, which every entry written in one transaction shares, or by scanning the table.
-- Sealing a batch of 2,000 entries beside 80,000 then took minutes. Now the entry id is the only column the check
-- can look up by (the others are compared as one row, which no index serves), and the check is planned without
-- scans or hash and merge joins, so it is a lookup in audit_event_entry per deleted row whatever the table's size
-- or statistics. What it checks is unchanged: every deleted entry is in audit_event with the same content.
CREATE OR REPLACE FUNCTION audit_pending_leaves_only_sealed() RETURNS trigger LANGUAGE plpgsql
    SET enable_seqscan = off
    SET enable_hashjoin = off
    SET enable_mergejoin = off
AS $$
BEGIN
    IF EXISTS (
            SELECT 1 FROM gone g
            WHERE NOT EXISTS (
                SELECT 1 FROM audit_event e
                WHERE e.entry_id = g.id
                  AND (e.occurred_at, e.actor, e.action, e.entity_type, e.entity_id, e.employee_id, e.old_value,
                       e.new_value, e.reason, e.correlation_id, e.trace_id)
                      IS NOT DISTINCT FROM
                      (g.occurred_at, g.actor, g.action, g.entity_type, g.entity_id, g.employee_id, g.old_value,
                       g.new_value, g.reason, g.correlation_id, g.trace_id))) THEN
        RAISE EXCEPTION 'audit_pending is append-only: DELETE is allowed only for entries sealed into audit_event'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$;
