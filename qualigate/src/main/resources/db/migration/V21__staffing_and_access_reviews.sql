-- Staffing alerts and access reviews (decisions 0036, 0037).

-- A notice may concern no one person (a line's staffing, kind STAFFING): the person is optional, and a kind is any
-- upper-case word, so that modules adding their own kinds of notice do not have to replace each other's list.
ALTER TABLE notice ALTER COLUMN employee_id DROP NOT NULL;
ALTER TABLE notice DROP CONSTRAINT IF EXISTS notice_kind_check;
ALTER TABLE notice ADD CONSTRAINT notice_kind_check CHECK (kind ~ '^[A-Z][A-Z_]{1,39}$');

-- A reviewer's signed revocation of one role of one person: the planner leaves the role out until QA lifts it.
CREATE TABLE access_suspension (
    id            uuid        PRIMARY KEY,
    employee_id   text        NOT NULL,
    role          text        NOT NULL,
    reason        text        NOT NULL,
    suspended_by  text        NOT NULL,
    since         timestamptz NOT NULL,
    campaign_id   bigint,
    item_id       bigint,
    status        text        NOT NULL CHECK (status IN ('ACTIVE', 'LIFTED')),
    lifted_by     text,
    lifted_at     timestamptz,
    lift_reason   text,
    CHECK ((status = 'LIFTED') = (lifted_at IS NOT NULL))
);
CREATE UNIQUE INDEX access_suspension_active ON access_suspension (employee_id, role) WHERE status = 'ACTIVE';

-- A periodic review of who holds access (Part 11 §11.10(d), Annex 11 §12): started by a QA approver for a site or
-- a role; each holder listed with their basis as it stood at the start; each decided with a signature.
CREATE TABLE access_review_campaign (
    id            bigserial   PRIMARY KEY,
    title         text        NOT NULL,
    scope_kind    text        NOT NULL CHECK (scope_kind IN ('SITE', 'ROLE')),
    scope         text        NOT NULL,
    started_by    text        NOT NULL,
    started_at    timestamptz NOT NULL,
    status        text        NOT NULL CHECK (status IN ('OPEN', 'COMPLETED')),
    completed_by  text,
    completed_at  timestamptz
);

CREATE TABLE access_review_item (
    id            bigserial   PRIMARY KEY,
    campaign_id   bigint      NOT NULL REFERENCES access_review_campaign (id),
    employee_id   text        NOT NULL,
    person_name   text        NOT NULL,
    site          text        NOT NULL,
    target        text        NOT NULL,
    role          text        NOT NULL,
    basis         text        NOT NULL,
    held_since    timestamptz NOT NULL,
    valid_until   timestamptz,
    decision      text        CHECK (decision IN ('CONFIRMED', 'REVOKED')),
    reason        text,
    decided_by    text,
    decided_at    timestamptz,
    signature_id  uuid,
    suspension_id uuid,
    UNIQUE (campaign_id, employee_id, target, role),
    CHECK ((decision IS NULL) = (decided_at IS NULL))
);
CREATE INDEX access_review_item_campaign ON access_review_item (campaign_id, id);

-- The campaign's result as signed: kept as made (PDF and CSV with their SHA-256), never changed.
CREATE TABLE access_review_report (
    campaign_id   bigint      PRIMARY KEY REFERENCES access_review_campaign (id),
    generated_at  timestamptz NOT NULL,
    generated_by  text        NOT NULL,
    pdf           bytea       NOT NULL,
    pdf_sha256    text        NOT NULL,
    csv           bytea       NOT NULL,
    csv_sha256    text        NOT NULL,
    signature_id  uuid        NOT NULL
);
