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
import uk.nhs.homefirst.events.VisitOutcome;

/** A visit hub staff recorded, with the hub that held the referral when they recorded it. */
@Entity
@Table(name = "visit")
public class Visit extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID referralId;
    public String hubId;
    public Instant visitedAt;
    public Instant recordedAt;
    @Enumerated(EnumType.STRING)
    public VisitOutcome outcome;

    public static List<Visit> ofReferral(UUID referralId) {
        return list("referralId = ?1 order by visitedAt, recordedAt", referralId);
    }

    public static List<Visit> ofReferrals(Collection<UUID> referralIds) {
        return referralIds.isEmpty() ? List.of() : list("referralId in ?1 order by visitedAt", referralIds);
    }
}
