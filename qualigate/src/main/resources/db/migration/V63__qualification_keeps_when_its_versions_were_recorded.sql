-- Each record keeps when its versions were recorded (decision 0110), so the planner reads a group's records once
-- instead of reading them and then each record's versions: latest_version_at is the latest instant a version of the
-- record was recorded, earlier_version_at the latest instant before that one a version of it was recorded (NULL
-- when there is none). The statement that writes a version writes both, under the record's row lock
-- (ledger/QualificationRecorder); NULL in both only for a record without versions.
ALTER TABLE qualification ADD COLUMN latest_version_at timestamptz, ADD COLUMN earlier_version_at timestamptz;

-- The records stored before: both taken from their versions (only rows not yet filled, so the statement can be run
-- again on the rows it left empty).
UPDATE qualification q SET latest_version_at = v.latest, earlier_version_at = v.earlier
FROM (SELECT qualification_id, max(recorded_at) AS latest,
             (array_agg(DISTINCT recorded_at ORDER BY recorded_at DESC))[2] AS earlier
      FROM qualification_version GROUP BY qualification_id) AS v
WHERE v.qualification_id = q.id AND q.latest_version_at IS NULL;
