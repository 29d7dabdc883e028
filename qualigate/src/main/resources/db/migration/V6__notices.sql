-- Notices to people and supervisors: expiry warnings (days before a qualification that a role rests on
-- expires) and confirmations of every role granted or revoked. A notice is queued once (unique key) in
-- the transaction that causes it, then sent by the mailer; its state is kept for review.
CREATE TABLE notice (
    id            uuid PRIMARY KEY,
    dedupe_key    text NOT NULL UNIQUE,
    kind          text NOT NULL CHECK (kind IN ('EXPIRY', 'GRANTED', 'REVOKED')),
    employee_id   text NOT NULL,
    recipients    text NOT NULL,
    subject       text NOT NULL,
    body          text NOT NULL,
    due_at        timestamptz NOT NULL,
    status        text NOT NULL CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'SKIPPED', 'FAILED')),
    attempts      integer NOT NULL DEFAULT 0,
    lease_until   timestamptz,
    last_error    text,
    created_at    timestamptz NOT NULL,
    sent_at       timestamptz
);
CREATE INDEX notice_due ON notice (due_at) WHERE status IN ('PENDING', 'SENDING');
CREATE INDEX notice_person ON notice (employee_id, created_at);
