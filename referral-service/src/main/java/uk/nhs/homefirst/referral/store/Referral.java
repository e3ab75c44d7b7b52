package uk.nhs.homefirst.referral.store;

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
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferrerRole;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.platform.store.ByIds;
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
    /** The business time of the last status change; null while RECEIVED. */
    public Instant statusChangedAt;
    /** How many status changes were announced: the last ReferralStatusChanged's sequence. */
    public int statusSequence;
    /** A digest of the normalised content, to tell a retry under the same source reference from a different referral. */
    public String contentFingerprint;
    public Instant cancelledAt;
    @Enumerated(EnumType.STRING)
    public CancellationReason cancellationReason;
    /** Free text that may name the patient: never logged. */
    public String cancellationText;
    public Instant cancellationRecordedAt;
    /** A hospital's discharge-to-assess referral: its clocks start at the discharge it confirms. */
    public boolean awaitsDischarge;
    public LocalDate expectedDischargeDate;
    public Integer dischargePathway;
    public UUID dischargeId;
    public Instant dischargedAt;
    public Instant dischargeRecordedAt;

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
     * These referrals, those stored, locked for update in one statement, in the order of their ids:
     * so that two batches locking some of the same referrals take them in the same order.
     */
    public static List<Referral> lockedInOrder(Collection<UUID> ids) {
        return ByIds.lockedInOrder(getEntityManager(), Referral.class, "referral", "id", ids);
    }

    /** One page of a referring organisation's referrals, optionally in some statuses and within a range of receivedAt, latest first. */
    public static Page page(String referrerOdsCode, Collection<ReferralStatus> statuses, Instant from, Instant to,
            int page, int size) {
        StringBuilder query = new StringBuilder("referrerOdsCode = :ods");
        Parameters parameters = Parameters.with("ods", referrerOdsCode);
        if (!statuses.isEmpty()) {
            query.append(" and status in :statuses");
            parameters.and("statuses", statuses);
        }
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

    /**
     * What a Task search narrows by: any of the statuses (none: all), receivedAt and the last status
     * change (the receipt while there was none) within [from, to), and one referral.
     */
    public record TaskCriteria(java.util.Set<ReferralStatus> statuses, Instant receivedFrom, Instant receivedTo,
            Instant modifiedFrom, Instant modifiedTo, UUID id) {
    }

    /** The FHIR Task search: the referrals of the given referring organisations that meet the criteria, latest first. */
    public static Page tasks(Collection<String> referrerOdsCodes, TaskCriteria criteria, int offset, int count) {
        StringBuilder query = new StringBuilder("referrerOdsCode in :ods");
        Parameters parameters = Parameters.with("ods", referrerOdsCodes);
        if (!criteria.statuses().isEmpty()) {
            query.append(" and status in :statuses");
            parameters.and("statuses", criteria.statuses());
        }
        if (criteria.receivedFrom() != null) {
            query.append(" and receivedAt >= :receivedFrom");
            parameters.and("receivedFrom", criteria.receivedFrom());
        }
        if (criteria.receivedTo() != null) {
            query.append(" and receivedAt < :receivedTo");
            parameters.and("receivedTo", criteria.receivedTo());
        }
        if (criteria.modifiedFrom() != null) {
            query.append(" and coalesce(statusChangedAt, receivedAt) >= :modifiedFrom");
            parameters.and("modifiedFrom", criteria.modifiedFrom());
        }
        if (criteria.modifiedTo() != null) {
            query.append(" and coalesce(statusChangedAt, receivedAt) < :modifiedTo");
            parameters.and("modifiedTo", criteria.modifiedTo());
        }
        if (criteria.id() != null) {
            query.append(" and id = :id");
            parameters.and("id", criteria.id());
        }
        PanacheQuery<Referral> found = find(query.toString(), Sort.descending("receivedAt").and("id"), parameters);
        return new Page(found.range(offset, offset + count - 1).list(), found.count());
    }

    /**
     * The FHIR search: the referrals of the given referring organisations, narrowed by any of the
     * sender's identifier, the referral id and the patient's NHS number, latest first.
     */
    public static Page search(java.util.Collection<String> referrerOdsCodes, String sourceSystem, String sourceReferralId,
            UUID id, String nhsNumber, int offset, int count) {
        StringBuilder query = new StringBuilder("referrerOdsCode in :ods");
        Parameters parameters = Parameters.with("ods", referrerOdsCodes);
        if (sourceReferralId != null) {
            query.append(" and sourceSystem = :system and sourceReferralId = :value");
            parameters.and("system", sourceSystem).and("value", sourceReferralId);
        }
        if (id != null) {
            query.append(" and id = :id");
            parameters.and("id", id);
        }
        if (nhsNumber != null) {
            query.append(" and nhsNumber = :nhs");
            parameters.and("nhs", nhsNumber);
        }
        PanacheQuery<Referral> found = find(query.toString(), Sort.descending("receivedAt").and("id"), parameters);
        return new Page(found.range(offset, offset + count - 1).list(), found.count());
    }
}
