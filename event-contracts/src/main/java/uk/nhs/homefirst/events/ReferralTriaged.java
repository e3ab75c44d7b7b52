package uk.nhs.homefirst.events;

import java.time.Instant;

/**
 * The Locality Decision Unit put a referral on a pathway. A referral may be triaged again; every
 * decision is a new event with the next {@code decisionNumber}. Carries operational facts only: no
 * patient identifiers.
 *
 * @param decisionNumber   1 for the first decision of a referral, then 2, 3, ...
 * @param receivedAt       the referral's clock start, repeated here so that consumers need not read patient data
 * @param standard         the response standard of the pathway, or null when the pathway has none
 * @param decidedBy        "rules" for the automatic first decision, otherwise the deciding clinician's staff id
 * @param rule             the rule or reason code behind the decision, never free text
 * @param postcodeDistrict the outward code of the patient's postcode, used to allocate a hub
 * @param ldu              the Locality Decision Unit the referral is routed to (by the patient's locality),
 *                         or null when no route covers it; its clinicians may read the referral's detail
 */
public record ReferralTriaged(
        String referralId,
        String decisionId,
        int decisionNumber,
        Instant decidedAt,
        Instant receivedAt,
        Pathway pathway,
        ResponseStandard standard,
        String decidedBy,
        String rule,
        ReferralSource source,
        RequestedUrgency requestedUrgency,
        String postcodeDistrict,
        String gpPracticeOdsCode,
        String ldu) {

    public static final String TYPE = "uk.nhs.homefirst.ReferralTriaged.v1";

    /** A decision of a producer that routes to no LDU. */
    public ReferralTriaged(String referralId, String decisionId, int decisionNumber, Instant decidedAt, Instant receivedAt,
            Pathway pathway, ResponseStandard standard, String decidedBy, String rule, ReferralSource source,
            RequestedUrgency requestedUrgency, String postcodeDistrict, String gpPracticeOdsCode) {
        this(referralId, decisionId, decisionNumber, decidedAt, receivedAt, pathway, standard, decidedBy, rule, source,
                requestedUrgency, postcodeDistrict, gpPracticeOdsCode, null);
    }
}
