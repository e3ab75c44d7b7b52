package uk.nhs.homefirst.referral.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.referral.status.Milestone;

/** A decision, allocation, visit or episode closure of a referral, as consumed from the other services' topics. */
@Entity
@Table(name = "referral_timeline")
public class TimelineEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public UUID referralId;
    @Enumerated(EnumType.STRING)
    public Milestone.Kind kind;
    public String naturalKey;
    public Instant occurredAt;
    public Integer number;
    @Enumerated(EnumType.STRING)
    public Pathway pathway;
    @Enumerated(EnumType.STRING)
    public ResponseStandard standard;
    public String hubId;
    @Enumerated(EnumType.STRING)
    public VisitOutcome outcome;
    public String eventId;
    public Instant recordedAt;
    /** The LDU a triage decision routed the referral to. */
    public String ldu;
    /** A triage decision's rule or reason code; a visit's contact type; a closure's episode outcome. */
    public String reasonCode;
    /** A closure's outcome date. */
    public LocalDate outcomeDate;

    public static List<TimelineEntry> of(UUID referralId) {
        return list("referralId", referralId);
    }

    public static List<TimelineEntry> of(Collection<UUID> referralIds) {
        return referralIds.isEmpty() ? List.of() : list("referralId in ?1", referralIds);
    }

    public Milestone milestone() {
        return new Milestone(kind, occurredAt, naturalKey, number, pathway, standard, hubId, outcome, null, null, reasonCode,
                outcomeDate);
    }
}
