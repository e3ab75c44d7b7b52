package uk.nhs.homefirst.monitor.figures;

import java.time.Instant;

/**
 * A change to a month after it was finalised: the month's figure before and after, when, and what
 * changed it (the clock, and the event that changed the clock; no event when time alone did).
 */
public record Revision(Instant at, Tally before, Tally after, String clockId, String eventId, String eventType) {
}
