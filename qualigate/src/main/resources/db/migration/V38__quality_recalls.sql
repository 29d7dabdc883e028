-- Recall orchestration (decision 0059): a recall in the QMS for a material and a batch range holds every batch of
-- it found in the ERP's stock, through the same level-triggered blocking as a non-conformance, and is reported
-- to the regulatory reporting store; a cancellation gives back what the recall blocked and withdraws the report.

-- Each recall as the QMS last described it (replaced only by a later version), and the saga's own work item:
-- due_at while a step is waiting (resolve the plan, report, withdraw), leased with a fencing token.
CREATE TABLE quality_recall (
    record_id       text PRIMARY KEY,
    name            text NOT NULL,
    version         timestamptz NOT NULL,
    site            text,
    material        text NOT NULL,
    plant           text NOT NULL,
    first_batch     text NOT NULL,
    last_batch      text NOT NULL,
    made_from       date,
    made_to         date,
    recall_class    text,
    reason          text,
    status          text NOT NULL,
    opened_at       timestamptz,
    closed_at       timestamptz,
    event_id        uuid NOT NULL,
    received_at     timestamptz NOT NULL,
    planned_at      timestamptz,
    report_id       text,
    report_status   text CHECK (report_status IN ('SUBMITTED', 'WITHDRAWN')),
    reported_at     timestamptz,
    due_at          timestamptz,
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    lease_token     uuid,
    lease_until     timestamptz,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX quality_recall_due ON quality_recall (due_at) WHERE due_at IS NOT NULL;

-- The plan's batch steps: every batch of the recalled range the ERP held stock of when the plan was made.
-- found_unrestricted: the recall found stock in unrestricted use, so the block is the recall's own and a
-- cancellation gives it back; a batch found wholly blocked already is left as it was found.
CREATE TABLE quality_recall_batch (
    record_id           text NOT NULL REFERENCES quality_recall (record_id),
    material            text NOT NULL,
    batch               text NOT NULL,
    plant               text NOT NULL,
    found_unrestricted  boolean NOT NULL,
    planned_at          timestamptz NOT NULL,
    PRIMARY KEY (record_id, material, batch)
);
CREATE INDEX quality_recall_batch_lot ON quality_recall_batch (material, batch);
