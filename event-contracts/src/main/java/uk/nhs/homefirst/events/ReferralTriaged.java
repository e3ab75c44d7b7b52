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
 * @param bedType          for a {@code BED_BASED} decision, the bed a clinician chose; null otherwise, and null
 *                         while the rules' bed-based decision waits for a clinician (since 1.7.0)
 * @param bedArrangedAt    for a {@code BED_BASED} decision, when the bed was arranged, once known; null otherwise
 *                         (since 1.7.0)
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
        String ldu,
        BedType bedType,
        Instant bedArrangedAt) {

    public static final String TYPE = "uk.nhs.homefirst.ReferralTriaged.v1";

    /** A decision with no bed: any pathway but {@code BED_BASED}, or a producer from before 1.7.0. */
    public ReferralTriaged(String referralId, String decisionId, int decisionNumber, Instant decidedAt, Instant receivedAt,
            Pathway pathway, ResponseStandard standard, String decidedBy, String rule, ReferralSource source,
            RequestedUrgency requestedUrgency, String postcodeDistrict, String gpPracticeOdsCode, String ldu) {
        this(referralId, decisionId, decisionNumber, decidedAt, receivedAt, pathway, standard, decidedBy, rule, source,
                requestedUrgency, postcodeDistrict, gpPracticeOdsCode, ldu, null, null);
    }

    /** A decision of a producer that routes to no LDU. */
    public ReferralTriaged(String referralId, String decisionId, int decisionNumber, Instant decidedAt, Instant receivedAt,
            Pathway pathway, ResponseStandard standard, String decidedBy, String rule, ReferralSource source,
            RequestedUrgency requestedUrgency, String postcodeDistrict, String gpPracticeOdsCode) {
        this(referralId, decisionId, decisionNumber, decidedAt, receivedAt, pathway, standard, decidedBy, rule, source,
                requestedUrgency, postcodeDistrict, gpPracticeOdsCode, null, null, null);
    }
}
