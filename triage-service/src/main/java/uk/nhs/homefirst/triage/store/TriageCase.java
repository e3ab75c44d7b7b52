package uk.nhs.homefirst.triage.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.platform.store.ByIds;

/**
 * A referral as the Locality Decision Unit holds it: operational facts only, never patient
 * identifiers. Never serialized: resources and events map it explicitly.
 */
@Entity
@Table(name = "triage_case")
public class TriageCase extends PanacheEntityBase {

    @Id
    public UUID referralId;
    public Instant receivedAt;
    @Enumerated(EnumType.STRING)
    public ReferralSource source;
    @Enumerated(EnumType.STRING)
    public RequestedUrgency requestedUrgency;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public String[] clinicalNeeds;
    public String postcodeDistrict;
    public String gpPracticeOdsCode;
    /** The discharge pathway (0 to 3) a hospital stated before discharge; null otherwise. */
    public Integer dischargePathway;
    /** When this service learned of the referral. */
    public Instant recordedAt;
    public Instant cancelledAt;
    @Enumerated(EnumType.STRING)
    public CancellationReason cancellationReason;
    public int decisionCount;
    /** The Locality Decision Unit the referral is routed to; null when no route covers it. */
    public String ldu;
    /** Received while that LDU was closed: it comes first on the queue. */
    public boolean outOfHours;
    /** Who holds the case (a staff id), since when and until when; null when nobody does. */
    public String claimedBy;
    public Instant claimedAt;
    public Instant claimExpiresAt;
    /** Why a person must review the case ({@code SENT_BACK} or {@code PASSED_ON}), until the next decision. */
    public String reviewCause;
    public Instant reviewRequestedAt;
    public String reviewRequestedBy;
    /** A reason code, never free text. */
    public String reviewReason;
    /** The hub that sent the referral back ({@code HUB_SENT_BACK}); null for any other review. */
    public String reviewHubId;

    public boolean isCancelled() {
        return cancelledAt != null;
    }

    /** The holder of a claim that has not expired at {@code now}. */
    public Optional<String> liveClaimHolder(Instant now) {
        return claimedBy != null && claimExpiresAt != null && claimExpiresAt.isAfter(now)
                ? Optional.of(claimedBy) : Optional.empty();
    }

    public void endClaim() {
        claimedBy = null;
        claimedAt = null;
        claimExpiresAt = null;
    }

    public List<ClinicalNeed> needs() {
        return Arrays.stream(clinicalNeeds).map(ClinicalNeed::valueOf).toList();
    }

    /** These referrals' cases, those there are, locked for update in one statement, in the order of their ids. */
    public static List<TriageCase> lockedInOrder(Collection<UUID> referralIds) {
        return ByIds.lockedInOrder(getEntityManager(), TriageCase.class, "triage_case", "referral_id", referralIds);
    }

    /** The case locked for update, so that two decisions on it get consecutive numbers, one after the other. */
    public static Optional<TriageCase> lockedForDecision(UUID referralId) {
        return Optional.ofNullable(getEntityManager().find(TriageCase.class, referralId, LockModeType.PESSIMISTIC_WRITE));
    }
}
