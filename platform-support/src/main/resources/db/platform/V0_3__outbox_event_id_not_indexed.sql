-- The event id's unique index was a second index to update for every event the outbox takes and
-- for every one it marks published (that update cannot be a heap-only one: published_at is in the
-- partial indexes' conditions). Nothing looks an event up by its id, and the id is made where the
-- row is: a version 7 UUID (TimeOrderedUuid), of which 74 bits are random, so two events never
-- share one. The index only ever checked that, at the cost of two index entries an event.
ALTER TABLE outbox_event DROP CONSTRAINT outbox_event_event_id_key;
