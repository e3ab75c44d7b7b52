-- Alerts on a hub's rolling percentage for a standard. At most one open alert per hub, standard
-- and window; a transition is decided under a lock, so two instances never raise the same alert.
CREATE TABLE target_alert (
    id                  UUID        PRIMARY KEY,
    hub_id              TEXT        NOT NULL,
    standard            TEXT        NOT NULL,
    time_window         TEXT        NOT NULL,
    threshold           NUMERIC     NOT NULL,
    raised_at           TIMESTAMPTZ NOT NULL,
    raised_percentage   NUMERIC     NOT NULL,
    raised_met          INT         NOT NULL,
    raised_breached     INT         NOT NULL,
    resolved_at         TIMESTAMPTZ,
    resolved_percentage NUMERIC,
    resolved_met        INT,
    resolved_breached   INT
);
CREATE UNIQUE INDEX target_alert_open ON target_alert (hub_id, standard, time_window) WHERE resolved_at IS NULL;
CREATE INDEX target_alert_recent ON target_alert (raised_at DESC);

-- A clock at risk is announced once, whichever instance sees it first.
CREATE TABLE at_risk_warning (
    referral_id  TEXT        NOT NULL,
    clock_number INT         NOT NULL,
    hub_id       TEXT        NOT NULL,
    standard     TEXT        NOT NULL,
    deadline     TIMESTAMPTZ NOT NULL,
    warned_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (referral_id, clock_number)
);
CREATE INDEX at_risk_warning_recent ON at_risk_warning (warned_at DESC);
