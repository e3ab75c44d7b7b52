package uk.nhs.homefirst.referral.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferrerRole;
import uk.nhs.homefirst.events.RequestedUrgency;

/** A referral as stored. Never serialized: resources and events map it explicitly. */
@Entity
@Table(name = "referral")
public class Referral extends PanacheEntityBase {

    @Id
    public UUID id;
    public Instant receivedAt;
    public Instant recordedAt;
    public Instant statedReceivedAt;
    @Enumerated(EnumType.STRING)
    public ReferralSource source;
    public String sourceSystem;
    public String sourceReferralId;
    @Enumerated(EnumType.STRING)
    public RequestedUrgency requestedUrgency;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public String[] clinicalNeeds;
    public String reasonText;
    public String snomedCode;
    public String nhsNumber;
    public String givenName;
    public String familyName;
    public LocalDate dateOfBirth;
    public String postcode;
    public String postcodeDistrict;
    public String gpPracticeOdsCode;
    public String phone;
    @Column(name = "referrer_ods_code")
    public String referrerOdsCode;
    @Enumerated(EnumType.STRING)
    public ReferrerRole referrerRole;
    public String referrerName;
    @Enumerated(EnumType.STRING)
    public ReferralStatus status;

    public static java.util.Optional<Referral> bySourceReference(String sourceSystem, String sourceReferralId) {
        return find("sourceSystem = ?1 and sourceReferralId = ?2", sourceSystem, sourceReferralId).firstResultOptional();
    }
}
