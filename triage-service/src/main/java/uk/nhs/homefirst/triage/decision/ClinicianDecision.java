package uk.nhs.homefirst.triage.decision;

import java.time.Instant;
import java.util.Objects;
import uk.nhs.homefirst.events.Pathway;

/** A clinician's re-triage of a referral, validated. */
public record ClinicianDecision(Pathway pathway, String decidedBy, String reason, Instant decidedAt) {

    public ClinicianDecision {
        Objects.requireNonNull(pathway, "pathway");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }
}
