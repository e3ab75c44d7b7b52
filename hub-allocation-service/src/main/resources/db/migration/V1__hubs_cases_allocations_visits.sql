-- hub-allocation-service holds operational facts only: referral ids, times, pathways, postcode
-- districts, hubs and visits. No patient identifiers are ever stored here.

-- The community hubs. Their coverage is changed at runtime through PUT /api/hubs/{hubId}/districts.
CREATE TABLE hub (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

-- A postcode district belongs to at most one hub: the district is the key.
CREATE TABLE hub_district (
    district TEXT PRIMARY KEY CHECK (district ~ '^[A-Z]{1,2}[0-9][0-9A-Z]?$'),
    hub_id   TEXT NOT NULL REFERENCES hub (id)
);
CREATE INDEX hub_district_by_hub ON hub_district (hub_id);

-- A triaged referral as the hubs see it. pathway, standard and postcode_district are those of the
-- newest triage decision (decision_number); an older decision arriving late never overwrites them.
CREATE TABLE referral_case (
    referral_id         UUID        PRIMARY KEY,
    received_at         TIMESTAMPTZ NOT NULL,
    decision_number     INTEGER     NOT NULL CHECK (decision_number >= 1),
    decided_at          TIMESTAMPTZ NOT NULL,
    pathway             TEXT        NOT NULL,
    standard            TEXT,
    postcode_district   TEXT,
    hub_id              TEXT        REFERENCES hub (id),
    allocation_number   INTEGER     NOT NULL DEFAULT 0,
    allocated_at        TIMESTAMPTZ,
    cancelled_at        TIMESTAMPTZ,
    cancellation_reason TEXT,
    first_seen_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX referral_case_open_by_hub ON referral_case (hub_id, received_at) WHERE cancelled_at IS NULL;
CREATE INDEX referral_case_unallocated ON referral_case (received_at)
    WHERE hub_id IS NULL AND cancelled_at IS NULL AND pathway <> 'NOT_ACCEPTED';

-- Every allocation of a referral, in order: the hub holding a referral at a time is the latest
-- allocation at or before it.
CREATE TABLE allocation (
    id                UUID        PRIMARY KEY,
    referral_id       UUID        NOT NULL REFERENCES referral_case (referral_id),
    allocation_number INTEGER     NOT NULL CHECK (allocation_number >= 1),
    hub_id            TEXT        NOT NULL REFERENCES hub (id),
    allocated_at      TIMESTAMPTZ NOT NULL,
    method            TEXT        NOT NULL,
    pathway           TEXT        NOT NULL,
    recorded_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (referral_id, allocation_number)
);

-- The visits hub staff recorded, with the hub that held the referral when it was recorded.
CREATE TABLE visit (
    id          UUID        PRIMARY KEY,
    referral_id UUID        NOT NULL REFERENCES referral_case (referral_id),
    hub_id      TEXT        NOT NULL REFERENCES hub (id),
    visited_at  TIMESTAMPTZ NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    outcome     TEXT        NOT NULL
);
CREATE INDEX visit_by_referral ON visit (referral_id, visited_at);

-- Cancellations, kept by referral id even when they arrive before the referral was triaged, so
-- that the case is born cancelled. Only the reason code is kept: the free text may identify the
-- patient.
CREATE TABLE cancellation (
    referral_id  UUID        PRIMARY KEY,
    cancelled_at TIMESTAMPTZ NOT NULL,
    reason       TEXT        NOT NULL
);

-- The six community hubs of Leicester, Leicestershire and Rutland.
INSERT INTO hub (id, name) VALUES
    ('city-north-west',      'Leicester City North & West'),
    ('city-south-east',      'Leicester City South & East'),
    ('charnwood-nwl',        'Charnwood & North West Leicestershire'),
    ('hinckley-bosworth',    'Hinckley & Bosworth'),
    ('melton-rutland',       'Melton & Rutland'),
    ('south-leicestershire', 'Harborough, Blaby, Oadby & Wigston');

INSERT INTO hub_district (district, hub_id) VALUES
    ('LE1',  'city-north-west'), ('LE3',  'city-north-west'), ('LE4',  'city-north-west'),
    ('LE2',  'city-south-east'), ('LE5',  'city-south-east'),
    ('LE11', 'charnwood-nwl'), ('LE12', 'charnwood-nwl'), ('LE65', 'charnwood-nwl'),
    ('LE67', 'charnwood-nwl'), ('LE7',  'charnwood-nwl'),
    ('LE6',  'hinckley-bosworth'), ('LE9',  'hinckley-bosworth'), ('LE10', 'hinckley-bosworth'),
    ('LE13', 'melton-rutland'), ('LE14', 'melton-rutland'), ('LE15', 'melton-rutland'), ('PE9', 'melton-rutland'),
    ('LE8',  'south-leicestershire'), ('LE16', 'south-leicestershire'), ('LE17', 'south-leicestershire'),
    ('LE18', 'south-leicestershire'), ('LE19', 'south-leicestershire');
