-- Calibration status conflicts: the maintenance system (Maximo) and the QMS's equipment record compared
-- instrument by instrument; a difference waits for QA with both versions, and QA's signed resolution is applied
-- to the side found wrong (level-triggered) or recorded as accepted.

-- Each comparison: what was read from each side, what was concluded, or why nothing was (a failed read).
CREATE TABLE calibration_run (
    id                uuid PRIMARY KEY,
    trigger           text NOT NULL,
    started_at        timestamptz NOT NULL,
    finished_at       timestamptz NOT NULL,
    maintenance_read  integer NOT NULL DEFAULT 0,
    qms_read          integer NOT NULL DEFAULT 0,
    unreadable        integer NOT NULL DEFAULT 0,
    agreed            integer NOT NULL DEFAULT 0,
    opened            integer NOT NULL DEFAULT 0,
    superseded        integer NOT NULL DEFAULT 0,
    only_maintenance  integer NOT NULL DEFAULT 0,
    only_qms          integer NOT NULL DEFAULT 0,
    error             text
);
CREATE INDEX calibration_run_started ON calibration_run (started_at DESC);

-- Records either side sent that cannot be used, kept as received with the field and the reason; the same
-- record seen again only moves last_seen_at.
CREATE TABLE calibration_unreadable (
    id            uuid PRIMARY KEY,
    system        text NOT NULL CHECK (system IN ('MAINTENANCE', 'QMS')),
    record_key    text NOT NULL,
    field         text NOT NULL,
    reason        text NOT NULL,
    raw           text NOT NULL,
    raw_sha256    text NOT NULL,
    first_seen_at timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    UNIQUE (system, raw_sha256)
);

-- One conflict per pair of differing versions of an instrument while it answers for that pair (open, its
-- correction pending, or the difference accepted); at most one open per instrument. A resolution that keeps one
-- side is applied to the other (correction PENDING until the wrong side holds the chosen version, then APPLIED);
-- ACCEPT changes neither (NOT_NEEDED). A pair that comes back after it was corrected or superseded is a new
-- conflict.
CREATE TABLE calibration_conflict (
    id                  uuid PRIMARY KEY,
    asset_number        text NOT NULL,
    site                text NOT NULL,
    maintenance_version jsonb NOT NULL,
    maintenance_sha256  text NOT NULL,
    qms_version         jsonb NOT NULL,
    qms_sha256          text NOT NULL,
    differences         text NOT NULL,
    detected_at         timestamptz NOT NULL,
    state               text NOT NULL CHECK (state IN ('OPEN', 'RESOLVED', 'SUPERSEDED')),
    superseded_at       timestamptz,
    superseded_reason   text,
    resolution          text CHECK (resolution IN ('KEEP_MAINTENANCE', 'KEEP_QMS', 'ACCEPT')),
    resolved_by         text,
    resolution_reason   text,
    resolved_at         timestamptz,
    correction          text CHECK (correction IN ('PENDING', 'APPLIED', 'NOT_NEEDED')),
    next_attempt_at     timestamptz,
    attempts            integer NOT NULL DEFAULT 0,
    last_error          text,
    applied_at          timestamptz
);
CREATE UNIQUE INDEX calibration_conflict_pair ON calibration_conflict (asset_number, site, maintenance_sha256, qms_sha256)
    WHERE state = 'OPEN' OR correction IN ('PENDING', 'NOT_NEEDED');
CREATE UNIQUE INDEX calibration_conflict_one_open ON calibration_conflict (asset_number, site) WHERE state = 'OPEN';
CREATE INDEX calibration_conflict_pending ON calibration_conflict (next_attempt_at) WHERE correction = 'PENDING';
