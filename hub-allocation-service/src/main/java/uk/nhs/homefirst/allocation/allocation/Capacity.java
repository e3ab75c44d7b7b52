package uk.nhs.homefirst.allocation.allocation;

import java.util.List;
import uk.nhs.homefirst.events.Pathway;

/** What the allocation rule asks about the hubs' capacity for the day. */
public interface Capacity {

    /** No limits and no overflow: every home hub has room. */
    Capacity UNLIMITED = new Capacity() {
        @Override
        public boolean hasRoom(String hubId, Pathway pathway) {
            return true;
        }

        @Override
        public List<String> overflowOrder(String hubId) {
            return List.of();
        }
    };

    /** Whether the hub may take one more new referral on this pathway today. */
    boolean hasRoom(String hubId, Pathway pathway);

    /** The hubs to try, in order, when this one is full; empty when none is configured. */
    List<String> overflowOrder(String hubId);
}
