package uk.nhs.homefirst.allocation.allocation;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Each hub's overflow order: the hubs that take its new referrals, in turn, when it is full. */
public final class OverflowOrder {

    private final Map<String, List<String>> orders;

    private OverflowOrder(Map<String, List<String>> orders) {
        this.orders = orders;
    }

    /**
     * @param orders each hub id with the hubs to try after it, in order
     * @param hubIds the hubs there are (the hub table)
     * @throws IllegalArgumentException when a hub is unknown, named twice in one order, or in its own
     */
    public static OverflowOrder of(Map<String, ? extends List<String>> orders, Collection<String> hubIds) {
        Map<String, List<String>> checked = new TreeMap<>();
        orders.forEach((hub, order) -> {
            if (!hubIds.contains(hub)) {
                throw new IllegalArgumentException("The overflow order names an unknown hub " + hub);
            }
            Set<String> seen = new HashSet<>();
            for (String next : order) {
                if (!hubIds.contains(next)) {
                    throw new IllegalArgumentException("The overflow order of " + hub + " names an unknown hub " + next);
                }
                if (next.equals(hub) || !seen.add(next)) {
                    throw new IllegalArgumentException("The overflow order of " + hub + " names " + next
                            + (next.equals(hub) ? ", the hub itself" : " twice"));
                }
            }
            checked.put(hub, List.copyOf(order));
        });
        return new OverflowOrder(checked);
    }

    public static OverflowOrder none() {
        return new OverflowOrder(Map.of());
    }

    public List<String> of(String hubId) {
        return orders.getOrDefault(hubId, List.of());
    }

    @Override
    public String toString() {
        return orders.toString();
    }
}
