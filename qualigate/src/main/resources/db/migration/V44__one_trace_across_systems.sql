-- One trace across systems (decision 0065): the W3C trace an inbound event brought or was given is stored with the
-- event and with the work it causes, on every audit entry, and the steps taken under it are kept for the page that
-- follows an event.

-- The trace is part of an audit entry's content: hashed when present (an entry without one hashes as before, so the
-- chain sealed before this migration verifies unchanged).
ALTER TABLE audit_pending ADD COLUMN trace_id text;
ALTER TABLE audit_event ADD COLUMN trace_id text;
CREATE INDEX audit_event_trace ON audit_event (trace_id, seq) WHERE trace_id IS NOT NULL;

-- A pending entry leaves only for a sealed copy with the same content, the trace included.
CREATE OR REPLACE FUNCTION audit_pending_leaves_only_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
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
                  AND e.correlation_id IS NOT DISTINCT FROM g.correlation_id
                  AND e.trace_id IS NOT DISTINCT FROM g.trace_id)) THEN
        RAISE EXCEPTION 'audit_pending is append-only: DELETE is allowed only for entries sealed into audit_event'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$;

-- The traceparent an event was received under (its own span), and the one the work it caused carries: a coalesced
-- item carries the trace of the latest request.
ALTER TABLE inbound_event ADD COLUMN traceparent text;
ALTER TABLE quality_inbound_event ADD COLUMN traceparent text;
ALTER TABLE work_item ADD COLUMN traceparent text;
ALTER TABLE quality_batch ADD COLUMN traceparent text;

CREATE TABLE trace_step (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trace_id        text NOT NULL,
    span_id         text NOT NULL,
    parent_span_id  text,
    kind            text NOT NULL CHECK (kind IN ('INTAKE', 'PLAN', 'CALL')),
    name            text NOT NULL,
    outcome         text,
    started_at      timestamptz NOT NULL,
    ended_at        timestamptz
);
CREATE INDEX trace_step_trace ON trace_step (trace_id, started_at);
