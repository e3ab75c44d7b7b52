-- Episodes close with an outcome. Hub staff of the hub holding a referral close its episode with an
-- outcome code and the day it happened; the referral leaves the caseload, and EpisodeClosed is
-- announced. One episode per referral, closed once. Codes and dates only: no free text.
ALTER TABLE referral_case ADD COLUMN episode_closed_at    TIMESTAMPTZ;
ALTER TABLE referral_case ADD COLUMN episode_hub_id       TEXT REFERENCES hub (id);
ALTER TABLE referral_case ADD COLUMN episode_outcome      TEXT;
ALTER TABLE referral_case ADD COLUMN episode_outcome_date DATE;
ALTER TABLE referral_case ADD CONSTRAINT episode_closed_whole CHECK (
    (episode_closed_at IS NULL) = (episode_outcome IS NULL)
    AND (episode_closed_at IS NULL) = (episode_outcome_date IS NULL)
    AND (episode_closed_at IS NULL) = (episode_hub_id IS NULL));

-- The national 91-day follow-up of reablement after a hospital discharge (still at home 91 days
-- after the discharge), recorded against the closed episode.
ALTER TABLE referral_case ADD COLUMN follow_up_at_home      TEXT CHECK (follow_up_at_home IN ('YES', 'NO', 'UNKNOWN'));
ALTER TABLE referral_case ADD COLUMN follow_up_checked_on   DATE;
ALTER TABLE referral_case ADD COLUMN follow_up_recorded_at  TIMESTAMPTZ;

-- Where the referral came from (ReferralTriaged's source): the follow-up is for referrals from an
-- acute hospital. Null for referrals triaged before this column.
ALTER TABLE referral_case ADD COLUMN source TEXT;

-- Hospital discharges confirmed (PatientDischarged): the follow-up falls 91 days after the
-- discharge. Kept by referral id even before the referral is triaged; the earliest stands.
CREATE TABLE discharge (
    referral_id   UUID        PRIMARY KEY,
    discharged_at TIMESTAMPTZ NOT NULL
);

-- A hub's open caseload leaves closed episodes out.
DROP INDEX referral_case_open_by_hub;
CREATE INDEX referral_case_open_by_hub ON referral_case (hub_id, received_at)
    WHERE cancelled_at IS NULL AND episode_closed_at IS NULL;
-- A hub's recently closed episodes and follow-ups due.
CREATE INDEX referral_case_closed_by_hub ON referral_case (episode_hub_id, episode_closed_at)
    WHERE episode_closed_at IS NOT NULL;
