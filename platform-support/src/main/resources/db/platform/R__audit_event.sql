-- The audit trail of patient data: who (subject, roles, scope) read or changed what (action, the
-- referrals concerned), when and from where. Ids and codes only: never an NHS number or a name.
-- Append-only: the triggers below refuse every UPDATE, DELETE and TRUNCATE.
-- Repeatable (R__) rather than versioned, so that Flyway applies it after each service's own
-- migrations, whatever their versions, on a database of any age; every statement is idempotent.
CREATE TABLE IF NOT EXISTS audit_event (
    id              BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at     TIMESTAMPTZ NOT NULL,
    subject         TEXT        NOT NULL,
    roles           TEXT[]      NOT NULL,
    organisations   TEXT[]      NOT NULL,
    hubs            TEXT[]      NOT NULL,
    ldu             TEXT,
    action          TEXT        NOT NULL,
    target          TEXT,
    referral_ids    UUID[]      NOT NULL,
    client_address  TEXT
);

-- By referral (any of those a line concerns) and by subject, newest first.
CREATE INDEX IF NOT EXISTS audit_event_by_referral ON audit_event USING GIN (referral_ids);
CREATE INDEX IF NOT EXISTS audit_event_by_subject ON audit_event (subject, id);

CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP;
END
$$;

DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
