-- Hubs with capacity. Each hub takes at most a daily number of new referrals per pathway (a day in
-- Europe/London); the defaults are configuration, admin's changes are kept here and win. A row with
-- no limit says "unlimited" over a configured default.
CREATE TABLE hub_capacity (
    hub_id      TEXT        NOT NULL REFERENCES hub (id),
    pathway     TEXT        NOT NULL CHECK (pathway <> 'NOT_ACCEPTED'),
    daily_limit INTEGER     CHECK (daily_limit >= 0),
    changed_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (hub_id, pathway)
);

-- Why each allocation went where it did (HOME_HUB, OVERFLOW, MANUAL, MANUAL_OVER_CAPACITY) and the
-- hubs passed over as full, comma-separated; null for allocations made before capacity existed.
ALTER TABLE allocation ADD COLUMN reason    TEXT;
ALTER TABLE allocation ADD COLUMN full_hubs TEXT;
-- A day's use is counted from the allocations each hub took that day.
CREATE INDEX allocation_by_hub_and_time ON allocation (hub_id, allocated_at);

-- Why a referral that needs a hub has none (NO_COVERING_HUB, ALL_HUBS_FULL), and the full hubs.
ALTER TABLE referral_case ADD COLUMN unallocated_reason TEXT;
ALTER TABLE referral_case ADD COLUMN full_hubs          TEXT;
