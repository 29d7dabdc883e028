-- An accepted excursion is raised as a non-conformance in the QMS (decision 0085): due from qms_due_at (set in the
-- transaction that records QA's acceptance), claimed under a lease by one instance at a time, retried with the
-- shared backoff, and done once the QMS's record id and number are stored. The excursion's id is the record's
-- external id in the QMS, so a retry finds the record it made instead of making a second.
ALTER TABLE ems_excursion
    ADD COLUMN qms_due_at      timestamptz,
    ADD COLUMN qms_record_id   text,
    ADD COLUMN qms_record_name text,
    ADD COLUMN qms_raised_at   timestamptz,
    ADD COLUMN attempts        integer NOT NULL DEFAULT 0,
    ADD COLUMN last_error      text,
    ADD COLUMN lease_token     uuid,
    ADD COLUMN lease_until     timestamptz;

-- Excursions accepted before this version were raised in the QMS by hand: they stay as they are (no qms_due_at).
CREATE INDEX ems_excursion_to_raise ON ems_excursion (qms_due_at)
    WHERE review = 'ACCEPTED' AND qms_record_id IS NULL AND qms_due_at IS NOT NULL;
