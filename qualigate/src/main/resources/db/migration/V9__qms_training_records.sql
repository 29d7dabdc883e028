-- QMS training-record sync: one coalesced work item per person ("bring the person up to date in the QMS"),
-- leased with a fencing token like delivery's work_item; requested_seq moves on with every new request.
CREATE SEQUENCE training_request_seq;
CREATE TABLE training_sync_item (
    employee_id    text PRIMARY KEY,
    due_at         timestamptz NOT NULL,
    requested_seq  bigint NOT NULL,
    attempts       integer NOT NULL DEFAULT 0,
    lease_token    uuid,
    lease_until    timestamptz,
    last_error     text,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE INDEX training_sync_item_due ON training_sync_item (due_at);

-- What the sync did not write, for review: records the QMS refused (with its own error code and message),
-- HRIS records that would overwrite or collide with a record the QMS owns, and people the sync gave up on.
-- content_sha256 identifies the record content concerned: the same content is not sent again, a changed
-- record is.
CREATE TABLE training_review (
    id              uuid PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('REJECTED', 'AUTHORITY', 'FAILED')),
    employee_id     text NOT NULL,
    external_id     text NOT NULL,
    course_code     text,
    code            text,
    content_sha256  text NOT NULL,
    error_code      text,
    message         text NOT NULL,
    fields          text,
    qms_record_id   text,
    recorded_at     timestamptz NOT NULL,
    UNIQUE (kind, external_id, content_sha256)
);
CREATE INDEX training_review_employee ON training_review (employee_id);
