-- Evidence that is true at every instant (decisions 0030 and 0031).
--
-- 1. entitlement_interval: what the rules justified, per person and role, as a bitemporal projection of the
--    ledger. valid_from/valid_to is when the role was justified; known_from/known_to is the stretch of
--    Qualigate's knowledge (qualification versions recorded, rules versions in force) under which that was the
--    answer. The planner keeps it current in the transaction of each decision; it can be rebuilt from the
--    ledger at any time and is checked against the policy.
CREATE TABLE entitlement_interval (
    id             bigserial PRIMARY KEY,
    employee_id    text NOT NULL,
    site           text NOT NULL,
    role           text NOT NULL,
    valid_from     timestamptz NOT NULL,
    valid_to       timestamptz,
    known_from     timestamptz NOT NULL,
    known_to       timestamptz,
    rules_version  text NOT NULL,
    set_index      integer NOT NULL CHECK (set_index >= 1),
    in_grace       boolean NOT NULL,
    -- JSON: per requirement of the set, the code, minimum level and the evidence that met it
    basis          text NOT NULL,
    CHECK (valid_to IS NULL OR valid_to > valid_from),
    CHECK (known_to IS NULL OR known_to > known_from)
);
-- the planner's diff: a person's rows under current knowledge
CREATE INDEX entitlement_interval_person ON entitlement_interval (employee_id, known_to);
-- who held a role at an instant
CREATE INDEX entitlement_interval_role ON entitlement_interval (role, valid_from);
-- a site's report at an instant
CREATE INDEX entitlement_interval_site ON entitlement_interval (site, valid_from);

-- 2. assignment_history: every role a target held for a person, as Qualigate made it or found it.
--    held_from/held_to is when the target held it (as far as Qualigate can tell), known_from/known_to when
--    Qualigate learned that it started and that it ended; cause says how it started (granted by Qualigate,
--    found in the target, or carried over from before this history was kept) and end_cause how it ended
--    (revoked by Qualigate, or found missing).
CREATE TABLE assignment_history (
    id              bigserial PRIMARY KEY,
    employee_id     text NOT NULL,
    target          text NOT NULL,
    role            text NOT NULL,
    target_account  text NOT NULL,
    held_from       timestamptz NOT NULL,
    known_from      timestamptz NOT NULL,
    cause           text NOT NULL CHECK (cause IN ('granted', 'found', 'carried-over')),
    basis           text NOT NULL,
    held_to         timestamptz,
    known_to        timestamptz,
    end_cause       text CHECK (end_cause IN ('revoked', 'missing')),
    CHECK ((held_to IS NULL) = (known_to IS NULL) AND (held_to IS NULL) = (end_cause IS NULL)),
    CHECK (held_to IS NULL OR held_to >= held_from)
);
CREATE UNIQUE INDEX assignment_history_open ON assignment_history (employee_id, target, role) WHERE held_to IS NULL;
CREATE INDEX assignment_history_person ON assignment_history (employee_id, held_from);
CREATE INDEX assignment_history_role ON assignment_history (role, held_from);
INSERT INTO assignment_history (employee_id, target, role, target_account, held_from, known_from, cause, basis)
SELECT employee_id, target, role, target_account, since, since, 'carried-over', basis FROM assignment;

-- 3. delivery_intent: before a worker changes a target, what it is about to do and why (the audit entry it will
--    write). A change that reached the target before the delivery was interrupted is recorded later with this
--    cause instead of as something found in the target.
CREATE TABLE delivery_intent (
    employee_id  text NOT NULL,
    target       text NOT NULL,
    role         text NOT NULL,
    change       text NOT NULL CHECK (change IN ('grant', 'revoke')),
    intended_at  timestamptz NOT NULL,
    lease_token  bigint NOT NULL,
    basis        text NOT NULL,
    entry        text NOT NULL,
    reason       text NOT NULL,
    PRIMARY KEY (employee_id, target, role)
);

-- 4. delivery_waiting: people whose roles cannot be given yet because the target has no account for them or
--    their account is inactive. Not a dead letter: the next reconciliation or directory sync asks again.
CREATE TABLE delivery_waiting (
    employee_id  text NOT NULL,
    target       text NOT NULL,
    reason       text NOT NULL CHECK (reason IN ('no-account', 'inactive-account')),
    roles        text NOT NULL,
    since        timestamptz NOT NULL,
    checked_at   timestamptz NOT NULL,
    PRIMARY KEY (employee_id, target)
);

-- 5. target_reconciliation: each run that read a target's managed groups and compared them with what is
--    justified, with what it found (target_drift) and what it asked to be corrected.
CREATE TABLE target_reconciliation (
    id             uuid PRIMARY KEY,
    target         text NOT NULL,
    mode           text NOT NULL CHECK (mode IN ('ENFORCE', 'OBSERVE')),
    trigger        text NOT NULL CHECK (trigger IN ('SCHEDULED', 'ON_DEMAND')),
    requested_by   text NOT NULL,
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz,
    groups_read    integer NOT NULL DEFAULT 0,
    members_read   integer NOT NULL DEFAULT 0,
    extra          integer NOT NULL DEFAULT 0,
    missing        integer NOT NULL DEFAULT 0,
    waiting        integer NOT NULL DEFAULT 0,
    corrections    integer NOT NULL DEFAULT 0,
    error          text
);
CREATE INDEX target_reconciliation_recent ON target_reconciliation (target, started_at DESC);
CREATE TABLE target_drift (
    reconciliation_id  uuid NOT NULL REFERENCES target_reconciliation (id),
    employee_id        text NOT NULL,
    role               text NOT NULL,
    kind               text NOT NULL CHECK (kind IN ('extra', 'missing')),
    target_account     text,
    detail             text NOT NULL,
    PRIMARY KEY (reconciliation_id, employee_id, role)
);
