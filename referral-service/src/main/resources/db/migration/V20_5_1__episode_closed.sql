-- Issue 20.5: hub staff close a referral's episode with an outcome (EpisodeClosed); its referrer hears of it.
-- A CLOSED timeline row keeps the outcome code in reason_code and the day of the outcome here.
ALTER TABLE referral_timeline ADD COLUMN outcome_date DATE;
