-- A resolution's correction is worked through the one leased work queue (decision 0050): a claim takes the row
-- with a lease token until the lease runs out, so a worker that lost its lease records nothing.
ALTER TABLE calibration_conflict
    ADD COLUMN lease_token uuid,
    ADD COLUMN lease_until timestamptz;
