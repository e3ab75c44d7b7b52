package uk.nhs.homefirst.referral.intake;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A UK postcode: an outward code (area and district, such as LE11) and an inward code (sector and
 * unit, such as 3TU). The outward code, the postcode district, decides the hub.
 */
public record Postcode(String outward, String inward) {

    // The shapes of the Royal Mail format: A9, A99, AA9, AA99, A9A, AA9A, then 9AA.
    private static final Pattern FORMAT = Pattern.compile(
            "^([A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
                    + "([0-9][ABD-HJLNP-UW-Z]{2})$");

    /** Parses a postcode typed in any case, with or without its space. */
    public static Optional<Postcode> parse(String typed) {
        if (typed == null || typed.length() > 10) {
            return Optional.empty();
        }
        String compact = typed.replace(" ", "").toUpperCase(Locale.ROOT);
        Matcher m = FORMAT.matcher(compact);
        return m.matches() ? Optional.of(new Postcode(m.group(1), m.group(2))) : Optional.empty();
    }

    /** The postcode district, for example LE11. */
    public String district() {
        return outward;
    }

    @Override
    public String toString() {
        return outward + " " + inward;
    }
}
