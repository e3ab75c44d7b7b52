-- Localities as data: the GP practice table and the LLR postcode district table are files read at
-- start (localities/*.csv). The districts a file has given out are remembered, so that each is given
-- to its hub once: a district admin later moves or takes away stays as admin left it.
CREATE TABLE district_table_seen (
    district      TEXT        PRIMARY KEY CHECK (district ~ '^[A-Z]{1,2}[0-9][0-9A-Z]?$'),
    hub_id        TEXT        NOT NULL REFERENCES hub (id),
    first_seen_at TIMESTAMPTZ NOT NULL
);

-- What chose the home hub of an automatic allocation: GP_PRACTICE or POSTCODE_DISTRICT; null for a
-- manual allocation and for those made before practices were consulted.
ALTER TABLE allocation ADD COLUMN locality TEXT;
