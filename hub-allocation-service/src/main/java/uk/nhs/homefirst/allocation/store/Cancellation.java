package uk.nhs.homefirst.allocation.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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
 * A referral's cancellation, kept even when it arrives before the referral is triaged. Only the
 * reason code: the free text of a cancellation may identify the patient.
 */
@Entity
@Table(name = "cancellation")
public class Cancellation extends PanacheEntityBase {

    @Id
    public UUID referralId;
    public Instant cancelledAt;
    @Enumerated(EnumType.STRING)
    public CancellationReason reason;

    /** The cancellations of these referrals, those there are, in one statement. */
    public static List<Cancellation> of(Collection<UUID> referralIds) {
        return ByIds.rows(getEntityManager(), Cancellation.class, "cancellation", "referral_id", referralIds);
    }
}
