package uk.nhs.homefirst.referral.status;

import uk.nhs.homefirst.events.SendBackReason;

/**
 * What a referrer reads when the hub holding its referral sent it back to the LDU: the reason code
 * only travels; the hub's own words stay in hub-allocation-service. One line per code, by an
 * exhaustive switch, so that a new reason does not compile without its words.
 */
public final class SendBackReasons {

    private SendBackReasons() {
    }

    public static String words(String code) {
        SendBackReason reason;
        try {
            reason = code == null ? null : SendBackReason.valueOf(code);
        } catch (IllegalArgumentException e) {
            reason = null;
        }
        if (reason == null) {
            return "The hub sent this referral back to the LDU, which will decide what follows.";
        }
        return switch (reason) {
            case WRONG_PATHWAY -> "The hub sent this referral back to the LDU, which is reviewing its pathway.";
            case NEEDS_MORE_INFORMATION -> "The hub sent this referral back to the LDU: more information is needed, "
                    + "and the LDU may contact you.";
            case OUTSIDE_AREA -> "The hub sent this referral back to the LDU: the patient lives outside its area, "
                    + "and the LDU is finding the service that covers it.";
            case PATIENT_DECLINED -> "The hub sent this referral back to the LDU: the patient declined the hub's care, "
                    + "and the LDU decides what follows.";
        };
    }
}
