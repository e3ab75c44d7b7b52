-- Visits that can be trusted and corrected. A visit records its contact (in person, telephone,
-- video) and the staff role; only an attended in-person contact stops a response clock. Visits
-- recorded before this were in person, and their role was not recorded.
ALTER TABLE visit ADD COLUMN contact_type TEXT NOT NULL DEFAULT 'IN_PERSON';
ALTER TABLE visit ADD COLUMN staff_role TEXT;
-- The hub system's own id of the visit: a retry that carries it records nothing new.
ALTER TABLE visit ADD COLUMN source_visit_id TEXT;
CREATE UNIQUE INDEX visit_by_source ON visit (hub_id, source_visit_id) WHERE source_visit_id IS NOT NULL;
-- 0 as recorded; each void or correction adds one (the revision its event carries).
ALTER TABLE visit ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE visit ADD COLUMN voided_at TIMESTAMPTZ;
ALTER TABLE visit ADD COLUMN void_reason TEXT;

-- Every void and correction, with the visit as it stood before it: a visit is never deleted, and
-- what it said before a change stays readable. Reasons are codes: free text may name the patient.
CREATE TABLE visit_change (
    visit_id            UUID        NOT NULL REFERENCES visit (id),
    revision            INTEGER     NOT NULL,
    kind                TEXT        NOT NULL CHECK (kind IN ('VOIDED', 'CORRECTED')),
    changed_at          TIMESTAMPTZ NOT NULL,
    reason              TEXT        NOT NULL,
    before_referral_id  UUID        NOT NULL,
    before_hub_id       TEXT        NOT NULL,
    before_visited_at   TIMESTAMPTZ NOT NULL,
    before_outcome      TEXT        NOT NULL,
    before_contact_type TEXT        NOT NULL,
    before_staff_role   TEXT,
    PRIMARY KEY (visit_id, revision)
);
