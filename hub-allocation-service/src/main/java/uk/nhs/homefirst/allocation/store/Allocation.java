package uk.nhs.homefirst.allocation.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import uk.nhs.homefirst.allocation.allocation.AllocationReason;
import uk.nhs.homefirst.allocation.allocation.LocalityBasis;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.Pathway;

/** One allocation of a referral to a hub; a reallocation is the next number. */
@Entity
@Table(name = "allocation")
public class Allocation extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID referralId;
    public int allocationNumber;
    public String hubId;
    public Instant allocatedAt;
    @Enumerated(EnumType.STRING)
    public AllocationMethod method;
    /** The referral's pathway when it was allocated. */
    @Enumerated(EnumType.STRING)
    public Pathway pathway;
    public Instant recordedAt;
    /** Why it went to this hub; null for allocations made before capacity was counted. */
    @Enumerated(EnumType.STRING)
    public AllocationReason reason;
    /** The hubs passed over as full for the day, comma-separated, or null. */
    public String fullHubs;
    /** What chose the home hub of an automatic allocation (GP practice or postcode district); null for a manual one. */
    @Enumerated(EnumType.STRING)
    public LocalityBasis locality;
    /** When its hub sent the referral back to the LDU, releasing it, and the send-back's reason code; else null. */
    public Instant releasedAt;
    public String releaseReason;

    public static List<Allocation> ofReferral(UUID referralId) {
        return list("referralId = ?1 order by allocationNumber", referralId);
    }
}
