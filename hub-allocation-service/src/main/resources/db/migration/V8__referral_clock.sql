-- Each response clock of a referral as the target monitor judges it (ResponseClockChanged on
-- response-clocks): the caseload's deadlines. The rules stay in the monitor; this is its last word,
-- the later changed_at standing, so events out of order or repeated leave the same row. No foreign
-- key: a clock may be announced before this service has applied the decision that started it.
CREATE TABLE referral_clock (
    referral_id  UUID        NOT NULL,
    clock_number INTEGER     NOT NULL CHECK (clock_number >= 1),
    standard     TEXT        NOT NULL,
    status       TEXT        NOT NULL,
    hub_id       TEXT        NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    deadline     TIMESTAMPTZ NOT NULL,
    changed_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (referral_id, clock_number)
);
