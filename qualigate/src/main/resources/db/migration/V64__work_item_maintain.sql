-- The delivery worker vacuums its queue of work items (decision 0111): every item leaves dead rows behind (its
-- request's, its lease's and its completion's), and autovacuum reaches the table only a minute apart, during which the
-- queue slows down. VACUUM needs the MAINTAIN right (PostgreSQL 17 and later); it changes no row. On an older server
-- the worker leaves the queue to autovacuum.
DO $$ BEGIN
    IF current_setting('server_version_num')::int >= 170000 THEN
        EXECUTE 'GRANT MAINTAIN ON TABLE work_item TO ${app_role}';
    END IF;
END $$;
