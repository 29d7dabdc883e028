-- The compliance report's rows of a chunk of people at an instant (decision 0103): the rows of those people whose
-- validity and knowledge both span the instant. By entitlement_interval_person (employee_id, known_to) PostgreSQL
-- fetched every row of the 2,000 people of a chunk from the table (17,860 rows, each with its ~760 bytes of rendered
-- basis) to keep the 3,914 in force at the instant. With the four instants in the key, open ends as 'infinity' (the
-- columns keep NULL for an open end; only the index's key and the statement that uses it say 'infinity'), the whole
-- time filter is an index condition: only the rows in force are fetched, and they come in employee and role order,
-- as the report prints them, without a sort.
CREATE INDEX entitlement_interval_in_force ON entitlement_interval (
    employee_id,
    role,
    valid_from,
    (COALESCE(valid_to, 'infinity'::timestamptz)),
    known_from,
    (COALESCE(known_to, 'infinity'::timestamptz)));
