package uk.nhs.homefirst.allocation.rest;

import java.time.Instant;
import java.time.LocalDate;
import uk.nhs.homefirst.allocation.episode.Episodes;
import uk.nhs.homefirst.allocation.episode.FollowUpAnswer;
import uk.nhs.homefirst.allocation.store.ReferralCase;
import uk.nhs.homefirst.events.EpisodeOutcome;
import uk.nhs.homefirst.events.Pathway;

/**
 * A referral's closed episode: its outcome, and the 91-day follow-up where it has one.
 *
 * @param hubId         the hub that closed it
 * @param followUpDueOn the first day the 91-day follow-up may be checked; null when the episode has none
 * @param followUp      the follow-up, once recorded
 */
public record EpisodeView(String referralId, String hubId, Pathway pathway, EpisodeOutcome outcome,
        LocalDate outcomeDate, Instant closedAt, LocalDate followUpDueOn, FollowUp followUp) {

    public record FollowUp(FollowUpAnswer stillAtHome, LocalDate checkedOn, Instant recordedAt) {
    }

    /** The episode, or null while it is open. */
    static EpisodeView of(ReferralCase c, Instant dischargedAt) {
        if (!c.episodeClosed()) {
            return null;
        }
        return new EpisodeView(c.referralId.toString(), c.episodeHubId, c.pathway, c.episodeOutcome,
                c.episodeOutcomeDate, c.episodeClosedAt, Episodes.followUpDueOn(c, dischargedAt),
                c.followUpRecordedAt == null ? null
                        : new FollowUp(c.followUpAtHome, c.followUpCheckedOn, c.followUpRecordedAt));
    }
}
