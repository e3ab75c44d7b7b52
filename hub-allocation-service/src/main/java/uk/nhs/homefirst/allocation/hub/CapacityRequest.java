package uk.nhs.homefirst.allocation.hub;

import java.util.Map;

/**
 * A hub's daily capacity of new referrals by pathway, such as {@code {"URGENT_CRISIS_RESPONSE": 8}};
 * null makes a pathway unlimited, a pathway left out keeps its limit.
 */
public record CapacityRequest(Map<String, Integer> dailyLimits) {
}
