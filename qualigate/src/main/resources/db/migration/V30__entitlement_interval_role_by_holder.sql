-- Who held a role at an instant, one page at a time (decision 0049): the role view's first page is the first
-- holders in employee order after a cursor, and its totals a count of them. Ordered by employee ID within the role,
-- with the instants beside it, both are read from the index alone, in order, stopping at the page's end, instead of
-- every holder's ID read, sorted and sent to the service on every page. It replaces the index by (role, valid_from):
-- at a past instant most of a role's rows start before it, so the start instant narrowed little.
DROP INDEX entitlement_interval_role;
CREATE INDEX entitlement_interval_role ON entitlement_interval (role, employee_id)
    INCLUDE (valid_from, valid_to, known_from, known_to);
