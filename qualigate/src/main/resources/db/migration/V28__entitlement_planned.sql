-- The knowledge instant up to which the planner has brought each person's entitlement projection. A planner that
-- runs late finds several qualification versions recorded since (another event of the person arrived meanwhile):
-- the answers known between them are then worked out again from the ledger instead of being skipped, so the
-- projection "as known at" any instant is what the ledger knew then, whatever the planner's lag.
CREATE TABLE entitlement_planned (
    employee_id text PRIMARY KEY,
    known_at    timestamptz NOT NULL
);
