package uk.nhs.homefirst.triage.decision;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import uk.nhs.homefirst.events.Pathway;

/**
 * A clinician's re-triage of a referral, validated.
 *
 * @param ldu the LDU it routes the referral to; empty to keep the one it is routed to
 */
public record ClinicianDecision(Pathway pathway, String decidedBy, String reason, Instant decidedAt,
        Optional<String> ldu) {

    public ClinicianDecision {
        Objects.requireNonNull(pathway, "pathway");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(ldu, "ldu");
    }
}
