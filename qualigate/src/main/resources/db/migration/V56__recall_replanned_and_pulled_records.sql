-- A recall whose product or batch range changes after its plan was made is planned again (decision 0084).

-- The scope the plan was last made for (material|plant|first|last): a stored version of another scope means the
-- plan is due to be made again. Plans made before this column existed were made for the scope stored now.
ALTER TABLE quality_recall ADD COLUMN planned_scope text;
UPDATE quality_recall SET planned_scope = material || '|' || plant || '|' || first_batch || '|' || last_batch
    WHERE planned_at IS NOT NULL;

-- A batch the recall's range no longer covers keeps its row, so that the rules can still give back what the
-- recall blocked: left_range_at is when the plan dropped it (null while the range covers it).
ALTER TABLE quality_recall_batch ADD COLUMN left_range_at timestamptz;
