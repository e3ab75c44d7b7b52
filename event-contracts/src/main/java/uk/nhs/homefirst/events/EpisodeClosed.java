package uk.nhs.homefirst.events;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Hub staff closed a referral's episode of care with its outcome: the referral leaves the hub's
 * caseload, and any response clock still open at {@code closedAt} is excluded, as for a
 * cancellation. A referral's episode closes once. Operational facts only, no patient identifiers.
 * Travels on {@link Topics#ALLOCATIONS}, keyed by referral id.
 *
 * @param hubId       the hub holding the referral when its episode closed
 * @param pathway     the pathway of the referral's newest triage decision
 * @param outcomeDate the day the outcome happened (Europe/London), as hub staff state it
 * @param closedAt    when hub-allocation-service recorded the closure: the time the clock rules read,
 *                    so that closing late never turns a breach into an exclusion
 */
public record EpisodeClosed(
        String referralId,
        String hubId,
        Pathway pathway,
        EpisodeOutcome outcome,
        LocalDate outcomeDate,
        Instant closedAt) {

    public static final String TYPE = "uk.nhs.homefirst.EpisodeClosed.v1";
}
