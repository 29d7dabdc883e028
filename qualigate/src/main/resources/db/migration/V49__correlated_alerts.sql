-- Alerts correlated by root cause (decision 0075): one row per episode of one cause (a target's outage, the open
-- non-conformances of one batch, the excursions of one room, a source's failed reads, delivery health). The first
-- occurrence opens it, the same cause's further occurrences only count, and one all-clear closes it. At most one
-- row per cause is not cleared: the partial unique index is what makes two instances open it once.
CREATE TABLE alert (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cause          text NOT NULL CHECK (cause ~ '^[a-z]+:.+$'),
    kind           text NOT NULL,
    subject        text NOT NULL,
    state          text NOT NULL CHECK (state IN ('PENDING', 'OPEN', 'CLEARED')),
    occurrences    integer NOT NULL CHECK (occurrences >= 0),
    first_seen     timestamptz NOT NULL,
    last_seen      timestamptz NOT NULL,
    opened_at      timestamptz,
    cleared_at     timestamptz,
    -- the count and time of the last e-mail about it (the opening or an update)
    mailed_count   integer NOT NULL DEFAULT 0,
    mailed_at      timestamptz,
    detail         text NOT NULL,
    -- the alert rules in force when it was raised: 'configured' or the approving change set
    rules_version  text NOT NULL,
    CHECK ((state = 'CLEARED') = (cleared_at IS NOT NULL))
);
CREATE UNIQUE INDEX alert_one_per_cause ON alert (cause) WHERE cleared_at IS NULL;
CREATE INDEX alert_recent ON alert (last_seen DESC);

-- What was counted, once each (a failing delivery's person, an NC, an excursion episode, a failed read), so a
-- check or an event seen again never counts twice.
CREATE TABLE alert_occurrence (
    alert_id    bigint NOT NULL REFERENCES alert (id),
    occurrence  text NOT NULL,
    seen_at     timestamptz NOT NULL,
    PRIMARY KEY (alert_id, occurrence)
);
