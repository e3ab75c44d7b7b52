package uk.nhs.homefirst.allocation.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import uk.nhs.homefirst.events.ContactType;
import uk.nhs.homefirst.events.StaffRole;
import uk.nhs.homefirst.events.VisitChangeReason;
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
    @Enumerated(EnumType.STRING)
    public ContactType contactType;
    /** Null for visits recorded before roles were. */
    @Enumerated(EnumType.STRING)
    public StaffRole staffRole;
    /** The hub system's own id of the visit, if it sent one. */
    public String sourceVisitId;
    /** 0 as recorded; each void or correction adds one. */
    public int revision;
    public Instant voidedAt;
    @Enumerated(EnumType.STRING)
    public VisitChangeReason voidReason;

    /** Whether it stops a response clock: attended, in person, and not voided. */
    public boolean stopsClock() {
        return voidedAt == null && outcome == VisitOutcome.ATTENDED && contactType == ContactType.IN_PERSON;
    }

    /** The visit a hub system's id names, recorded for one of these hubs. */
    public static Optional<Visit> bySource(String sourceVisitId, Collection<String> hubIds) {
        return hubIds.isEmpty() ? Optional.empty()
                : find("sourceVisitId = ?1 and hubId in ?2", sourceVisitId, hubIds).firstResultOptional();
    }

    /** The visit, locked until the transaction ends, so that two changes of it apply one after the other. */
    public static Optional<Visit> forUpdate(UUID id) {
        return Optional.ofNullable(Visit.<Visit>findById(id, LockModeType.PESSIMISTIC_WRITE));
    }

    public static List<Visit> ofReferral(UUID referralId) {
        return list("referralId = ?1 order by visitedAt, recordedAt", referralId);
    }

    public static List<Visit> ofReferrals(Collection<UUID> referralIds) {
        return referralIds.isEmpty() ? List.of() : list("referralId in ?1 order by visitedAt", referralIds);
    }
}
