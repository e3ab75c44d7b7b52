-- Issue 19: hospital discharge to assess. A hospital refers before the patient leaves; the response
-- clocks start at the discharge it confirms later. The expected date moves while it waits.
ALTER TABLE referral ADD COLUMN expected_discharge_date DATE;
ALTER TABLE referral ADD COLUMN discharge_pathway       SMALLINT;
-- Whether the referral waits for a discharge at all: set at intake, never cleared.
ALTER TABLE referral ADD COLUMN awaits_discharge        BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE referral ADD COLUMN discharge_id            UUID;
ALTER TABLE referral ADD COLUMN discharged_at           TIMESTAMPTZ;
ALTER TABLE referral ADD COLUMN discharge_recorded_at   TIMESTAMPTZ;
