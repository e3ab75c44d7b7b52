package uk.nhs.homefirst.allocation.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import uk.nhs.homefirst.allocation.allocation.UnallocatedReason;
import uk.nhs.homefirst.allocation.episode.FollowUpAnswer;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.EpisodeOutcome;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.platform.store.ByIds;

/**
 * A triaged referral as the hubs see it: operational facts only, never patient identifiers. Never
 * serialized: resources and events map it explicitly.
 */
@Entity
@Table(name = "referral_case")
public class ReferralCase extends PanacheEntityBase {

    @Id
    public UUID referralId;
    public Instant receivedAt;
    /** The newest triage decision applied; pathway, standard and district are that decision's. */
    public int decisionNumber;
    public Instant decidedAt;
    @Enumerated(EnumType.STRING)
    public Pathway pathway;
    @Enumerated(EnumType.STRING)
    public ResponseStandard standard;
    public String postcodeDistrict;
    /** The LDU the newest decision routed the referral to, or null. */
    public String ldu;
    /** The hub holding the referral now, or null while it is unallocated. */
    public String hubId;
    /** The number of the current allocation; 0 before the first. */
    public int allocationNumber;
    public Instant allocatedAt;
    /** Why it has no hub while it needs one (null once allocated, and for cases older than capacity). */
    @Enumerated(EnumType.STRING)
    public UnallocatedReason unallocatedReason;
    /** When every hub was full: those hubs, comma-separated, in the order tried. */
    public String fullHubs;
    public Instant cancelledAt;
    @Enumerated(EnumType.STRING)
    public CancellationReason cancellationReason;
    public Instant firstSeenAt;
    /** Where the referral came from, as triage said; null for referrals triaged before it was kept. */
    @Enumerated(EnumType.STRING)
    public ReferralSource source;
    /** When hub staff closed the referral's episode, or null while it is open. */
    public Instant episodeClosedAt;
    /** The hub that closed the episode (the hub holding the referral then). */
    public String episodeHubId;
    @Enumerated(EnumType.STRING)
    public EpisodeOutcome episodeOutcome;
    /** The day the outcome happened (Europe/London). */
    public LocalDate episodeOutcomeDate;
    /** The 91-day follow-up: still at home, the day it was checked, when it was recorded; null until recorded. */
    @Enumerated(EnumType.STRING)
    public FollowUpAnswer followUpAtHome;
    public LocalDate followUpCheckedOn;
    public Instant followUpRecordedAt;

    public static Optional<ReferralCase> forUpdate(UUID referralId) {
        return Optional.ofNullable(findById(referralId, LockModeType.PESSIMISTIC_WRITE));
    }

    /**
     * Serialises the work on these referrals with any other transaction's (a transaction-scoped
     * advisory lock per referral, taken in one order). A triage decision that makes a referral's case
     * and a cancellation of it, applied at the same time by the two consumers, would otherwise each
     * miss the other's uncommitted row, and the cancelled referral would stay on the caseload.
     */
    public static void lockReferrals(Collection<UUID> referralIds) {
        if (referralIds.isEmpty()) {
            return;
        }
        // Aggregated over the ids in order, so the locks are taken in that order by every caller: no deadlock.
        getEntityManager().createNativeQuery("""
                SELECT count(pg_advisory_xact_lock(k)) FROM (
                    SELECT DISTINCT hashtextextended(x, 0) AS k
                      FROM unnest(string_to_array(:ids, ',')) AS x ORDER BY 1 OFFSET 0) ordered""")
                .setParameter("ids", String.join(",", referralIds.stream().map(UUID::toString).toList()))
                .getSingleResult();
    }

    /** These referrals' cases, those there are, locked for update in one statement, in the order of their ids. */
    public static List<ReferralCase> lockedInOrder(Collection<UUID> referralIds) {
        return ByIds.lockedInOrder(getEntityManager(), ReferralCase.class, "referral_case", "referral_id", referralIds);
    }

    public boolean cancelled() {
        return cancelledAt != null;
    }

    public boolean episodeClosed() {
        return episodeClosedAt != null;
    }

    /**
     * On a hub's caseload: allocated, not cancelled, on a pathway that sends a hub to the patient,
     * and its episode not closed.
     */
    public boolean open() {
        return hubId != null && !cancelled() && pathway != Pathway.NOT_ACCEPTED && !episodeClosed();
    }
}
