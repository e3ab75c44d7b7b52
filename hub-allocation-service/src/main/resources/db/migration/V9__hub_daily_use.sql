-- Each hub's day's use of its capacity, kept as the allocations are written: per day (Europe/London),
-- hub and pathway, the number of distinct referrals allocated to the hub on the pathway that day,
-- released ones included (the capacity rule's count, as V5 counted it from the allocations).
--
-- Counted from the allocations, it read every allocation of the day for each batch a consumer applied:
-- in a catch-up, where all are today's, a backlog of N took time in N squared (100,000 triage
-- decisions allocated at 601 a second, 20,000 at 1,970). Now the day's use is one row per hub and pathway.
--
-- The database keeps it (the trigger below, in the writing transaction), so no writer can leave an
-- allocation out. BEFORE, not AFTER: each row's trigger sees the rows its statement wrote before it and
-- not the row itself, so a statement of several rows counts each against what was there before it, as
-- if written alone. (An INSERT ... ON CONFLICT DO NOTHING would count a row it skips: allocations are
-- never written so.) The allocations of one referral are written one transaction at a time (its case
-- is locked), so the look for another of its allocations sees any committed before.
CREATE TABLE hub_daily_use (
    day       DATE    NOT NULL,
    hub_id    TEXT    NOT NULL,
    pathway   TEXT    NOT NULL,
    referrals INTEGER NOT NULL CHECK (referrals >= 0),
    PRIMARY KEY (day, hub_id, pathway)
);

-- The calendar day of a time in Europe/London, as DailyCapacity.dayOf.
CREATE FUNCTION hub_day(t TIMESTAMPTZ) RETURNS DATE LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (t AT TIME ZONE 'Europe/London')::date
$$;

-- Adds p_delta (1 or -1) to the day's use unless another allocation of the referral (not p_except)
-- counts it already for that day, hub and pathway.
CREATE FUNCTION hub_daily_use_add(p_referral UUID, p_hub TEXT, p_pathway TEXT, p_at TIMESTAMPTZ, p_except UUID,
        p_delta INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- The referral's own allocations, a few, found by its key; then among them.
    IF EXISTS (WITH its AS MATERIALIZED (SELECT id, hub_id, pathway, allocated_at FROM allocation
                                          WHERE referral_id = p_referral)
               SELECT 1 FROM its
                WHERE id <> p_except AND hub_id = p_hub AND pathway = p_pathway AND hub_day(allocated_at) = hub_day(p_at)) THEN
        RETURN;
    END IF;
    IF p_delta > 0 THEN
        INSERT INTO hub_daily_use AS u (day, hub_id, pathway, referrals) VALUES (hub_day(p_at), p_hub, p_pathway, p_delta)
            ON CONFLICT (day, hub_id, pathway) DO UPDATE SET referrals = u.referrals + excluded.referrals;
    ELSE
        -- Not an upsert: the row it would insert, below zero, fails the check before the conflict is seen.
        UPDATE hub_daily_use SET referrals = referrals + p_delta
         WHERE day = hub_day(p_at) AND hub_id = p_hub AND pathway = p_pathway;
    END IF;
END
$$;
-- Its look for the referral's other allocations by the (referral_id, allocation_number) key alone, always:
-- PL/pgSQL keeps the plan made while the table was small (a sequential scan, or one that read the hub's
-- every allocation as well), and 2,000 allocations written in one statement took 2.5 s, each row
-- reading those before it.
ALTER FUNCTION hub_daily_use_add SET enable_seqscan = off;

CREATE FUNCTION hub_daily_use_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM hub_daily_use_add(OLD.referral_id, OLD.hub_id, OLD.pathway, OLD.allocated_at, OLD.id, -1);
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM hub_daily_use_add(NEW.referral_id, NEW.hub_id, NEW.pathway, NEW.allocated_at, NEW.id, 1);
        RETURN NEW;
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM hub_daily_use_add(NEW.referral_id, NEW.hub_id, NEW.pathway, NEW.allocated_at, NEW.id, 1);
        RETURN NEW;
    END IF;
    RETURN OLD;
END
$$;
CREATE TRIGGER hub_daily_use_on_insert_or_delete BEFORE INSERT OR DELETE ON allocation
    FOR EACH ROW EXECUTE FUNCTION hub_daily_use_on_change();
-- Only a change of what is counted: a send-back's release updates every column to the same values.
CREATE TRIGGER hub_daily_use_on_update BEFORE UPDATE ON allocation
    FOR EACH ROW WHEN ((OLD.referral_id, OLD.hub_id, OLD.pathway, hub_day(OLD.allocated_at))
                       IS DISTINCT FROM (NEW.referral_id, NEW.hub_id, NEW.pathway, hub_day(NEW.allocated_at)))
    EXECUTE FUNCTION hub_daily_use_on_change();

CREATE FUNCTION hub_daily_use_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM hub_daily_use;
    RETURN NULL;
END
$$;
CREATE TRIGGER hub_daily_use_on_truncate AFTER TRUNCATE ON allocation
    FOR EACH STATEMENT EXECUTE FUNCTION hub_daily_use_on_truncate();

-- The allocations written before: the trigger, created first, holds new ones back until this commits.
INSERT INTO hub_daily_use (day, hub_id, pathway, referrals)
SELECT hub_day(allocated_at), hub_id, pathway, count(DISTINCT referral_id)
  FROM allocation GROUP BY 1, 2, 3;
