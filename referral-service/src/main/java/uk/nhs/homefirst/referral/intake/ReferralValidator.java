package uk.nhs.homefirst.referral.intake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferrerRole;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.platform.problem.Violations;

/**
 * Judges a referral request field by field and reports every invalid field at once. Messages
 * describe what is expected and never repeat the value, which may be patient data.
 */
public final class ReferralValidator {

    static final int MAX_NAME = 100;
    static final int MAX_REASON = 4000;
    static final int MAX_IDENTIFIER = 100;
    static final int OLDEST_PATIENT_YEARS = 130;

    private ReferralValidator() {
    }

    /**
     * @param today the date in the service's time zone, to judge the date of birth
     * @return the valid referral, or the violations found; never both
     */
    public static Result validate(ReferralRequest request, LocalDate today) {
        Violations v = new Violations();
        if (request == null) {
            v.add("", "the request body must be a referral object");
            return new Result(null, v);
        }
        ReferralSource source = requiredEnum(v, "source", request.source(), ReferralSource.class);
        RequestedUrgency urgency = requiredEnum(v, "requestedUrgency", request.requestedUrgency(), RequestedUrgency.class);
        String sourceSystem = optionalText(v, "sourceSystem", request.sourceSystem(), MAX_IDENTIFIER);
        String sourceReferralId = optionalText(v, "sourceReferralId", request.sourceReferralId(), MAX_IDENTIFIER);
        if ((sourceSystem == null) != (sourceReferralId == null)) {
            v.add(sourceSystem == null ? "sourceSystem" : "sourceReferralId",
                    "sourceSystem and sourceReferralId go together: give both or neither");
        }
        Instant statedReceivedAt = optionalInstant(v, "receivedAt", request.receivedAt());
        List<ClinicalNeed> needs = clinicalNeeds(v, request.clinicalNeeds());

        String reasonText = null;
        String snomedCode = null;
        if (request.reason() == null) {
            v.add("reason", "is required: an object with text and an optional snomedCode");
        } else {
            reasonText = requiredText(v, "reason.text", request.reason().text(), MAX_REASON);
            snomedCode = optionalText(v, "reason.snomedCode", request.reason().snomedCode(), 18);
            if (snomedCode != null && !snomedCode.matches("[1-9][0-9]{5,17}")) {
                v.add("reason.snomedCode", "must be a SNOMED CT concept id: 6 to 18 digits, not starting with 0");
                snomedCode = null;
            }
        }

        ReferralRequest.Patient p = request.patient();
        String nhsNumber = null;
        String givenName = null;
        String familyName = null;
        LocalDate dateOfBirth = null;
        Postcode postcode = null;
        String gpPractice = null;
        String phone = null;
        if (p == null) {
            v.add("patient", "is required");
        } else {
            nhsNumber = NhsNumber.normalise(p.nhsNumber());
            if (nhsNumber == null || nhsNumber.isEmpty()) {
                v.add("patient.nhsNumber", "is required");
            } else if (!nhsNumber.matches("[0-9]{10}")) {
                v.add("patient.nhsNumber", "must be 10 digits");
            } else if (!NhsNumber.isValid(nhsNumber)) {
                v.add("patient.nhsNumber", "fails the NHS number modulus-11 check");
            }
            givenName = requiredText(v, "patient.givenName", p.givenName(), MAX_NAME);
            familyName = requiredText(v, "patient.familyName", p.familyName(), MAX_NAME);
            dateOfBirth = dateOfBirth(v, p.dateOfBirth(), today);
            if (p.postcode() == null || p.postcode().isBlank()) {
                v.add("patient.postcode", "is required");
            } else {
                postcode = Postcode.parse(p.postcode().trim()).orElse(null);
                v.check(postcode != null, "patient.postcode", "must be a UK postcode, such as LE11 3TU");
            }
            gpPractice = odsCode(v, "patient.gpPracticeOdsCode", p.gpPracticeOdsCode());
            phone = optionalText(v, "patient.phone", p.phone(), 30);
            if (phone != null && !phone.matches("\\+?[0-9 ()-]{10,20}")) {
                v.add("patient.phone", "must be a telephone number: digits, spaces, brackets, hyphens and a leading +");
                phone = null;
            } else if (phone != null && phone.replaceAll("[^0-9]", "").length() < 10) {
                v.add("patient.phone", "must have at least 10 digits");
                phone = null;
            }
        }

        ReferralRequest.Referrer r = request.referrer();
        String referrerOds = null;
        ReferrerRole role = null;
        String referrerName = null;
        if (r == null) {
            v.add("referrer", "is required");
        } else {
            referrerOds = odsCode(v, "referrer.organisationOdsCode", r.organisationOdsCode());
            role = requiredEnum(v, "referrer.role", r.role(), ReferrerRole.class);
            referrerName = requiredText(v, "referrer.name", r.name(), MAX_NAME * 2);
        }

        if (!v.isEmpty()) {
            return new Result(null, v);
        }
        return new Result(new ValidReferral(source, sourceSystem, sourceReferralId, urgency, statedReceivedAt, needs,
                reasonText, snomedCode, nhsNumber, givenName, familyName, dateOfBirth, postcode, gpPractice, phone,
                referrerOds, role, referrerName), v);
    }

