package uk.nhs.homefirst.allocation.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import uk.nhs.homefirst.events.ContactType;
import uk.nhs.homefirst.events.StaffRole;
import uk.nhs.homefirst.events.VisitChangeReason;
import uk.nhs.homefirst.events.VisitOutcome;

/** A void or correction of a visit, with the visit as it stood before: appended, never changed. */
@Entity
@Table(name = "visit_change")
public class VisitChange extends PanacheEntityBase {

    public enum Kind {
        VOIDED, CORRECTED
    }

    @Embeddable
    public record Key(@Column(name = "visit_id") UUID visitId, @Column(name = "revision") int revision)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    public Instant changedAt;
    @Enumerated(EnumType.STRING)
    public VisitChangeReason reason;
    public UUID beforeReferralId;
    public String beforeHubId;
    public Instant beforeVisitedAt;
    @Enumerated(EnumType.STRING)
    public VisitOutcome beforeOutcome;
    @Enumerated(EnumType.STRING)
    public ContactType beforeContactType;
    @Enumerated(EnumType.STRING)
    public StaffRole beforeStaffRole;

    public static List<VisitChange> ofVisit(UUID visitId) {
        return list("key.visitId = ?1 order by key.revision", visitId);
    }
}
