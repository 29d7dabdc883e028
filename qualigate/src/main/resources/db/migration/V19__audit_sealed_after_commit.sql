-- The audit chain is sealed after commit (decision 0032). A transaction writes its audit entries, unchained,
-- into audit_pending together with the change they record; one sealer at a time (cluster-wide) moves the
-- committed entries into audit_event in a fixed order (by id), numbering and hash-chaining them there, and
-- removes them from audit_pending in the same transaction. audit_event stays insert-only and is never
-- changed; an entry leaves audit_pending only once its sealed copy, with the same content, is in the chain.
CREATE TABLE audit_pending (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at     timestamptz NOT NULL,
    actor           text NOT NULL,
    action          text NOT NULL,
    entity_type     text NOT NULL,
    entity_id       text NOT NULL,
    employee_id     text,
    old_value       jsonb,
    new_value       jsonb,
    reason          text,
    correlation_id  text
);

-- Which pending entry a sealed one came from (empty for entries chained before the sealer existed).
ALTER TABLE audit_event ADD COLUMN entry_id bigint;
CREATE UNIQUE INDEX audit_event_entry ON audit_event (entry_id) WHERE entry_id IS NOT NULL;

-- Checked once per statement over all the rows it removes (the sealer removes thousands at a time).
CREATE FUNCTION audit_pending_leaves_only_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
            SELECT 1 FROM gone g
            WHERE NOT EXISTS (
                SELECT 1 FROM audit_event e
                WHERE e.entry_id = g.id
                  AND e.occurred_at = g.occurred_at
                  AND e.actor = g.actor
                  AND e.action = g.action
                  AND e.entity_type = g.entity_type
                  AND e.entity_id = g.entity_id
                  AND e.employee_id IS NOT DISTINCT FROM g.employee_id
                  AND e.old_value IS NOT DISTINCT FROM g.old_value
                  AND e.new_value IS NOT DISTINCT FROM g.new_value
                  AND e.reason IS NOT DISTINCT FROM g.reason
                  AND e.correlation_id IS NOT DISTINCT FROM g.correlation_id)) THEN
        RAISE EXCEPTION 'audit_pending is append-only: DELETE is allowed only for entries sealed into audit_event'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER audit_pending_leaves_only_sealed AFTER DELETE ON audit_pending
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION audit_pending_leaves_only_sealed();
CREATE FUNCTION audit_pending_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_pending is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_pending_no_update BEFORE UPDATE ON audit_pending
    FOR EACH ROW EXECUTE FUNCTION audit_pending_is_append_only();
CREATE TRIGGER audit_pending_no_truncate BEFORE TRUNCATE ON audit_pending
    FOR EACH STATEMENT EXECUTE FUNCTION audit_pending_is_append_only();
