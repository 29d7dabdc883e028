-- Periodic jobs that are not naturally shared out by SKIP LOCKED (the HRIS directory sync) run once
-- cluster-wide: an instance takes a PostgreSQL advisory lock for the run, and this row tells the others
-- that the job ran recently, so several instances on one database do not each run it on their own schedule.
CREATE TABLE cluster_job (
    name              text PRIMARY KEY,
    runs              bigint NOT NULL DEFAULT 0,
    last_started_at   timestamptz NOT NULL,
    last_finished_at  timestamptz,
    last_instance     text NOT NULL
);

GRANT SELECT, INSERT, UPDATE ON cluster_job TO ${app_role};
