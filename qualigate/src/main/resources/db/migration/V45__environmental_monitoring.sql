-- Environmental monitoring: EMS readings consumed from Kafka (decision 0066). Every reading is not stored (that
-- is the EMS's own record); what is stored is where each partition was read to, a per-room, per-parameter,
-- per-minute aggregate, the excursions (one row per episode beyond an action limit, which is the NC draft QA
-- reviews) and the records that could not be used.

-- The next offset to read per topic partition, written in the same transaction as the effects of the records
-- before it: a batch delivered again is skipped record by record, so it never counts or raises anything twice.
CREATE TABLE ems_partition_offset (
    topic        text NOT NULL,
    partition    integer NOT NULL,
    next_offset  bigint NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (topic, partition)
);

-- Per room, parameter and minute (of the reading's own time): how many readings, how many beyond the alert and
-- the action limit, and the smallest, largest and summed value.
CREATE TABLE ems_reading_minute (
    room           text NOT NULL,
    parameter      text NOT NULL,
    minute         timestamptz NOT NULL,
    readings       integer NOT NULL,
    beyond_alert   integer NOT NULL,
    beyond_action  integer NOT NULL,
    min_value      double precision NOT NULL,
    max_value      double precision NOT NULL,
    sum_value      double precision NOT NULL,
    PRIMARY KEY (room, parameter, minute)
);

-- An excursion episode: a room's parameter beyond its action limit from the first reading beyond it until every
-- sensor that was beyond is back within. Once it has lasted as long as the limit asks (0 s for particles, 60 s
-- for a pressure drop) it is an NC draft waiting for QA; QA raises it as a non-conformance or dismisses it,
-- under signature.
CREATE TABLE ems_excursion (
    id               uuid PRIMARY KEY,
    room             text NOT NULL,
    site             text NOT NULL,
    grade            text NOT NULL,
    parameter        text NOT NULL,
    unit             text NOT NULL,
    limit_value      double precision NOT NULL,
    limit_below      boolean NOT NULL,
    started_at       timestamptz NOT NULL,
    first_reading    jsonb NOT NULL,
    first_position   text NOT NULL,
    worst_value      double precision NOT NULL,
    readings_beyond  integer NOT NULL,
    sensors_beyond   text[] NOT NULL,
    draft_at         timestamptz,
    ended_at         timestamptz,
    last_reading     jsonb,
    review           text NOT NULL DEFAULT 'NONE' CHECK (review IN ('NONE', 'PENDING', 'ACCEPTED', 'DISMISSED')),
    reviewed_by      text,
    review_reason    text,
    reviewed_at      timestamptz,
    signature        text
);
-- at most one open episode per room and parameter
CREATE UNIQUE INDEX ems_excursion_open ON ems_excursion (room, parameter) WHERE ended_at IS NULL;
CREATE INDEX ems_excursion_review ON ems_excursion (review, started_at);

-- Records that are not a usable reading (not JSON, failing the schema, an unknown room or version), kept as
-- received with the field and the reason; their offsets are passed like any other.
CREATE TABLE ems_unreadable (
    topic        text NOT NULL,
    partition    integer NOT NULL,
    record_offset bigint NOT NULL,
    record_key   text,
    value        text NOT NULL,
    field        text NOT NULL,
    reason       text NOT NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (topic, partition, record_offset)
);
CREATE INDEX ems_unreadable_received ON ems_unreadable (received_at DESC);
