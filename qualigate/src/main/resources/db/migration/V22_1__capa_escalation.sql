-- Quality events: CAPAs whose due dates are timers of escalation (a reminder before the due date, the owner's
-- manager at it, QA leadership seven days after it), each step done once in the QMS and in the task tool.

-- Each CAPA as the QMS last described it (a later version only), with the level-triggered item "bring its
-- escalation up to date" (next_check_at; null when no step is ahead), leased with a fencing token.
CREATE TABLE quality_capa (
    record_id           text PRIMARY KEY,
    name                text NOT NULL,
    version             timestamptz NOT NULL,
    site                text,
    nc_name             text,
    description         text,
    owner_employee_id   text,
    owner_email         text,
    manager_employee_id text,
    manager_email       text,
    due_date            date,
    status              text NOT NULL,
    closed_at           timestamptz,
    received_at         timestamptz NOT NULL,
    event_id            uuid NOT NULL,
    task_key            text,
    next_check_at       timestamptz,
    lease_token         uuid,
    lease_until         timestamptz,
    attempts            integer NOT NULL DEFAULT 0,
    last_error          text
);
CREATE INDEX quality_capa_due ON quality_capa (next_check_at) WHERE next_check_at IS NOT NULL;

-- The steps done: each at most once per CAPA, recorded (and audited) after both systems have it.
CREATE TABLE quality_capa_step (
    record_id    text NOT NULL REFERENCES quality_capa (record_id),
    step         text NOT NULL CHECK (step IN ('REMINDER', 'MANAGER', 'QA_LEADERSHIP', 'CLOSED')),
    explanation  text NOT NULL,
    task_key     text,
    done_at      timestamptz NOT NULL,
    PRIMARY KEY (record_id, step)
);
