-- Issue 19.6: a referrer system told without polling. FHIR R4 Subscriptions (rest-hook) on an
-- organisation's Tasks, and the notifications owed to them: written in the transaction of the status
-- change, deleted once delivered, retried with backoff until then. Ids and codes only.
CREATE TABLE fhir_subscription (
    id          UUID        PRIMARY KEY,
    ods_code    TEXT        NOT NULL,
    criteria    TEXT        NOT NULL,
    -- The referral statuses the criteria select; empty: every status.
    statuses    TEXT[]      NOT NULL,
    endpoint    TEXT        NOT NULL,
    -- channel.header, each "Name: value": the referrer's own credentials for its endpoint.
    headers     TEXT[]      NOT NULL,
    -- channel.payload application/fhir+json: the Task is PUT to <endpoint>/Task/<id>; otherwise an empty POST.
    payload     BOOLEAN     NOT NULL,
    reason      TEXT        NOT NULL,
    status      TEXT        NOT NULL,
    error       TEXT,
    end_at      TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT
);
CREATE INDEX fhir_subscription_by_organisation ON fhir_subscription (ods_code);

-- One row per subscription and referral while a notification is owed: a later change of the same
-- referral raises its sequence, so that a failing endpoint gets the latest Task once it is back.
CREATE TABLE subscription_notification (
    subscription_id UUID        NOT NULL REFERENCES fhir_subscription (id) ON DELETE CASCADE,
    referral_id     UUID        NOT NULL,
    sequence        INTEGER     NOT NULL,
    due_at          TIMESTAMPTZ NOT NULL,
    attempts        INTEGER     NOT NULL DEFAULT 0,
    last_error      TEXT,
    PRIMARY KEY (subscription_id, referral_id)
);
CREATE INDEX subscription_notification_due ON subscription_notification (due_at);
