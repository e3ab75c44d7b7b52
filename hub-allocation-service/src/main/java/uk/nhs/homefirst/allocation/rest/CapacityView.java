package uk.nhs.homefirst.allocation.rest;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import uk.nhs.homefirst.allocation.allocation.AllocationRule;
import uk.nhs.homefirst.allocation.allocation.DailyCapacity;
import uk.nhs.homefirst.events.Pathway;

/**
 * A hub's capacity on a day (Europe/London): for each pathway a hub visits, the new referrals it took
 * that day and its daily limit (null: unlimited).
 */
public record CapacityView(String hubId, LocalDate day, List<PathwayUse> pathways) {

    public record PathwayUse(Pathway pathway, int used, Integer dailyLimit, boolean full) {
    }

    static CapacityView of(String hubId, LocalDate day, DailyCapacity capacity) {
        return new CapacityView(hubId, day, Arrays.stream(Pathway.values()).filter(AllocationRule::visitsPatients)
                .map(p -> new PathwayUse(p, capacity.used(hubId, p), capacity.limit(hubId, p).orElse(null),
                        !capacity.hasRoom(hubId, p)))
                .toList());
    }
}
