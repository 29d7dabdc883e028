-- Records pulled from an HRIS (and files) are stored like webhooks, with their content type; a record
-- whose shape changed (schema drift) is QUARANTINED with the difference, never mapped.
ALTER TABLE inbound_event ADD COLUMN content_type text;
ALTER TABLE inbound_event DROP CONSTRAINT inbound_event_outcome_check;
ALTER TABLE inbound_event ADD CONSTRAINT inbound_event_outcome_check
    CHECK (outcome IN ('APPLIED', 'DUPLICATE', 'STALE', 'REJECTED', 'PARKED', 'QUARANTINED'));
