package uk.nhs.homefirst.referral.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A SHA-256 digest of a referral's normalised content. Two requests that differ only in how they
 * were typed (spaces in the NHS number, the case of the postcode) have the same fingerprint; two
 * that say something different do not.
 */
public final class ContentFingerprint {

    private static final char SEPARATOR = '\u001f';

    private ContentFingerprint() {
    }

    public static String of(ValidReferral r) {
        return sha256(Stream.of(r.source(), r.sourceSystem(), r.sourceReferralId(), r.requestedUrgency(),
                r.statedReceivedAt(), r.clinicalNeeds().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                r.reasonText(), r.snomedCode(), r.nhsNumber(), r.givenName(), r.familyName(), r.dateOfBirth(),
                r.postcode(), r.gpPracticeOdsCode(), r.phone(), r.referrerOdsCode(), r.referrerRole(), r.referrerName())
                .map(value -> Objects.toString(value, ""))
                .collect(Collectors.joining(String.valueOf(SEPARATOR))));
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
