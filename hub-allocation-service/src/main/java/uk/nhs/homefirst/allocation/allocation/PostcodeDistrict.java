package uk.nhs.homefirst.allocation.allocation;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The outward code of a UK postcode, such as {@code LE11}: what decides which hub takes a referral.
 * It is an operational fact, not a patient identifier.
 */
public final class PostcodeDistrict {

    public static final Pattern FORMAT = Pattern.compile("^[A-Z]{1,2}[0-9][0-9A-Z]?$");
    public static final String EXPECTED = "must be a postcode district: one or two letters, a digit and an optional "
            + "digit or letter, such as LE11";

    private PostcodeDistrict() {
    }

    /** The district in capitals without surrounding spaces, or empty when it is missing or of the wrong form. */
    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String district = raw.strip().toUpperCase(Locale.ROOT);
        return FORMAT.matcher(district).matches() ? Optional.of(district) : Optional.empty();
    }
}
