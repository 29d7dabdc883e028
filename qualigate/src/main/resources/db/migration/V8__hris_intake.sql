-- Pulled HRIS sources: one watermark per source (the end of the last window read completely), the state
-- of the last attempt, and a lease so one instance pulls a source at a time.
CREATE TABLE source_watermark (
    source          text PRIMARY KEY,
    watermark       timestamptz,
    state           text NOT NULL CHECK (state IN ('NEW', 'OK', 'UNAVAILABLE', 'DRIFT')),
    last_attempt_at timestamptz,
    last_success_at timestamptz,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    last_summary    jsonb,
    running_until   timestamptz
);

-- File imports (CSV upload or watched folder): one run per file, each rejected row with line and reason.
CREATE TABLE import_run (
    id          uuid PRIMARY KEY,
    source      text NOT NULL,
    file_name   text NOT NULL,
    sha256      text NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    summary     jsonb
);
CREATE TABLE import_rejection (
    run_id    uuid NOT NULL REFERENCES import_run (id),
    line      integer NOT NULL,
    field     text NOT NULL,
    reason    text NOT NULL,
    event_id  uuid,
    PRIMARY KEY (run_id, line, field)
);

-- Dictionary entries added at run time (besides the plant definition), so parked records can be mapped.
CREATE TABLE dictionary_entry (
    system       text NOT NULL,
    source_code  text NOT NULL,
    code         text NOT NULL,
    added_by     text NOT NULL,
    added_at     timestamptz NOT NULL,
    PRIMARY KEY (system, source_code)
);

-- What an adapter read from a pulled or imported record (the generic fields), kept so that a parked
-- record can be processed again once its employee or mapping exists; and the archive's purge mark.
ALTER TABLE inbound_event ADD COLUMN fields jsonb;
ALTER TABLE inbound_event ADD COLUMN purged_at timestamptz;
CREATE INDEX inbound_event_parked ON inbound_event (source, field) WHERE outcome = 'PARKED' AND resolved_at IS NULL;
