-- The triage rules as versioned data: a table per version (its CSV form), drafted by admin, in
-- effect from a stated time once a second person with clinical authority approves it.
CREATE TABLE rule_version (
    version         INTEGER     PRIMARY KEY,
    status          TEXT        NOT NULL CHECK (status IN ('DRAFT', 'APPROVED', 'WITHDRAWN')),
    -- Asked for by the draft; on approval, never before the approval itself.
    effective_from  TIMESTAMPTZ NOT NULL,
    table_csv       TEXT        NOT NULL,
    note            TEXT        NOT NULL,
    created_by      TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    decided_by      TEXT,
    decided_at      TIMESTAMPTZ
);

CREATE INDEX rule_version_in_effect ON rule_version (effective_from DESC, version DESC) WHERE status = 'APPROVED';

-- Each decision of the rules names the version that made it, and whether a clinician must confirm it.
ALTER TABLE triage_decision ADD COLUMN rule_version INTEGER;
ALTER TABLE triage_decision ADD COLUMN to_confirm BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE triage_decision SET rule_version = 1 WHERE decided_by = 'rules';
UPDATE triage_decision SET to_confirm = TRUE WHERE decided_by = 'rules' AND rule = 'NURSING_DEFAULT';
ALTER TABLE triage_decision ADD COLUMN replaces_rule_version INTEGER;
UPDATE triage_decision d SET replaces_rule_version = p.rule_version
  FROM triage_decision p
 WHERE p.referral_id = d.referral_id AND p.decision_number = d.decision_number - 1;

-- A dry run decides past referrals again: it needs every input of the rules.
ALTER TABLE triage_case ADD COLUMN discharge_pathway SMALLINT;
