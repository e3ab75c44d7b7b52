package uk.nhs.homefirst.referral.intake;

/**
 * A SNOMED CT concept id (SCTID), such as 217082002 (accidental fall). Six to eighteen digits, not
 * starting with 0: an item identifier, a partition identifier of two digits, and a Verhoeff check
 * digit. The partition says what the identifier names; only concepts are codes for a reason. A
 * description id (partition 01 or 11) or a relationship id (02 or 12) is refused, as is any id whose
 * check digit fails.
 */
public final class SnomedConceptId {

    /** What is wrong with a typed code, for a message that names the rule and not the value. */
    public enum Problem {
        FORMAT,
        CHECK_DIGIT,
        NOT_A_CONCEPT
    }

    private SnomedConceptId() {
    }

    /** Null when {@code code} is a valid concept id, otherwise what is wrong with it. */
    public static Problem problem(String code) {
        if (code == null || code.length() < 6 || code.length() > 18 || code.charAt(0) == '0'
                || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Problem.FORMAT;
        }
        if (!Verhoeff.isValid(code)) {
            return Problem.CHECK_DIGIT;
        }
        String partition = code.substring(code.length() - 3, code.length() - 1);
        // 00: a concept of the international release; 10: a concept of an extension, in its namespace.
        if (!partition.equals("00") && !partition.equals("10")) {
            return Problem.NOT_A_CONCEPT;
        }
        return null;
    }

    public static boolean isValid(String code) {
        return problem(code) == null;
    }
}
