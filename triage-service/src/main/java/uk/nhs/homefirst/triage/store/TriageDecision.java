package uk.nhs.homefirst.triage.store;

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
import uk.nhs.homefirst.events.BedType;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;

/** One version of a case's triage. Never changed once written: a new decision is a new row. */
@Entity
@Table(name = "triage_decision")
public class TriageDecision extends PanacheEntityBase {

    @Id
    public UUID decisionId;
    public UUID referralId;
    public int decisionNumber;
    public Instant decidedAt;
    /** When this service stored the decision; a clinician may record a decision made earlier. */
    public Instant recordedAt;
    @Enumerated(EnumType.STRING)
    public Pathway pathway;
    @Enumerated(EnumType.STRING)
    public ResponseStandard standard;
    public String decidedBy;
    public String rule;
    /** The rule table's version that made the decision; null for a clinician's. */
    public Integer ruleVersion;
    /** Made by a rule row a clinician must confirm: the case waits on the review queue. */
    public boolean toConfirm;
    public Integer replacesRuleVersion;
    /** The LDU this decision routed the referral to, or null. */
    public String ldu;
    /** The number of the decision this one replaced, and its rule or reason code; null for decision 1. */
    public Integer replacesDecision;
    public String replacesRule;
    /** A BED_BASED decision's bed, as a clinician chose it; null otherwise, and for the rules' (a clinician chooses). */
    @Enumerated(EnumType.STRING)
    public BedType bedType;
    /** When the bed was arranged, once known; recorded later, it is a new decision (rule BED_ARRANGED). */
    public Instant bedArrangedAt;

    public static List<TriageDecision> of(UUID referralId) {
        return list("referralId = ?1 order by decisionNumber", referralId);
    }

    public static Optional<TriageDecision> current(TriageCase triageCase) {
        if (triageCase.decisionCount == 0) {
            return Optional.empty();
        }
        return find("referralId = ?1 and decisionNumber = ?2", triageCase.referralId, triageCase.decisionCount)
                .firstResultOptional();
    }
}
