package uk.nhs.homefirst.referral.intake;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An Organisation Data Service code: what identifies an NHS organisation or site, such as a GP
 * practice (C82001) or a trust (RWE). Three to ten letters and digits, at least one a letter; a GP
 * practice's code is a letter and five digits.
 */
public final class OdsCode {

    private static final Pattern FORMAT = Pattern.compile("[A-Z0-9]{3,10}");
    private static final Pattern GP_PRACTICE = Pattern.compile("[A-Z][0-9]{5}");

    private OdsCode() {
    }

    public static String normalise(String typed) {
        return typed == null ? null : typed.trim().toUpperCase(Locale.ROOT);
    }

    public static boolean isValid(String normalised) {
        return normalised != null && FORMAT.matcher(normalised).matches() && normalised.chars().anyMatch(Character::isLetter);
    }

    /** A GP practice's code: a letter and five digits, such as C82001. */
    public static boolean isGpPractice(String normalised) {
        return normalised != null && GP_PRACTICE.matcher(normalised).matches();
    }
}
