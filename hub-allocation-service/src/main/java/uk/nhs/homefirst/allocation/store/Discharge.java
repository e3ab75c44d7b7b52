package uk.nhs.homefirst.allocation.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import uk.nhs.homefirst.platform.store.ByIds;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A hospital discharge a hospital confirmed (PatientDischarged), by referral id, kept even before the
 * referral is triaged: the 91-day follow-up of reablement falls 91 days after it. The earliest stands.
 */
@Entity
@Table(name = "discharge")
public class Discharge extends PanacheEntityBase {

    @Id
    public UUID referralId;
    public Instant dischargedAt;

    public static Optional<Discharge> of(UUID referralId) {
        return Optional.ofNullable(findById(referralId));
    }

    /** The discharges of these referrals, those there are, in one statement. */
    public static List<Discharge> of(Collection<UUID> referralIds) {
        return ByIds.rows(getEntityManager(), Discharge.class, "discharge", "referral_id", referralIds);
    }
}
