package uk.nhs.homefirst.triage.decision;

/**
 * A clinician's decision as sent to {@code POST /api/triage/{referralId}/decisions}. Every field is
 * text here, so that {@link DecisionValidator} can judge all of them and name each one that is wrong.
 *
 * @param pathway   a {@link uk.nhs.homefirst.events.Pathway}
 * @param decidedBy optional: the caller's own id (its token's subject), which the decision is recorded
 *                  under whatever is sent; any other value is refused
 * @param reason    a reason code such as {@code CLINICAL_JUDGEMENT}, never free text
 * @param decidedAt an ISO-8601 instant; optional, default now
 * @param ldu       the LDU to route the referral to from this decision on; optional, default the one it is
 *                  routed to (a clinician passes on a referral of another LDU's locality this way)
 * @param bedType   a {@link uk.nhs.homefirst.events.BedType}: required for {@code BED_BASED}, refused for any other
 * @param bedArrangedAt when the bed was arranged: optional, {@code BED_BASED} only, an ISO-8601 instant
 */
public record DecisionRequest(String pathway, String decidedBy, String reason, String decidedAt, String ldu,
        String bedType, String bedArrangedAt) {

    /** A decision with no bed. */
    public DecisionRequest(String pathway, String decidedBy, String reason, String decidedAt, String ldu) {
        this(pathway, decidedBy, reason, decidedAt, ldu, null, null);
    }
}
