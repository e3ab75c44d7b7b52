package uk.nhs.homefirst.referral.intake;

/**
 * The NHS number rule: ten digits, the last a modulus-11 check digit over the first nine weighted
 * 10 down to 2. Eleven minus the remainder is the check digit, 11 counts as 0, and 10 means the
 * number is invalid. Numbers starting 999 are test numbers, valid by the same rule.
 */
public final class NhsNumber {

    private NhsNumber() {
    }

    /**
     * Removes the spaces and hyphens people type, as in "943 476 5919": white space as a regular
     * expression's {@code \\s} means it (space, tab, line breaks, vertical tab, form feed) and
     * hyphens. Returns null for null.
     */
    public static String normalise(String typed) {
        if (typed == null) {
            return null;
        }
        StringBuilder kept = new StringBuilder(typed.length());
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\u000B' && c != '\f' && c != '\r' && c != '-') {
                kept.append(c);
            }
        }
        return kept.length() == typed.length() ? typed : kept.toString();
    }

    /** Whether the text is exactly ten ASCII digits. */
    public static boolean isTenDigits(String text) {
        if (text.length() != 10) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code digits} (already normalised) is a valid NHS number. */
    public static boolean isValid(String digits) {
        if (digits == null || digits.length() != 10) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            if (i < 9) {
                sum += (c - '0') * (10 - i);
            }
        }
        int check = 11 - (sum % 11);
        if (check == 11) {
            check = 0;
        }
        return check != 10 && check == digits.charAt(9) - '0';
    }

    public static boolean isTestNumber(String digits) {
        return digits != null && digits.startsWith("999");
    }
}
