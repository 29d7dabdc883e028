-- The agreed calibration state of each instrument at each site, as the access policy takes it (decision 0064):
-- where the maintenance system and the QMS agree, or as QA's signed resolution decided. A disagreement not yet
-- resolved leaves the last agreed state here. A role whose rule names an instrument is justified only while it is
-- calibrated and its due date (valid through the end of that day in the site's zone) has not passed.
CREATE TABLE instrument_calibration (
    site             text NOT NULL,
    asset_number     text NOT NULL,
    status           text NOT NULL CHECK (status IN ('CALIBRATED', 'OUT_OF_TOLERANCE', 'OUT_OF_SERVICE')),
    due_date         date,
    last_calibration date,
    agreed_since     timestamptz NOT NULL,
    basis            text NOT NULL,
    PRIMARY KEY (site, asset_number)
);
