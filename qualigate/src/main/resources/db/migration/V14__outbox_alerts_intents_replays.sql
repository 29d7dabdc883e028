-- One durable outbox for every e-mail (decision 0009): besides the notices to people, the lockout alert and
-- the alert about an approved parameter that no longer parses are queued in the transaction that causes
-- them and sent by the same mailer. Such alerts concern no employee.
ALTER TABLE notice ALTER COLUMN employee_id DROP NOT NULL;
ALTER TABLE notice DROP CONSTRAINT notice_kind_check;
ALTER TABLE notice ADD CONSTRAINT notice_kind_check
    CHECK (kind IN ('EXPIRY', 'GRANTED', 'REVOKED', 'LOCKOUT', 'ALERT'));

-- An approved run-time parameter value that no longer parses is alerted once per value (its seq), whatever
-- the number of instances and reads.
CREATE TABLE parameter_alert (
    name       text NOT NULL,
    seq        bigint NOT NULL REFERENCES parameter_value (seq),
    reason     text NOT NULL,
    raised_at  timestamptz NOT NULL,
    PRIMARY KEY (name, seq)
);

-- The QMS write the training sync is about to make, recorded before the call: a crash after the QMS took
-- the record and before its audit entry leaves this row, and the next sync that finds the record written
-- audits it with its original cause (and removes the row in the same transaction).
CREATE TABLE training_write_intent (
    external_id     text PRIMARY KEY,
    employee_id     text NOT NULL,
    content_sha256  text NOT NULL,
    old_value       jsonb,
    new_value       jsonb NOT NULL,
    reason          text NOT NULL,
    cause           text,
    recorded_at     timestamptz NOT NULL
);

-- A person the sync gave up on (FAILED) can be sent again by an operator; the entry keeps who did it, when.
ALTER TABLE training_review
    ADD COLUMN replayed_at timestamptz,
    ADD COLUMN replayed_by text;
