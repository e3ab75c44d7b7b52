-- A BED_BASED decision ("pathway 3") names the bed a clinician chose and, once known, when it was
-- arranged. Null on every other decision, and on the rules' bed-based decisions, which wait on the
-- review queue (BED_TYPE_NEEDED) for a clinician to choose the bed.
ALTER TABLE triage_decision ADD COLUMN bed_type TEXT;
ALTER TABLE triage_decision ADD COLUMN bed_arranged_at TIMESTAMPTZ;
ALTER TABLE triage_decision ADD CONSTRAINT triage_decision_bed_only_bed_based
    CHECK (pathway = 'BED_BASED' OR (bed_type IS NULL AND bed_arranged_at IS NULL));
