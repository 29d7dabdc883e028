-- Delivery observability: when the change a work item carries was first asked for (for the
-- webhook -> applied latency), and the monitor's state changes, one row per transition, so that
-- several instances raise (and e-mail) each transition exactly once.

-- The earliest request the pending item covers. A request that arrives while a worker holds the item
-- may not be covered by that run; it is kept aside and becomes the item's first request when the run
-- completes without covering it.
ALTER TABLE work_item ADD COLUMN first_requested_at timestamptz;
ALTER TABLE work_item ADD COLUMN requested_while_leased_at timestamptz;
UPDATE work_item SET first_requested_at = created_at;
ALTER TABLE work_item ALTER COLUMN first_requested_at SET NOT NULL;

-- Each change of the delivery monitor's status (UP <-> DEGRADED). The primary key is the transition:
-- the instance whose insert of transition n + 1 succeeds owns it and sends its e-mail; the others
-- find the row there and do nothing.
CREATE TABLE monitoring_alert (
    monitor      text NOT NULL,
    transition   bigint NOT NULL CHECK (transition >= 1),
    status       text NOT NULL,
    reasons      text NOT NULL,
    raised_at    timestamptz NOT NULL,
    raised_by    text NOT NULL,
    recipients   text NOT NULL,
    sent_at      timestamptz,
    send_error   text,
    PRIMARY KEY (monitor, transition)
);

GRANT SELECT, INSERT, UPDATE ON monitoring_alert TO ${app_role};
