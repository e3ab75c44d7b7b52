package uk.nhs.homefirst.referral.store;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferrerRole;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.referral.status.Milestone;

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
    /** A digest of the normalised content, to tell a retry under the same source reference from a different referral. */
    public String contentFingerprint;
    public Instant cancelledAt;
    @Enumerated(EnumType.STRING)
    public CancellationReason cancellationReason;
    /** Free text that may name the patient: never logged. */
    public String cancellationText;
    public Instant cancellationRecordedAt;

    /** The milestones this service itself records: received, and cancelled if it was. */
    public List<Milestone> ownMilestones() {
        List<Milestone> milestones = new ArrayList<>(2);
        milestones.add(Milestone.received(receivedAt));
        if (cancelledAt != null) {
            milestones.add(Milestone.cancelled(cancelledAt, cancellationReason, cancellationText));
        }
        return milestones;
    }

    /**
     * Inserts this new referral, unless its source system has already sent one under its source
     * referral id; returns whether it did. One statement does both: {@code INSERT … ON CONFLICT} on
     * the partial unique index waits for a concurrent insert of the same reference to end, so two
     * requests for the same referral, on any instance, take turns and the second inserts nothing
     * (then {@link #bySourceReference} finds the first). The object stays unmanaged: it is what was
     * inserted, for the answer and the event.
     */
    public boolean insertUnlessSourceReferenceTaken() {
        return Panache.getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO referral (id, received_at, recorded_at, stated_received_at, source, source_system,
                        source_referral_id, requested_urgency, clinical_needs, reason_text, snomed_code, nhs_number,
                        given_name, family_name, date_of_birth, postcode, postcode_district, gp_practice_ods_code,
                        phone, referrer_ods_code, referrer_role, referrer_name, status, content_fingerprint)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (source_system, source_referral_id) WHERE source_system IS NOT NULL DO NOTHING
                    """)) {
                int i = 0;
                insert.setObject(++i, id);
                insert.setObject(++i, utc(receivedAt));
                insert.setObject(++i, utc(recordedAt));
                insert.setObject(++i, utc(statedReceivedAt));
                insert.setString(++i, source.name());
                insert.setString(++i, sourceSystem);
                insert.setString(++i, sourceReferralId);
                insert.setString(++i, requestedUrgency.name());
                insert.setArray(++i, connection.createArrayOf("text", clinicalNeeds));
                insert.setString(++i, reasonText);
                insert.setString(++i, snomedCode);
                insert.setString(++i, nhsNumber);
                insert.setString(++i, givenName);
                insert.setString(++i, familyName);
                insert.setObject(++i, dateOfBirth);
                insert.setString(++i, postcode);
                insert.setString(++i, postcodeDistrict);
                insert.setString(++i, gpPracticeOdsCode);
                insert.setString(++i, phone);
                insert.setString(++i, referrerOdsCode);
                insert.setString(++i, referrerRole.name());
                insert.setString(++i, referrerName);
                insert.setString(++i, status.name());
                insert.setString(++i, contentFingerprint);
                return insert.executeUpdate() == 1;
            }
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static java.util.Optional<Referral> bySourceReference(String sourceSystem, String sourceReferralId) {
        return find("sourceSystem = ?1 and sourceReferralId = ?2", sourceSystem, sourceReferralId).firstResultOptional();
    }

    /** One page of a referring organisation's referrals, optionally within a range of receivedAt, latest first. */
    public static Page page(String referrerOdsCode, Instant from, Instant to, int page, int size) {
        StringBuilder query = new StringBuilder("referrerOdsCode = :ods");
        Parameters parameters = Parameters.with("ods", referrerOdsCode);
        if (from != null) {
            query.append(" and receivedAt >= :from");
            parameters.and("from", from);
        }
        if (to != null) {
            query.append(" and receivedAt < :to");
            parameters.and("to", to);
        }
        PanacheQuery<Referral> found = find(query.toString(), Sort.descending("receivedAt").and("id"), parameters);
        return new Page(found.page(io.quarkus.panache.common.Page.of(page, size)).list(), found.count());
    }

    public record Page(List<Referral> referrals, long total) {
    }
}
