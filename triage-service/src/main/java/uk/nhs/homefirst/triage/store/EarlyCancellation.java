package uk.nhs.homefirst.triage.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.platform.store.ByIds;

/**
 * A cancellation that overtook its referral. Events arrive out of order; the cancellation is kept
 * here until the ReferralReceived arrives, so that the referral is never triaged.
 */
@Entity
@Table(name = "early_cancellation")
public class EarlyCancellation extends PanacheEntityBase {

    @Id
    public UUID referralId;
    public Instant cancelledAt;
    @Enumerated(EnumType.STRING)
    @Column(name = "cancellation_reason")
    public CancellationReason reason;
    public Instant recordedAt;

    /** The cancellations kept for these referrals, those there are, in one statement. */
    public static List<EarlyCancellation> of(Collection<UUID> referralIds) {
        return ByIds.rows(getEntityManager(), EarlyCancellation.class, "early_cancellation", "referral_id", referralIds);
    }
}
