-- Quality events, first capability: a non-conformance (NC) in the QMS blocks the batch it names in the ERP.

-- Each NC as the QMS last described it: one row per record, replaced only by a later version (the QMS's
-- last-modified instant); an older version never wins.
CREATE TABLE quality_nonconformance (
    record_id     text PRIMARY KEY,
    name          text NOT NULL,
    version       timestamptz NOT NULL,
    site          text,
    material      text,
    plant         text,
    batch         text,
    severity      text,
    status        text NOT NULL,
    disposition   text,
    block_stock   boolean NOT NULL,
    opened_at     timestamptz,
    closed_at     timestamptz,
    description   text,
    received_via  text NOT NULL CHECK (received_via IN ('WEBHOOK', 'PULL')),
    received_at   timestamptz NOT NULL,
    event_id      uuid NOT NULL
);
CREATE INDEX quality_nonconformance_lot ON quality_nonconformance (material, batch);

-- Every quality event received (a webhook body, or a pulled row that was new), stored in the transaction that
-- applies it, before it is acknowledged; what could not be used is kept here with the field and the reason.
CREATE TABLE quality_inbound_event (
    id              uuid PRIMARY KEY,
    source          text NOT NULL,
    delivery_id     text,
    event_type      text,
    schema_version  integer,
    record_id       text,
    record_version  timestamptz,
    body            bytea NOT NULL,
    outcome         text NOT NULL CHECK (outcome IN ('APPLIED', 'DUPLICATE', 'STALE', 'REJECTED', 'KEPT')),
    field           text,
    reason          text,
    received_at     timestamptz NOT NULL
);
CREATE UNIQUE INDEX quality_inbound_event_delivery ON quality_inbound_event (source, delivery_id)
    WHERE delivery_id IS NOT NULL;
CREATE INDEX quality_inbound_event_review ON quality_inbound_event (received_at)
    WHERE outcome IN ('REJECTED', 'KEPT');

-- One row per batch an NC has named: what the rules want of it, what the ERP was last seen to hold, and the
-- level-triggered work item "bring this batch's stock in line" (due_at; null when nothing is to be done),
-- leased with a fencing token and coalesced by requested_seq. A batch the ERP does not know is parked with the
-- reason and checked again at due_at; it is never dropped.
CREATE SEQUENCE quality_batch_request_seq;
CREATE TABLE quality_batch (
    material        text NOT NULL,
    batch           text NOT NULL,
    plant           text NOT NULL,
    desired         text NOT NULL CHECK (desired IN ('BLOCKED', 'RELEASED', 'NOT_HELD')),
    explanation     text NOT NULL,
    erp_state       text NOT NULL DEFAULT 'UNKNOWN'
                    CHECK (erp_state IN ('UNKNOWN', 'UNRESTRICTED', 'BLOCKED', 'PARTLY_BLOCKED', 'OTHER_STOCK',
                                          'NOT_IN_ERP')),
    erp_checked_at  timestamptz,
    parked_reason   text,
    parked_at       timestamptz,
    due_at          timestamptz,
    requested_seq   bigint NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    lease_token     uuid,
    lease_until     timestamptz,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (material, batch)
);
CREATE INDEX quality_batch_due ON quality_batch (due_at) WHERE due_at IS NOT NULL;

-- A posting decided and not yet recorded: committed before the ERP is called and removed in the transaction
-- that audits it. One still here means the answer was lost or the process died: the ERP is asked for a
-- document with this header text before anything else is decided, so nothing is posted twice.
CREATE SEQUENCE quality_movement_seq;
CREATE TABLE quality_movement_intent (
    header_text   text PRIMARY KEY,
    material      text NOT NULL,
    batch         text NOT NULL,
    plant         text NOT NULL,
    direction     text NOT NULL CHECK (direction IN ('BLOCK', 'RELEASE')),
    lines         jsonb NOT NULL,
    explanation   text NOT NULL,
    recorded_at   timestamptz NOT NULL
);
CREATE INDEX quality_movement_intent_lot ON quality_movement_intent (material, batch);

-- The service level per interface, measured per event: from the NC raised (or closed with release) to the ERP
-- seen to hold the batch blocked (or unrestricted). found_done: the ERP already matched at the first look, so
-- no latency can be measured.
CREATE TABLE quality_sla_event (
    interface    text NOT NULL CHECK (interface IN ('erp-block', 'erp-release')),
    record_id    text NOT NULL,
    nc_name      text NOT NULL,
    material     text NOT NULL,
    batch        text NOT NULL,
    started_at   timestamptz NOT NULL,
    due_at       timestamptz NOT NULL,
    met_at       timestamptz,
    found_done   boolean NOT NULL DEFAULT false,
    PRIMARY KEY (interface, record_id)
);
CREATE INDEX quality_sla_event_open ON quality_sla_event (material, batch) WHERE met_at IS NULL;

-- The incremental pull of NCs: the end of the last window read completely.
CREATE TABLE quality_pull (
    source        text PRIMARY KEY,
    watermark     timestamptz,
    last_run_at   timestamptz,
    last_error    text
);
