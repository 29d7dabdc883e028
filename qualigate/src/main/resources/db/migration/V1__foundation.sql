-- Qualigate foundation schema: persons, inbound events, qualifications with history, delivery queue,
-- timers, assignments read back from targets, and the append-only, hash-chained audit trail.
-- Migrations run as the schema owner; the service connects as ${app_role}, which may not change the
-- audit trail (revoked rights, and a trigger for anyone else).

CREATE TABLE person (
    employee_id    text PRIMARY KEY,
    given_name     text,
    family_name    text,
    email          text,
    site           text NOT NULL,
    supervisor_id  text,
    job_title      text,
    status         text NOT NULL CHECK (status IN ('ACTIVE', 'TERMINATED')),
    source         text NOT NULL,
    updated_at     timestamptz NOT NULL
);

-- Every authentic inbound payload, exactly as received, with what became of it.
CREATE TABLE inbound_event (
    id                uuid PRIMARY KEY,
    source            text NOT NULL,
    webhook_id        text NOT NULL,
    received_at       timestamptz NOT NULL,
    body              bytea NOT NULL,
    body_sha256       text NOT NULL,
    outcome           text NOT NULL CHECK (outcome IN ('APPLIED', 'DUPLICATE', 'STALE', 'REJECTED', 'PARKED')),
    reason            text,
    field             text,
    event_type        text,
    employee_id       text,
    source_record_id  text,
    source_version    bigint,
    resolved_at       timestamptz,
    resolved_by       text,
    UNIQUE (source, webhook_id)
);
CREATE INDEX inbound_event_review ON inbound_event (received_at) WHERE outcome IN ('REJECTED', 'PARKED') AND resolved_at IS NULL;

-- Current state of each qualification record, one row per source record.
CREATE TABLE qualification (
    id                 uuid PRIMARY KEY,
    employee_id        text NOT NULL REFERENCES person (employee_id),
    source             text NOT NULL,
    source_record_id   text NOT NULL,
    source_version     bigint NOT NULL,
    code               text NOT NULL,
    level              integer NOT NULL CHECK (level >= 1),
    source_code        text NOT NULL,
    source_name        text,
    completed_at       timestamptz NOT NULL,
    expires_at         timestamptz,
    completed_original text NOT NULL,
    expires_original   text,
    status             text NOT NULL CHECK (status IN ('VALID', 'REVOKED')),
    authority          text NOT NULL CHECK (authority IN ('HRIS', 'QMS', 'MANUAL')),
    approved_by        text,
    approved_at        timestamptz,
    event_id           uuid NOT NULL REFERENCES inbound_event (id),
    recorded_at        timestamptz NOT NULL,
    UNIQUE (source, source_record_id)
);
CREATE INDEX qualification_person ON qualification (employee_id);

-- Every version of every qualification record ever applied: the full history.
CREATE TABLE qualification_version (
    qualification_id   uuid NOT NULL REFERENCES qualification (id),
    source_version     bigint NOT NULL,
    code               text NOT NULL,
    level              integer NOT NULL,
    completed_at       timestamptz NOT NULL,
    expires_at         timestamptz,
    status             text NOT NULL,
    approved_by        text,
    approved_at        timestamptz,
    event_id           uuid NOT NULL REFERENCES inbound_event (id),
    recorded_at        timestamptz NOT NULL,
    PRIMARY KEY (qualification_id, source_version)
);

-- What each target was last seen to hold for each person (managed roles only).
CREATE TABLE assignment (
    employee_id  text NOT NULL,
    target       text NOT NULL,
    role         text NOT NULL,
    target_account text NOT NULL,
    since        timestamptz NOT NULL,
    valid_until  timestamptz,
    basis        text NOT NULL,
    PRIMARY KEY (employee_id, target, role)
);

-- Level-triggered work: "bring person P up to date in target T", coalesced per (P, T).
CREATE SEQUENCE work_request_seq;
CREATE SEQUENCE lease_token_seq;
CREATE TABLE work_item (
    employee_id    text NOT NULL,
    target         text NOT NULL,
    due_at         timestamptz NOT NULL,
    requested_seq  bigint NOT NULL,
    attempts       integer NOT NULL DEFAULT 0,
    lease_owner    text,
    lease_token    bigint,
    lease_until    timestamptz,
    last_error     text,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (employee_id, target)
);
CREATE INDEX work_item_due ON work_item (due_at);

CREATE TABLE dead_letter (
    id            uuid PRIMARY KEY,
    employee_id   text NOT NULL,
    target        text NOT NULL,
    reason        text NOT NULL,
    attempts      integer NOT NULL,
    last_error    text NOT NULL,
    created_at    timestamptz NOT NULL,
    replayed_at   timestamptz,
    replayed_by   text
);

-- Persisted timers: at fire_at, the person is planned again (expiry, end of grace, future completion).
CREATE TABLE access_timer (
    employee_id  text NOT NULL,
    fire_at      timestamptz NOT NULL,
    reason       text NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (employee_id, fire_at)
);
CREATE INDEX access_timer_due ON access_timer (fire_at);

-- Which version of the rules the service last planned with.
CREATE TABLE rules_version (
    version     text PRIMARY KEY,
    sha256      text NOT NULL,
    loaded_at   timestamptz NOT NULL
);

CREATE TABLE audit_event (
    seq             bigint PRIMARY KEY,
    occurred_at     timestamptz NOT NULL,
    actor           text NOT NULL,
    action          text NOT NULL,
    entity_type     text NOT NULL,
    entity_id       text NOT NULL,
    employee_id     text,
    old_value       jsonb,
    new_value       jsonb,
    reason          text,
    correlation_id  text,
    prev_hash       text NOT NULL,
    hash            text NOT NULL
);
CREATE INDEX audit_event_person ON audit_event (employee_id, seq);
CREATE INDEX audit_event_entity ON audit_event (entity_type, entity_id, seq);
CREATE INDEX audit_event_time ON audit_event (occurred_at);

CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();

-- Rights of the application role.
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${app_role}') THEN
        CREATE ROLE ${app_role} LOGIN;
    END IF;
END $$;
GRANT USAGE ON SCHEMA public TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app_role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app_role};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM ${app_role};
REVOKE UPDATE, DELETE, TRUNCATE ON qualification_version FROM ${app_role};