    /** Either a valid referral, or the violations. */
    public record Result(ValidReferral referral, Violations violations) {
        public Optional<ValidReferral> valid() {
            return Optional.ofNullable(referral);
        }
    }

    private static List<ClinicalNeed> clinicalNeeds(Violations v, List<String> typed) {
        if (typed == null || typed.isEmpty()) {
            v.add("clinicalNeeds", "must list at least one of " + Arrays.toString(ClinicalNeed.values()));
            return List.of();
        }
        if (typed.size() > ClinicalNeed.values().length) {
            v.add("clinicalNeeds", "must not list more than " + ClinicalNeed.values().length + " needs");
            return List.of();
        }
        Set<ClinicalNeed> needs = new LinkedHashSet<>();
        for (int i = 0; i < typed.size(); i++) {
            ClinicalNeed need = requiredEnum(v, "clinicalNeeds[" + i + "]", typed.get(i), ClinicalNeed.class);
            if (need != null && !needs.add(need)) {
                v.add("clinicalNeeds[" + i + "]", "repeats a need listed before it");
            }
        }
        return new ArrayList<>(needs);
    }

    private static LocalDate dateOfBirth(Violations v, String typed, LocalDate today) {
        if (typed == null || typed.isBlank()) {
            v.add("patient.dateOfBirth", "is required");
            return null;
        }
        LocalDate date = parse(typed.trim(), LocalDate::parse);
        if (date == null) {
            v.add("patient.dateOfBirth", "must be an ISO-8601 date, such as 1941-03-02");
        } else if (date.isAfter(today)) {
            v.add("patient.dateOfBirth", "must not be in the future");
            date = null;
        } else if (date.isBefore(today.minusYears(OLDEST_PATIENT_YEARS))) {
            v.add("patient.dateOfBirth", "must be within the last " + OLDEST_PATIENT_YEARS + " years");
            date = null;
        }
        return date;
    }

    private static Instant optionalInstant(Violations v, String field, String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        OffsetDateTime time = parse(typed.trim(), OffsetDateTime::parse);
        if (time == null) {
            v.add(field, "must be an ISO-8601 date-time with an offset, such as 2026-11-23T09:15:00Z");
            return null;
        }
        if (time.getYear() < 2000 || time.getYear() > 9999) {
            v.add(field, "must be a date-time after the year 2000");
            return null;
        }
        return time.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
    }

    private static String odsCode(Violations v, String field, String typed) {
        String code = OdsCode.normalise(typed);
        if (code == null || code.isEmpty()) {
            v.add(field, "is required");
            return null;
        }
        if (!OdsCode.isValid(code)) {
            v.add(field, "must be an ODS organisation code: 3 to 10 letters and digits, such as C82001");
            return null;
        }
        return code;
    }

    private static <E extends Enum<E>> E requiredEnum(Violations v, String field, String typed, Class<E> type) {
        if (typed == null || typed.isBlank()) {
            v.add(field, "is required: one of " + Arrays.toString(type.getEnumConstants()));
            return null;
        }
        try {
            return Enum.valueOf(type, typed.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            v.add(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
            return null;
        }
    }

    private static String requiredText(Violations v, String field, String typed, int maxLength) {
        if (typed == null || typed.isBlank()) {
            v.add(field, "is required");
            return null;
        }
        return checkedText(v, field, typed, maxLength);
    }

    private static String optionalText(Violations v, String field, String typed, int maxLength) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        return checkedText(v, field, typed, maxLength);
    }

    private static String checkedText(Violations v, String field, String typed, int maxLength) {
        String text = typed.strip();
        if (text.codePointCount(0, text.length()) > maxLength) {
            v.add(field, "must be at most " + maxLength + " characters");
            return null;
        }
        if (text.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            v.add(field, "must not contain control characters");
            return null;
        }
        return text;
    }

    private static <T> T parse(String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
