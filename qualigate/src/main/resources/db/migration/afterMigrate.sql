-- Runs after every migration: the application role may read and write every table the migrations made,
-- except that the audit trail and the qualification history are append-only for it.
GRANT USAGE ON SCHEMA public TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app_role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app_role};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM ${app_role};
-- Unsealed audit entries (V19): written with the change, removed only by the sealer once chained (a trigger
-- checks that the sealed copy is in audit_event); never updated.
REVOKE UPDATE, TRUNCATE ON audit_pending FROM ${app_role};
REVOKE UPDATE, DELETE, TRUNCATE ON qualification_version FROM ${app_role};
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON flyway_schema_history FROM ${app_role};
-- Part 11 (V11): users are never deleted (ids are never reused); signatures, change-set versions, parameter
-- values and password history are append-only.
REVOKE DELETE, TRUNCATE ON app_user FROM ${app_role};
REVOKE UPDATE, DELETE, TRUNCATE ON e_signature FROM ${app_role};
REVOKE UPDATE, DELETE, TRUNCATE ON change_set_version FROM ${app_role};
REVOKE UPDATE, DELETE, TRUNCATE ON parameter_value FROM ${app_role};
REVOKE UPDATE, DELETE, TRUNCATE ON password_history FROM ${app_role};
-- A generated monthly report is a record: it is never changed, a new generation is added beside it.
REVOKE UPDATE, DELETE, TRUNCATE ON monthly_report FROM ${app_role};
-- V18: the history of what each target held is kept for the life of the system (rows are closed, never removed).
REVOKE DELETE, TRUNCATE ON assignment_history FROM ${app_role};
-- V18: a rebuild of the entitlement projection refreshes the table's statistics itself (MAINTAIN exists from
-- PostgreSQL 17; before, autovacuum does it).
DO $$ BEGIN
    IF current_setting('server_version_num')::int >= 170000 THEN
        EXECUTE 'GRANT MAINTAIN ON entitlement_interval TO ${app_role}';
    END IF;
END $$;
-- Access reviews (V21): campaigns, their items and suspensions are never deleted; a signed report never changes.
REVOKE DELETE, TRUNCATE ON access_review_campaign, access_review_item, access_suspension FROM ${app_role};
REVOKE UPDATE, DELETE, TRUNCATE ON access_review_report FROM ${app_role};
