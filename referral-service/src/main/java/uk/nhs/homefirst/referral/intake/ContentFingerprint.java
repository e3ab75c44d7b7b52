package uk.nhs.homefirst.referral.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.time.IsoInstant;

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
        List<String> needs = new ArrayList<>(r.clinicalNeeds().size());
        for (ClinicalNeed need : r.clinicalNeeds()) {
            needs.add(need.name());
        }
        Collections.sort(needs);
        // The fields in this order, each as its toString (nothing for null), the needs by name in
        // alphabetical order, separated: the digest of stored referrals depends on it never changing.
        StringBuilder text = new StringBuilder(512);
        Object[] fields = {r.source(), r.sourceSystem(), r.sourceReferralId(), r.requestedUrgency(),
                r.statedReceivedAt(), String.join(",", needs), r.reasonText(), r.snomedCode(), r.nhsNumber(),
                r.givenName(), r.familyName(), r.dateOfBirth(), r.postcode(), r.gpPracticeOdsCode(), r.phone(),
                r.referrerOdsCode(), r.referrerRole(), r.referrerName()};
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                text.append(SEPARATOR);
            }
            // An instant as IsoInstant writes it, which is exactly its toString, without a DateTimeFormatter.
            text.append(fields[i] instanceof Instant instant ? IsoInstant.format(instant) : Objects.toString(fields[i], ""));
        }
        return sha256(text.toString());
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
