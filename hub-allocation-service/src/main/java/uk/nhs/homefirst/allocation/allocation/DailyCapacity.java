package uk.nhs.homefirst.allocation.allocation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.nhs.homefirst.events.Pathway;

/**
 * The hubs' capacity on one calendar day in Europe/London: each hub's daily limit of new referrals
 * per pathway (none = unlimited), how many it has taken that day, and each hub's overflow order.
 * Plain Java; the database reads and locks are at the edge. {@link #take} counts an allocation made
 * while this day's tally is held, so that a batch of decisions sees its own allocations.
 */
public final class DailyCapacity implements Capacity {

    /** The zone of the hubs' working day. */
    public static final ZoneId ZONE = ZoneId.of("Europe/London");

    private final Map<String, Map<Pathway, Integer>> limits;
    private final Map<String, Map<Pathway, Integer>> used;
    private final OverflowOrder overflow;

    /**
     * @param limits   each hub's daily limit per pathway; a pathway absent is unlimited
     * @param used     each hub's new referrals per pathway on this day so far
     * @param overflow the hubs' overflow orders
     */
    public DailyCapacity(Map<String, Map<Pathway, Integer>> limits, Map<String, Map<Pathway, Integer>> used,
            OverflowOrder overflow) {
        this.limits = copy(limits);
        this.used = copy(used);
        this.overflow = overflow;
    }

    /** The calendar day, in Europe/London, of a time. */
    public static LocalDate dayOf(Instant time) {
        return LocalDate.ofInstant(time, ZONE);
    }

    /** The first instant of a day in Europe/London (midnight, whatever the clocks did). */
    public static Instant startOf(LocalDate day) {
        return ZonedDateTime.of(day.atStartOfDay(), ZONE).toInstant();
    }

    /** The hub's limit for the pathway, or empty for unlimited. */
    public Optional<Integer> limit(String hubId, Pathway pathway) {
        return Optional.ofNullable(limits.getOrDefault(hubId, Map.of()).get(pathway));
    }

    public int used(String hubId, Pathway pathway) {
        return used.getOrDefault(hubId, Map.of()).getOrDefault(pathway, 0);
    }

    @Override
    public boolean hasRoom(String hubId, Pathway pathway) {
        return limit(hubId, pathway).map(limit -> used(hubId, pathway) < limit).orElse(true);
    }

    @Override
    public List<String> overflowOrder(String hubId) {
        return overflow.of(hubId);
    }

    /** Counts one more new referral on the pathway for the hub. */
    public void take(String hubId, Pathway pathway) {
        used.computeIfAbsent(hubId, h -> new HashMap<>()).merge(pathway, 1, Integer::sum);
    }

    private static Map<String, Map<Pathway, Integer>> copy(Map<String, Map<Pathway, Integer>> source) {
        Map<String, Map<Pathway, Integer>> copy = new HashMap<>();
        source.forEach((hub, byPathway) -> copy.put(hub, new HashMap<>(byPathway)));
        return copy;
    }
}
