-- What the compliance report prints of each projection row's basis, rendered by the planner in the transaction
-- that writes the row (decision 0049): the report copies it instead of reading the basis's JSON and stating each
-- record's dates at the site again. Rows written before it have it empty; the service rebuilds the projection from
-- the ledger at start when it finds one (a rebuild regenerates and compares it with the rest of each row).
ALTER TABLE entitlement_interval ADD COLUMN report_view text NOT NULL DEFAULT '';
