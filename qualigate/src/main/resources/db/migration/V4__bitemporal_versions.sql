-- Each version keeps what the source sent (original date texts, source code), so the ledger can be read
-- as it was known at any past instant: recorded_at is when Qualigate learned the version.
ALTER TABLE qualification_version ADD COLUMN completed_original text;
ALTER TABLE qualification_version ADD COLUMN expires_original text;
ALTER TABLE qualification_version ADD COLUMN source_code text;
UPDATE qualification_version v SET completed_original = q.completed_original, expires_original = q.expires_original,
    source_code = q.source_code
FROM qualification q WHERE q.id = v.qualification_id AND q.source_version = v.source_version;
CREATE INDEX qualification_version_known ON qualification_version (qualification_id, recorded_at);

-- The plant definition text of every version, so rules can be applied as they were in force then.
ALTER TABLE rules_version ADD COLUMN content text;
