-- Revocations held back while the person is on shift or holds an active work order. One active deferral
-- per (person, target, role); since is when it was first deferred, so the bound (since + maximum) holds
-- however often the deferral is extended.
CREATE TABLE revocation_deferral (
    id           uuid PRIMARY KEY,
    employee_id  text NOT NULL,
    target       text NOT NULL,
    role         text NOT NULL,
    since        timestamptz NOT NULL,
    until        timestamptz NOT NULL,
    bound        timestamptz NOT NULL,
    reason       text NOT NULL,
    status       text NOT NULL CHECK (status IN ('ACTIVE', 'RELEASED', 'CANCELLED')),
    ended_at     timestamptz,
    end_reason   text,
    CHECK (until <= bound)
);
CREATE UNIQUE INDEX revocation_deferral_one_active ON revocation_deferral (employee_id, target, role)
    WHERE status = 'ACTIVE';
CREATE INDEX revocation_deferral_person ON revocation_deferral (employee_id, since);

-- Temporary roles granted by a plant manager: at most 24 hours, never extended (a new one is a new row).
CREATE TABLE access_override (
    id           uuid PRIMARY KEY,
    employee_id  text NOT NULL,
    role         text NOT NULL,
    target       text,
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz NOT NULL,
    granted_by   text NOT NULL,
    reason       text NOT NULL,
    status       text NOT NULL CHECK (status IN ('ACTIVE', 'ENDED', 'EXPIRED')),
    ended_at     timestamptz,
    ended_by     text,
    end_reason   text,
    CHECK (ends_at > starts_at AND ends_at <= starts_at + interval '24 hours'),
    CHECK (length(reason) >= 10)
);
CREATE INDEX access_override_person ON access_override (employee_id, starts_at);

-- Each override opens a compliance review that someone other than the grantor closes.
CREATE TABLE review_task (
    id           uuid PRIMARY KEY,
    kind         text NOT NULL,
    override_id  uuid NOT NULL REFERENCES access_override (id),
    employee_id  text NOT NULL,
    opened_at    timestamptz NOT NULL,
    status       text NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    closed_by    text,
    closed_at    timestamptz,
    conclusion   text,
    CHECK (status = 'OPEN' OR (closed_by IS NOT NULL AND conclusion IS NOT NULL))
);
CREATE INDEX review_task_status ON review_task (status, opened_at);

GRANT SELECT, INSERT, UPDATE ON revocation_deferral, access_override, review_task TO ${app_role};
