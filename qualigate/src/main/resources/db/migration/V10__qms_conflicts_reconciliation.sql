-- HRIS and QMS disagreeing about the same person x course: both versions with their sources, until a person
-- resolves it with a reason. The two content hashes identify the pair of versions: a resolved pair does not
-- come back, a changed version opens a new conflict.
CREATE TABLE training_conflict (
    id                uuid PRIMARY KEY,
    employee_id       text NOT NULL,
    site              text NOT NULL,
    course_code       text NOT NULL,
    code              text NOT NULL,
    hris_external_id  text NOT NULL,
    hris_version      jsonb NOT NULL,
    hris_sha256       text NOT NULL,
    qms_record_id     text NOT NULL,
    qms_version       jsonb NOT NULL,
    qms_sha256        text NOT NULL,
    differences       text NOT NULL,
    detected_at       timestamptz NOT NULL,
    resolution        text CHECK (resolution IN ('KEEP_HRIS', 'KEEP_QMS', 'OTHER')),
    resolved_by       text,
    resolution_reason text,
    resolved_at       timestamptz,
    UNIQUE (employee_id, course_code, hris_sha256, qms_sha256),
    CHECK ((resolution IS NULL) = (resolved_at IS NULL))
);
CREATE INDEX training_conflict_open ON training_conflict (site, detected_at) WHERE resolution IS NULL;

-- Per site: observe (compute and report, write nothing to the QMS) or enforce. No row = the configured default.
CREATE TABLE training_site_mode (
    site        text PRIMARY KEY,
    mode        text NOT NULL CHECK (mode IN ('OBSERVE', 'ENFORCE')),
    changed_by  text NOT NULL,
    reason      text NOT NULL,
    changed_at  timestamptz NOT NULL
);

-- What the sync would have written in observe mode, one row per record (the latest computation).
CREATE TABLE training_observation (
    employee_id  text NOT NULL,
    external_id  text NOT NULL,
    site         text NOT NULL,
    action       text NOT NULL CHECK (action IN ('CREATE', 'UPDATE', 'CERTIFICATION_STATUS')),
    current      jsonb,
    would_write  jsonb NOT NULL,
    observed_at  timestamptz NOT NULL,
    PRIMARY KEY (employee_id, external_id)
);
CREATE INDEX training_observation_site ON training_observation (site, observed_at);

-- A reconciliation run of one site: HRIS (the latest authentic event per record) vs ledger vs QMS, with counts
-- and an order-independent digest of the per-record checksums of each side; the discrepancies line by line.
CREATE TABLE reconciliation_run (
    id           uuid PRIMARY KEY,
    site         text NOT NULL,
    trigger      text NOT NULL CHECK (trigger IN ('SCHEDULED', 'ON_DEMAND')),
    requested_by text NOT NULL,
    slot         text,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    counts       jsonb,
    error        text,
    UNIQUE (site, slot)
);
CREATE INDEX reconciliation_run_site ON reconciliation_run (site, started_at DESC);

CREATE TABLE reconciliation_item (
    run_id       uuid NOT NULL REFERENCES reconciliation_run (id),
    seq          integer NOT NULL,
    kind         text NOT NULL,
    employee_id  text NOT NULL,
    record_key   text NOT NULL,
    course_code  text,
    hris_sha256  text,
    ledger_sha256 text,
    qms_sha256   text,
    reason       text NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- A parallel-run (PQ) comparison: a manual-entry export for a period against what Qualigate did.
CREATE TABLE parallel_run (
    id            uuid PRIMARY KEY,
    site          text NOT NULL,
    period_from   timestamptz NOT NULL,
    period_to     timestamptz NOT NULL,
    uploaded_by   text NOT NULL,
    uploaded_at   timestamptz NOT NULL,
    export_sha256 text NOT NULL,
    summary       jsonb NOT NULL
);

CREATE TABLE parallel_run_line (
    run_id          uuid NOT NULL REFERENCES parallel_run (id),
    seq             integer NOT NULL,
    employee_id     text NOT NULL,
    course_code     text NOT NULL,
    classification  text NOT NULL,
    manual_value    text,
    qualigate_value text,
    reason          text NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- A reconciliation reads the latest HRIS event of each record person by person.
CREATE INDEX inbound_event_employee ON inbound_event (employee_id, source, source_record_id);
