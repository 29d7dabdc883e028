-- The sealer vacuums the queue of unsealed audit entries it empties (decision 0101): every sealed entry leaves a
-- dead row there, and autovacuum reaches the table only minutes apart. VACUUM needs the MAINTAIN right
-- (PostgreSQL 17 and later); it changes no row. On an older server the sealer leaves the queue to autovacuum.
DO $$ BEGIN
    IF current_setting('server_version_num')::int >= 170000 THEN
        EXECUTE 'GRANT MAINTAIN ON TABLE audit_pending TO ${app_role}';
    END IF;
END $$;
