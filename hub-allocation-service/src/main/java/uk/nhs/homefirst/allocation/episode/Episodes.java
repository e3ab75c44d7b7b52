package uk.nhs.homefirst.allocation.episode;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.allocation.access.HubAccess;
import uk.nhs.homefirst.allocation.config.AllocationConfig;
import uk.nhs.homefirst.allocation.store.Discharge;
import uk.nhs.homefirst.allocation.store.ReferralCase;
import uk.nhs.homefirst.events.EpisodeClosed;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.platform.outbox.Outbox;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.Caller;

/**
 * Closes referrals' episodes with their outcome, announcing each on the allocations topic in the
 * same transaction, and records the 91-day follow-up of reablement after a hospital discharge.
 */
@ApplicationScoped
public class Episodes {

    private static final Logger LOG = Logger.getLogger(Episodes.class);

    private final Outbox outbox;
    private final Clock clock;
    private final AllocationConfig config;
    private final MeterRegistry meters;

    Episodes(Outbox outbox, Clock clock, AllocationConfig config, MeterRegistry meters) {
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
        this.meters = meters;
    }

    /** What a closure did: closed the episode now, or found it closed the same way already (a retry). */
    public record Closed(ReferralCase referral, boolean retried) {
    }

    /**
     * Closes the referral's episode: it leaves the caseload, and EpisodeClosed is announced. Staff of
     * the hub holding the referral only. The same closure again changes nothing.
     *
     * @throws ProblemException 404 unknown referral, 403 another hub's (or no hub's), 400 invalid
     *                          fields, 409 a referral cancelled, not accepted, or closed otherwise
     */
    @Transactional
    public Closed close(UUID referralId, EpisodeCloseRequest request, Caller caller) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ReferralCase c = ReferralCase.forUpdate(referralId)
                .orElseThrow(() -> ProblemException.notFound("There is no triaged referral " + referralId + "."));
        // Before the fields are judged against the referral, so that another hub's staff learn nothing of it.
        HubAccess.closeEpisode(caller, c.episodeClosed() ? c.episodeHubId : c.hubId);
        EpisodeValidator.ClosureResult result = EpisodeValidator.validateClosure(request,
                EpisodeValidator.today(now, config.clockSkewTolerance()), c.receivedAt);
        result.violations().throwIfAny();
        EpisodeValidator.Closure closure = result.valid();
        if (c.episodeClosed()) {
            if (c.episodeOutcome == closure.outcome() && c.episodeOutcomeDate.equals(closure.outcomeDate())) {
                return new Closed(c, true);
            }
            throw ProblemException.conflict("The episode of referral " + referralId + " was closed at "
                    + c.episodeClosedAt + " (" + c.episodeOutcome + ", " + c.episodeOutcomeDate
                    + "); an episode closes once.");
        }
        if (c.cancelled()) {
            throw ProblemException.conflict("Referral " + referralId + " was cancelled; it has no episode to close.");
        }
        if (c.pathway == Pathway.NOT_ACCEPTED) {
            throw ProblemException.conflict("Referral " + referralId + " was not accepted; it has no episode to close.");
        }
        c.episodeClosedAt = now;
        c.episodeHubId = c.hubId;
        c.episodeOutcome = closure.outcome();
        c.episodeOutcomeDate = closure.outcomeDate();
        outbox.append(Topics.ALLOCATIONS, c.referralId.toString(), EpisodeClosed.TYPE, now, new EpisodeClosed(
                c.referralId.toString(), c.episodeHubId, c.pathway, c.episodeOutcome, c.episodeOutcomeDate, now));
        meters.counter("homefirst.episodes.closed", "outcome", c.episodeOutcome.name()).increment();
        LOG.infof("Referral %s: episode closed by hub %s (%s)", c.referralId, c.episodeHubId, c.episodeOutcome);
        return new Closed(c, false);
    }

    /**
     * Records the 91-day follow-up against a closed episode of reablement after a hospital
     * discharge. Staff of the hub that closed it only; recorded once (the same again changes nothing).
     *
     * @throws ProblemException 404 unknown referral, 403 another hub's, 400 invalid fields, 409 an
     *                          open episode, one with no follow-up, or one recorded otherwise
     */
    @Transactional
    public ReferralCase recordFollowUp(UUID referralId, FollowUpRequest request, Caller caller) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ReferralCase c = ReferralCase.forUpdate(referralId)
                .orElseThrow(() -> ProblemException.notFound("There is no triaged referral " + referralId + "."));
        HubAccess.closeEpisode(caller, c.episodeClosed() ? c.episodeHubId : c.hubId);
        if (!c.episodeClosed()) {
            throw ProblemException.conflict("The episode of referral " + referralId
                    + " is open; close it before recording its 91-day follow-up.");
        }
        Instant dischargedAt = Discharge.of(referralId).map(d -> d.dischargedAt).orElse(null);
        if (!EpisodeValidator.hasFollowUp(c.pathway, c.source, dischargedAt)) {
            throw ProblemException.conflict("Referral " + referralId + " has no 91-day follow-up: it is for "
                    + "reablement (HOME_FIRST_REABLEMENT) after a discharge from hospital.");
        }
        LocalDate dueOn = EpisodeValidator.followUpDueOn(c.receivedAt, dischargedAt);
        EpisodeValidator.FollowUpResult result = EpisodeValidator.validateFollowUp(request,
                EpisodeValidator.today(now, config.clockSkewTolerance()), dueOn);
        result.violations().throwIfAny();
        EpisodeValidator.FollowUp followUp = result.valid();
        if (c.followUpRecordedAt != null) {
            if (c.followUpAtHome == followUp.stillAtHome() && c.followUpCheckedOn.equals(followUp.checkedOn())) {
                return c;
            }
            throw ProblemException.conflict("The 91-day follow-up of referral " + referralId + " was recorded at "
                    + c.followUpRecordedAt + " (" + c.followUpAtHome + ", checked " + c.followUpCheckedOn
                    + "); it is recorded once.");
        }
        c.followUpAtHome = followUp.stillAtHome();
        c.followUpCheckedOn = followUp.checkedOn();
        c.followUpRecordedAt = now;
        meters.counter("homefirst.episodes.follow_up", "still_at_home", c.followUpAtHome.name()).increment();
        LOG.infof("Referral %s: 91-day follow-up recorded (%s)", c.referralId, c.followUpAtHome);
        return c;
    }

    /** The first day the 91-day follow-up may be checked, or null when the episode has none. */
    public static LocalDate followUpDueOn(ReferralCase c, Instant dischargedAt) {
        return EpisodeValidator.hasFollowUp(c.pathway, c.source, dischargedAt)
                ? EpisodeValidator.followUpDueOn(c.receivedAt, dischargedAt) : null;
    }
}
