-- Which events are still to be sent moves out of outbox_event into a narrow table of its own.
--
-- The relay marked each event published with an UPDATE of published_at. That column was in the
-- conditions of the partial indexes the relay reads, so the update could never be a heap-only one:
-- every event was written twice (a new version of its row, with its data, about a kilobyte), took
-- two more index entries (the primary key's and the published index's), and left a dead row and
-- three dead index entries for vacuum. Now an event is written once, into outbox_event, which
-- nothing updates, and a row of outbox_unpublished (its id, key and time) says that it is still to
-- be sent. The relay claims those rows (FOR UPDATE SKIP LOCKED, the oldest of each key, as
-- before), and once Kafka has acknowledged the events deletes the rows, in the same transaction.
--
-- The database itself adds the row of outbox_unpublished for every event inserted (the trigger
-- below, once per statement, for all the rows it inserted), so no writer can leave one out: not a
-- writer of this version, nor one of an older version still running during a rolling update, whose
-- events would otherwise never be sent. An older relay fails on the column dropped below and sends
-- nothing; the relays of this version send everything.
--
-- No foreign key: its check would lock the outbox row (FOR KEY SHARE, a write of the row's header)
-- for every event. The cleanup deletes no outbox row that still has an unpublished one.
CREATE TABLE outbox_unpublished (
    id          BIGINT      PRIMARY KEY,
    message_key TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
-- "No earlier unpublished event of the key": what keeps the events of one referral in order.
CREATE INDEX outbox_unpublished_by_key ON outbox_unpublished (message_key, id);

CREATE FUNCTION outbox_unpublished_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outbox_unpublished (id, message_key, created_at)
    SELECT id, message_key, created_at FROM inserted;
    RETURN NULL;
END
$$;
CREATE TRIGGER outbox_unpublished_on_insert AFTER INSERT ON outbox_event
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_unpublished_on_insert();

INSERT INTO outbox_unpublished (id, message_key, created_at)
SELECT id, message_key, created_at FROM outbox_event WHERE published_at IS NULL;

DROP INDEX outbox_event_unpublished;
DROP INDEX outbox_event_unpublished_by_key;
DROP INDEX outbox_event_published;
ALTER TABLE outbox_event DROP COLUMN published_at;
-- Nothing updates a row any more: no room to leave on its page (V0_2). New pages are filled.
ALTER TABLE outbox_event SET (fillfactor = 100);
