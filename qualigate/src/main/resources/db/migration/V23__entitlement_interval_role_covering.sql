-- Who held a role at an instant (decision 0042): the role view counts and pages all holders of a role from their
-- IDs alone. With the instants and the employee ID in the index, that range query reads the index only (once
-- autovacuum has marked the table's pages all-visible) instead of every row with its basis (about 1 KB of JSON
-- each, stored in the row).
DROP INDEX entitlement_interval_role;
CREATE INDEX entitlement_interval_role ON entitlement_interval (role, valid_from)
    INCLUDE (valid_to, known_from, known_to, employee_id);
