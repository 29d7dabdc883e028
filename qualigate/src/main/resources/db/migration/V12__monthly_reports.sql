-- The monthly compliance report (decision 0017): generated on the first of each month for the previous
-- calendar month (UTC), or on demand; each generation is kept as it was produced, PDF and CSV side by side,
-- with their SHA-256 so that a copy handed to an inspector can be checked against the stored one.
CREATE TABLE monthly_report (
    id            uuid        PRIMARY KEY,
    month         date        NOT NULL,
    period_start  timestamptz NOT NULL,
    period_end    timestamptz NOT NULL,
    generated_at  timestamptz NOT NULL,
    generated_by  text        NOT NULL,
    role_changes  integer     NOT NULL,
    pdf           bytea       NOT NULL,
    pdf_sha256    text        NOT NULL,
    csv           bytea       NOT NULL,
    csv_sha256    text        NOT NULL,
    CHECK (extract(day FROM month) = 1)
);
CREATE INDEX monthly_report_month ON monthly_report (month, generated_at);
