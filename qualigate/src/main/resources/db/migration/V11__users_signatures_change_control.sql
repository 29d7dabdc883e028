-- Part 11 controls: users and roles, electronic signatures, and change control of rules, dictionary
-- mappings and run-time parameters.

-- Users: the id comes from an identity sequence and a row is never deleted (the application role has no
-- DELETE on it, below in afterMigrate.sql), so neither an id nor a user name is ever given to someone else.
CREATE TABLE app_user (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username             text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._@-]{1,63}$'),
    display_name         text NOT NULL,
    kind                 text NOT NULL CHECK (kind IN ('PERSON', 'SERVICE')),
    roles                text[] NOT NULL,
    enabled              boolean NOT NULL DEFAULT true,
    password_hash        text,
    password_set_at      timestamptz,
    password_expires_at  timestamptz,
    failed_attempts      integer NOT NULL DEFAULT 0,
    locked_at            timestamptz,
    time_zone            text NOT NULL DEFAULT 'UTC',
    email                text,
    origin               text NOT NULL CHECK (origin IN ('CONFIGURATION', 'API', 'OIDC')),
    created_at           timestamptz NOT NULL,
    created_by           text NOT NULL
);

-- Every password a user has had (hashes only), for the history rule.
CREATE TABLE password_history (
    user_id        bigint NOT NULL REFERENCES app_user (id),
    password_hash  text NOT NULL,
    set_at         timestamptz NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, set_at DESC);

-- Electronic signatures (21 CFR 11.50, 11.70): who (id and printed name), when (UTC and the signer's zone),
-- what it means, bound to the SHA-256 of the signed record's canonical content; signature_sha256 covers
-- every field, so neither the signature nor the record can change unnoticed.
CREATE TABLE e_signature (
    id                uuid PRIMARY KEY,
    seq               bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    record_type       text NOT NULL,
    record_id         text NOT NULL,
    record_sha256     text NOT NULL,
    meaning           text NOT NULL,
    signer_id         bigint NOT NULL REFERENCES app_user (id),
    signer_username   text NOT NULL,
    printed_name      text NOT NULL,
    signed_at         timestamptz NOT NULL,
    signer_zone       text NOT NULL,
    reason            text,
    signature_sha256  text NOT NULL
);
CREATE INDEX e_signature_record ON e_signature (record_type, record_id, seq);

-- Change sets: a proposed edit of the rules (plant definition), the dictionary or run-time parameters.
-- The row holds the state; each drafted content is a version row that is never changed.
CREATE TABLE change_set (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text NOT NULL CHECK (kind IN ('RULES', 'DICTIONARY', 'PARAMETERS')),
    title            text NOT NULL,
    state            text NOT NULL CHECK (state IN ('DRAFT', 'AUTHORED', 'APPROVED', 'REJECTED')),
    author           text NOT NULL,
    latest_version   integer NOT NULL,
    created_at       timestamptz NOT NULL,
    decided_by       text,
    decided_at       timestamptz,
    decision_reason  text
);

CREATE TABLE change_set_version (
    change_set_id   bigint NOT NULL REFERENCES change_set (id),
    version         integer NOT NULL,
    content         text NOT NULL,
    content_sha256  text NOT NULL,
    drafted_by      text NOT NULL,
    drafted_at      timestamptz NOT NULL,
    PRIMARY KEY (change_set_id, version)
);

-- Run-time parameters in force: one row per approved value, the latest per name wins.
CREATE TABLE parameter_value (
    seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           text NOT NULL,
    value          text NOT NULL,
    change_set_id  bigint NOT NULL REFERENCES change_set (id),
    approved_at    timestamptz NOT NULL
);
CREATE INDEX parameter_value_name ON parameter_value (name, seq DESC);

-- The rules in force are the rules_version row with the highest seq: the file's version at first start,
-- an approved change set after that.
ALTER TABLE rules_version ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE rules_version ADD COLUMN change_set_id bigint REFERENCES change_set (id);

CREATE FUNCTION part11_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER e_signature_no_update BEFORE UPDATE OR DELETE ON e_signature
    FOR EACH ROW EXECUTE FUNCTION part11_is_append_only();
CREATE TRIGGER e_signature_no_truncate BEFORE TRUNCATE ON e_signature
    FOR EACH STATEMENT EXECUTE FUNCTION part11_is_append_only();
CREATE TRIGGER change_set_version_no_update BEFORE UPDATE OR DELETE ON change_set_version
    FOR EACH ROW EXECUTE FUNCTION part11_is_append_only();
CREATE TRIGGER change_set_version_no_truncate BEFORE TRUNCATE ON change_set_version
    FOR EACH STATEMENT EXECUTE FUNCTION part11_is_append_only();
CREATE TRIGGER parameter_value_no_update BEFORE UPDATE OR DELETE ON parameter_value
    FOR EACH ROW EXECUTE FUNCTION part11_is_append_only();
CREATE TRIGGER password_history_no_update BEFORE UPDATE OR DELETE ON password_history
    FOR EACH ROW EXECUTE FUNCTION part11_is_append_only();
