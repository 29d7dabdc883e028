-- Notices are sent in the order they were queued. Two queued in the same instant (an alert and its all-clear when a
-- cause clears at once) had the same due time and went out in an arbitrary order; the number each notice is given as
-- it is queued breaks the tie. Notices already queued are numbered in the table's order.
ALTER TABLE notice ADD COLUMN queued bigint GENERATED ALWAYS AS IDENTITY;
