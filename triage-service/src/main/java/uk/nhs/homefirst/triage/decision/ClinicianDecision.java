package uk.nhs.homefirst.triage.decision;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import uk.nhs.homefirst.events.BedType;
import uk.nhs.homefirst.events.Pathway;

/**
 * A clinician's re-triage of a referral, validated.
 *
 * @param ldu the LDU it routes the referral to; empty to keep the one it is routed to
 * @param bedType a BED_BASED decision's bed (never null for one); null for any other pathway
 * @param bedArrangedAt when that bed was arranged, if known; null otherwise
 */
public record ClinicianDecision(Pathway pathway, String decidedBy, String reason, Instant decidedAt,
        Optional<String> ldu, BedType bedType, Instant bedArrangedAt) {

    public ClinicianDecision {
        Objects.requireNonNull(pathway, "pathway");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(ldu, "ldu");
        if ((pathway == Pathway.BED_BASED) != (bedType != null) || (bedArrangedAt != null && bedType == null)) {
            throw new IllegalArgumentException("A BED_BASED decision, and only one, names its bed type");
        }
    }

    /** A decision on any pathway but BED_BASED. */
    public ClinicianDecision(Pathway pathway, String decidedBy, String reason, Instant decidedAt, Optional<String> ldu) {
        this(pathway, decidedBy, reason, decidedAt, ldu, null, null);
    }
}
