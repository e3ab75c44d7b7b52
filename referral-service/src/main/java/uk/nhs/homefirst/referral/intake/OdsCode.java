package uk.nhs.homefirst.referral.intake;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An Organisation Data Service code: what identifies an NHS organisation or site, such as a GP
 * practice (C82001) or a trust (RWE). Three to ten letters and digits.
 */
public final class OdsCode {

    private static final Pattern FORMAT = Pattern.compile("[A-Z0-9]{3,10}");

    private OdsCode() {
    }

    public static String normalise(String typed) {
        return typed == null ? null : typed.trim().toUpperCase(Locale.ROOT);
    }

    public static boolean isValid(String normalised) {
        return normalised != null && FORMAT.matcher(normalised).matches() && normalised.chars().anyMatch(Character::isLetter);
    }
}
