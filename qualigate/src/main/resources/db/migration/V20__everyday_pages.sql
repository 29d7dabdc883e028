-- The pages a plant uses every day (decision 0034): users' preferences and forced password changes, the
-- structured conclusion of an override review, events set aside closed with a reason, notices to staff about
-- work waiting for them, and background jobs that survive a restart.

-- A user's language and (already present) time zone for the pages; a password set by an administrator must
-- be changed by its owner at the next sign-in (the account's password is expired at once, and this says why).
ALTER TABLE app_user
    ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language ~ '^[a-z]{2}(-[A-Z]{2})?$'),
    ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;

-- An override review concludes "justified" or "not justified", with its text. Reviews closed before this
-- column existed keep it empty: their text alone was signed.
ALTER TABLE review_task ADD COLUMN justified boolean;

-- An event set aside leaves the review list when it is processed again (resolution REPROCESSED) or when a
-- person acknowledges it with a reason (ACKNOWLEDGED): authentic input is closed, never deleted.
ALTER TABLE inbound_event
    ADD COLUMN resolution text CHECK (resolution IN ('REPROCESSED', 'ACKNOWLEDGED')),
    ADD COLUMN resolution_reason text;
UPDATE inbound_event SET resolution = 'REPROCESSED' WHERE resolved_at IS NOT NULL AND resolution IS NULL;
CREATE INDEX inbound_event_set_aside ON inbound_event (received_at, id)
    WHERE outcome IN ('REJECTED', 'PARKED', 'QUARANTINED') AND resolved_at IS NULL;

-- Notices to staff (not about one person): "a change set waits for your approval", once per item.
ALTER TABLE notice ALTER COLUMN employee_id DROP NOT NULL;
ALTER TABLE notice DROP CONSTRAINT notice_kind_check;
ALTER TABLE notice ADD CONSTRAINT notice_kind_check CHECK (kind IN ('EXPIRY', 'GRANTED', 'REVOKED', 'LOCKOUT', 'ALERT', 'WAITING'));

-- Long work run in the background: queued, taken by one instance under a lease, its progress written as it
-- goes, and finished with a link to its result. A job whose instance stopped is marked INTERRUPTED (by the
-- instance itself when it stops, by any instance once the lease has run out), never left RUNNING.
CREATE TABLE background_job (
    id              uuid PRIMARY KEY,
    kind            text NOT NULL,
    title           text NOT NULL,
    parameters      jsonb NOT NULL DEFAULT '{}'::jsonb,
    input           bytea,
    input_name      text,
    requested_by    text NOT NULL,
    requested_at    timestamptz NOT NULL,
    state           text NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'INTERRUPTED')),
    progress_done   bigint NOT NULL DEFAULT 0,
    progress_total  bigint,
    progress_note   text,
    lease_owner     text,
    lease_until     timestamptz,
    started_at      timestamptz,
    finished_at     timestamptz,
    result_path     text,
    result_label    text,
    error           text,
    CHECK (state NOT IN ('SUCCEEDED', 'FAILED', 'INTERRUPTED') OR finished_at IS NOT NULL)
);
CREATE INDEX background_job_queued ON background_job (requested_at) WHERE state = 'QUEUED';
CREATE INDEX background_job_running ON background_job (lease_until) WHERE state = 'RUNNING';
CREATE INDEX background_job_recent ON background_job (requested_at DESC, id);

-- The people list pages by site and by name (keyset: the sort key, then the employee ID).
CREATE INDEX person_by_name ON person ((lower(coalesce(family_name, '') || ' ' || coalesce(given_name, ''))), employee_id);
CREATE INDEX person_by_site ON person (site, employee_id);

-- The audit page filters by who acted, a page at a time.
CREATE INDEX audit_event_actor ON audit_event (actor, seq);
