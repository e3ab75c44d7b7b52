package uk.nhs.homefirst.triage.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One version of the triage rule table: a draft, approved (in effect from its time) or withdrawn. */
@Entity
@Table(name = "rule_version")
public class RuleVersion extends PanacheEntityBase {

    public static final String DRAFT = "DRAFT";
    public static final String APPROVED = "APPROVED";
    public static final String WITHDRAWN = "WITHDRAWN";

    @Id
    public int version;
    public String status;
    public Instant effectiveFrom;
    /** The table in its CSV form ({@code RuleTableCsv}): what an analyst reads is what is kept. */
    public String tableCsv;
    public String note;
    public String createdBy;
    public Instant createdAt;
    /** Who approved or withdrew it, and when. */
    public String decidedBy;
    public Instant decidedAt;

    public static List<RuleVersion> newestFirst() {
        return list("order by version desc");
    }

    public static Optional<RuleVersion> lockedForUpdate(int version) {
        return Optional.ofNullable(getEntityManager().find(RuleVersion.class, version, LockModeType.PESSIMISTIC_WRITE));
    }

    /** The approved version in effect at {@code at}: the latest to take effect by then. */
    public static Optional<Integer> inEffectAt(Instant at) {
        return getEntityManager().createQuery("select v.version from RuleVersion v where v.status = :approved "
                        + "and v.effectiveFrom <= :at order by v.effectiveFrom desc, v.version desc", Integer.class)
                .setParameter("approved", APPROVED).setParameter("at", at).setMaxResults(1)
                .getResultStream().findFirst();
    }
}
