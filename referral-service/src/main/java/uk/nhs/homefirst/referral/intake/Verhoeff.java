package uk.nhs.homefirst.referral.intake;

/**
 * The Verhoeff check digit, which SNOMED CT puts at the end of every identifier. It catches every
 * single-digit error and every swap of two adjacent digits, which a typed or copied code most often
 * suffers.
 */
public final class Verhoeff {

    private static final int[][] MULTIPLY = {
            { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
            { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 },
            { 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 },
            { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 },
            { 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 },
            { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
            { 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 },
            { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 },
            { 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 },
            { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 } };

    private static final int[][] PERMUTE = {
            { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
            { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 },
            { 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 },
            { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 },
            { 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 },
            { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
            { 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 },
            { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 } };

    private static final int[] INVERSE = { 0, 4, 3, 2, 1, 5, 6, 7, 8, 9 };

    private Verhoeff() {
    }

    /** Whether the last digit of {@code digits} is the Verhoeff check digit of the ones before it. */
    public static boolean isValid(String digits) {
        if (!allDigits(digits) || digits.length() < 2) {
            return false;
        }
        int check = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            check = MULTIPLY[check][PERMUTE[i % 8][digit]];
        }
        return check == 0;
    }

    /** The check digit to append to {@code digits}. */
    public static int checkDigit(String digits) {
        if (!allDigits(digits)) {
            throw new IllegalArgumentException("only digits have a Verhoeff check digit");
        }
        int check = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            check = MULTIPLY[check][PERMUTE[(i + 1) % 8][digit]];
        }
        return INVERSE[check];
    }

    private static boolean allDigits(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
