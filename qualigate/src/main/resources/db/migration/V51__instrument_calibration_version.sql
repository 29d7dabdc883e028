-- Every agreed calibration state of each instrument, with the stretch of time Qualigate knew it (decision 0077):
-- the entitlement projection is bitemporal, so a role whose rule names an instrument is worked out at a past
-- instant, as known at a past instant, from the state agreed then, and a rebuild reproduces it. Written in the
-- transaction that changes instrument_calibration; the current state is the open version.
CREATE TABLE instrument_calibration_version (
    site             text NOT NULL,
    asset_number     text NOT NULL,
    status           text NOT NULL CHECK (status IN ('CALIBRATED', 'OUT_OF_TOLERANCE', 'OUT_OF_SERVICE')),
    due_date         date,
    last_calibration date,
    known_from       timestamptz NOT NULL,
    known_to         timestamptz,
    basis            text NOT NULL,
    PRIMARY KEY (site, asset_number, known_from),
    CHECK (known_to IS NULL OR known_to > known_from)
);

-- the states agreed before versions were kept: each known from when it was agreed
INSERT INTO instrument_calibration_version (site, asset_number, status, due_date, last_calibration, known_from, basis)
SELECT site, asset_number, status, due_date, last_calibration, agreed_since, basis FROM instrument_calibration;
