-- The QMS announced that an instrument's calibration changed (signed webhook equipment.calibration-changed): a
-- request to read the two systems again, kept in the intake's transaction so it is never lost, and done once a
-- comparison that started after it has concluded.
CREATE TABLE calibration_reread (
    id            uuid PRIMARY KEY,
    site          text,
    asset_number  text NOT NULL,
    event_id      uuid NOT NULL,
    requested_at  timestamptz NOT NULL,
    done_at       timestamptz,
    run_id        uuid
);
CREATE INDEX calibration_reread_pending ON calibration_reread (requested_at) WHERE done_at IS NULL;
