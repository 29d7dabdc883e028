-- Persons from the HRIS: the production line (Workday's organisation of a configured type, SuccessFactors'
-- department) is part of a person, so a transfer between lines is seen and audited like one between sites.
ALTER TABLE person ADD COLUMN line text;

-- Each HRIS directory's last read: a read refused as a whole (unreachable, a page of the wrong shape) is
-- alerted once when the state changes, not at every retry.
CREATE TABLE directory_read (
    source        text PRIMARY KEY,
    state         text NOT NULL CHECK (state IN ('OK', 'FAILED')),
    last_error    text,
    last_read_at  timestamptz NOT NULL,
    changed_at    timestamptz NOT NULL
);

-- Removals seen by a full read of workers (a certification gone from a worker's record at the source) that
-- would take away more than the allowed share of a site's certifications in one read: held, alerted, and
-- applied only when an operator accepts them (or a later read shows fewer). At most one open hold per source
-- and site; the candidates keep the worker's read as evidence.
CREATE TABLE pulled_removal_hold (
    id                uuid PRIMARY KEY,
    source            text NOT NULL,
    site              text NOT NULL,
    status            text NOT NULL CHECK (status IN ('HELD', 'ACCEPTED', 'DISMISSED', 'SUPERSEDED')),
    candidates        jsonb NOT NULL,
    removing          integer NOT NULL,
    holding           integer NOT NULL,
    limit_percent     numeric NOT NULL,
    first_seen_at     timestamptz NOT NULL,
    last_seen_at      timestamptz NOT NULL,
    decided_at        timestamptz,
    decided_by        text,
    decision_reason   text
);
CREATE UNIQUE INDEX pulled_removal_hold_open ON pulled_removal_hold (source, site) WHERE status = 'HELD';

-- A pause of every call to one outside system, shared by all workers and instances: Salesforce's
-- REQUEST_LIMIT_EXCEEDED is a limit of the whole org, so nobody calls it again until the wait is over.
CREATE TABLE target_pause (
    target        text PRIMARY KEY,
    paused_until  timestamptz NOT NULL,
    reason        text NOT NULL,
    paused_at     timestamptz NOT NULL
);

-- A refusal of the QMS may be resolved by fixing its cause (a course added to the catalogue, a user created,
-- the field names corrected): released entries no longer hold their record back, and it is sent again.
ALTER TABLE training_review ADD COLUMN released_at timestamptz;
ALTER TABLE training_review ADD COLUMN released_by text;
ALTER TABLE training_review ADD COLUMN release_reason text;
