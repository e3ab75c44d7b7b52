package uk.nhs.homefirst.allocation.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import uk.nhs.homefirst.events.SendBackReason;

/**
 * A hub sent a referral back to its LDU: appended, never changed. {@code reason} is the staff's words,
 * which never leave this service but on its REST answers to the hub's staff and the LDU's clinicians.
 */
@Entity
@Table(name = "send_back")
public class SendBack extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID referralId;
    public String hubId;
    /** The allocation released: the sending hub's. */
    public int allocationNumber;
    @Enumerated(EnumType.STRING)
    public SendBackReason reasonCode;
    public String reason;
    public Instant sentBackAt;
    public String sentBackBy;

    public static List<SendBack> ofReferral(UUID referralId) {
        return list("referralId = ?1 order by sentBackAt", referralId);
    }

    /** The send-back of the referral's current allocation, if its hub sent it back: it is with the LDU now. */
    public static Optional<SendBack> open(ReferralCase c) {
        if (c.hubId != null || c.allocationNumber == 0) {
            return Optional.empty();
        }
        return find("referralId = ?1 and allocationNumber = ?2", c.referralId, c.allocationNumber).firstResultOptional();
    }
}
