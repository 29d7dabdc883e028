-- Outbound events (decision 0073): every quality outcome a subscriber is told of is written here in the transaction
-- of the outcome's audit entry, and a worker sends it as a CloudEvent. A row keeps its id for every attempt (the
-- subscriber recognises a repeat), is sent only after every earlier row of its subject (in order per subject), and
-- stays after it is sent or refused, as the record of what left and when.
CREATE TABLE quality_outbound_event (
    seq           bigserial PRIMARY KEY,
    event_id      uuid NOT NULL UNIQUE,
    type          text NOT NULL,
    subject       text NOT NULL,
    occurred_at   timestamptz NOT NULL,
    dataschema    text,
    data          text NOT NULL,
    traceparent   text,
    -- due while it is still to be sent; NULL once sent or refused
    due_at        timestamptz,
    attempts      integer NOT NULL DEFAULT 0,
    last_error    text,
    lease_token   uuid,
    lease_until   timestamptz,
    delivered_at  timestamptz,
    refused_at    timestamptz,
    refused_reason text,
    CHECK (delivered_at IS NULL OR refused_at IS NULL),
    CHECK (due_at IS NULL OR (delivered_at IS NULL AND refused_at IS NULL))
);

CREATE INDEX quality_outbound_event_due ON quality_outbound_event (seq) WHERE due_at IS NOT NULL;
CREATE INDEX quality_outbound_event_subject_open ON quality_outbound_event (subject, seq) WHERE due_at IS NOT NULL;
