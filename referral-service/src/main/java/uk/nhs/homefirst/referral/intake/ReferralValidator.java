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
import uk.nhs.homefirst.events.time.IsoDate;
import uk.nhs.homefirst.events.time.IsoInstant;

/**
 * Judges a referral request field by field and reports every invalid field at once. Messages
 * describe what is expected and never repeat the value, which may be patient data.
 *
 * <p>A stated {@code receivedAt} is judged here only for its form. Whether it starts the response
 * clock (not in the future, not older than the allowed backdating) is {@link ClockStart}'s decision,
 * and a time outside those bounds is kept, not refused.
 */
public final class ReferralValidator {

    static final int MAX_NAME = 100;
    static final int MAX_REFERRER_NAME = 200;
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
        return validate(request, today, false);
    }

    /**
     * @param uncodedNeeds the referral's needs could not be coded (a FHIR referral whose SNOMED CT
     *                     concepts the mapping table does not know): no needs is then no refusal, and
     *                     the LDU reviews the referral from its reason
     */
    public static Result validate(ReferralRequest request, LocalDate today, boolean uncodedNeeds) {
        Violations v = new Violations();
        if (request == null) {
            v.add("", "the request body must be a referral object");
            return new Result(null, v);
        }
        ReferralSource source = requiredEnum(v, "source", request.source(), ReferralSource.class);
        RequestedUrgency urgency = requiredEnum(v, "requestedUrgency", request.requestedUrgency(), RequestedUrgency.class);
        String sourceSystem = identifier(v, "sourceSystem", request.sourceSystem());
        String sourceReferralId = identifier(v, "sourceReferralId", request.sourceReferralId());
        if (blank(request.sourceSystem()) != blank(request.sourceReferralId())) {
            v.add(blank(request.sourceSystem()) ? "sourceSystem" : "sourceReferralId",
                    "sourceSystem and sourceReferralId go together: give both or neither");
        }
        Instant statedReceivedAt = optionalInstant(v, "receivedAt", request.receivedAt());
        List<ClinicalNeed> needs = uncodedNeeds && (request.clinicalNeeds() == null || request.clinicalNeeds().isEmpty())
                ? List.of() : clinicalNeeds(v, request.clinicalNeeds());

        String reasonText = null;
        String snomedCode = null;
        if (request.reason() == null) {
            v.add("reason", "is required: an object with text and an optional snomedCode");
        } else {
            reasonText = freeText(v, "reason.text", request.reason().text(), MAX_REASON, true);
            snomedCode = snomedCode(v, "reason.snomedCode", request.reason().snomedCode());
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
            nhsNumber = nhsNumber(v, "patient.nhsNumber", p.nhsNumber());
            givenName = name(v, "patient.givenName", p.givenName());
            familyName = name(v, "patient.familyName", p.familyName());
            dateOfBirth = dateOfBirth(v, p.dateOfBirth(), today);
            if (blank(p.postcode())) {
                v.add("patient.postcode", "is required");
            } else {
                postcode = Postcode.parse(p.postcode().trim()).orElse(null);
                v.check(postcode != null, "patient.postcode", "must be a UK postcode, such as LE11 3TU");
            }
            gpPractice = odsCode(v, "patient.gpPracticeOdsCode", p.gpPracticeOdsCode());
            if (gpPractice != null && !OdsCode.isGpPractice(gpPractice)) {
                v.add("patient.gpPracticeOdsCode", "must be a GP practice's ODS code: a letter and five digits, such as C82001");
                gpPractice = null;
            }
            phone = phone(v, "patient.phone", p.phone());
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
            referrerName = referrerName(v, "referrer.name", r.name());
            // A patient or carer refers themselves; anyone else refers for an organisation.
            if (role != null && source != null
                    && (role == ReferrerRole.PATIENT_OR_CARER) != (source == ReferralSource.SELF_OR_CARER)) {
                v.add("referrer.role", role == ReferrerRole.PATIENT_OR_CARER
                        ? "PATIENT_OR_CARER goes with the source SELF_OR_CARER"
                        : "a SELF_OR_CARER referral is made by a PATIENT_OR_CARER");
                role = null;
            }
        }

        ValidReferral.Discharge discharge = discharge(v, request.discharge(), source, today);

        if (!v.isEmpty()) {
            return new Result(null, v);
        }
        return new Result(new ValidReferral(source, sourceSystem, sourceReferralId, urgency, statedReceivedAt, needs,
                reasonText, snomedCode, nhsNumber, givenName, familyName, dateOfBirth, postcode, gpPractice, phone,
                referrerOds, role, referrerName, discharge), v);
    }

    /** Either a valid referral, or the violations. */
    public record Result(ValidReferral referral, Violations violations) {
        public Optional<ValidReferral> valid() {
            return Optional.ofNullable(referral);
        }
    }

    private static String nhsNumber(Violations v, String field, String typed) {
        if (blank(typed)) {
            v.add(field, "is required");
            return null;
        }
        if (typed.length() > 20) {
            v.add(field, "must be 10 digits");
            return null;
        }
        String digits = NhsNumber.normalise(typed);
        if (!NhsNumber.isTenDigits(digits)) {
            v.add(field, "must be 10 digits");
            return null;
        }
        if (!NhsNumber.isValid(digits)) {
            v.add(field, "fails the NHS number modulus-11 check");
            return null;
        }
        return digits;
    }

    private static String snomedCode(Violations v, String field, String typed) {
        if (blank(typed)) {
            return null;
        }
        String code = typed.strip();
        SnomedConceptId.Problem problem = SnomedConceptId.problem(code);
        if (problem == null) {
            return code;
        }
        v.add(field, switch (problem) {
            case FORMAT -> "must be a SNOMED CT concept id: 6 to 18 digits, not starting with 0";
            case CHECK_DIGIT -> "fails the SNOMED CT Verhoeff check digit";
            case NOT_A_CONCEPT -> "must be a SNOMED CT concept id, not a description or relationship id";
        });
        return null;
    }

    private static String phone(Violations v, String field, String typed) {
        if (blank(typed)) {
            return null;
        }
        String phone = typed.strip();
        if (!PhoneNumber.isValid(phone)) {
            v.add(field, "must be a telephone number: a UK number such as 0116 496 0000 or +44 116 496 0000, "
                    + "or an international number starting with +");
            return null;
        }
        return phone;
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
        if (blank(typed)) {
            v.add("patient.dateOfBirth", "is required");
            return null;
        }
        LocalDate date = typed.length() > 30 ? null : parse(typed.trim(), IsoDate::parse);
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

    /** Only a hospital refers a patient before discharge; the expected date is not long past. */
    private static ValidReferral.Discharge discharge(Violations v, ReferralRequest.Discharge typed, ReferralSource source,
            LocalDate today) {
        if (typed == null) {
            return null;
        }
        if (source != null && source != ReferralSource.ACUTE_HOSPITAL) {
            v.add("discharge", "is for a hospital's referral before discharge (source ACUTE_HOSPITAL)");
            return null;
        }
        LocalDate expected = expectedDischargeDate(v, "discharge.expectedDate", typed.expectedDate(), today);
        Integer pathway = dischargePathway(v, "discharge.pathway", typed.pathway());
        return new ValidReferral.Discharge(expected, pathway);
    }

    /** An ISO date, not more than a week past (a late entry) nor a year ahead; null when not given. */
    public static LocalDate expectedDischargeDate(Violations v, String field, String typed, LocalDate today) {
        if (blank(typed)) {
            return null;
        }
        LocalDate date = typed.length() > 30 ? null : parse(typed.trim(), IsoDate::parse);
        if (date == null) {
            v.add(field, "must be an ISO-8601 date, such as 2026-11-25");
        } else if (date.isBefore(today.minusDays(7)) || date.isAfter(today.plusYears(1))) {
            v.add(field, "must be within a week before today and a year after");
            date = null;
        }
        return date;
    }

    /** The national discharge pathway: 0 home, 1 home with support, 2 a short-term bed, 3 a long-term bed. */
    public static Integer dischargePathway(Violations v, String field, Integer pathway) {
        if (pathway != null && (pathway < 0 || pathway > 3)) {
            v.add(field, "must be a discharge pathway from 0 to 3");
            return null;
        }
        return pathway;
    }

    static Instant optionalInstant(Violations v, String field, String typed) {
        if (blank(typed)) {
            return null;
        }
        String text = typed.trim();
        // The form referrers' systems send, in UTC, read without a DateTimeFormatter; any other, as ever.
        Instant utc = text.length() > 40 ? null : IsoInstant.parseCommonForm(text);
        if (utc != null) {
            int year = utc.atOffset(ZoneOffset.UTC).getYear();
            if (year < 2000 || year > 9999) {
                v.add(field, "must be a date-time after the year 2000");
                return null;
            }
            return utc;
        }
        OffsetDateTime time = text.length() > 40 ? null : parse(text, OffsetDateTime::parse);
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
        if (blank(typed)) {
            v.add(field, "is required");
            return null;
        }
        String code = OdsCode.normalise(typed);
        if (!OdsCode.isValid(code)) {
            v.add(field, "must be an ODS organisation code: 3 to 10 letters and digits, such as C82001");
            return null;
        }
        return code;
    }

    static <E extends Enum<E>> E requiredEnum(Violations v, String field, String typed, Class<E> type) {
        if (blank(typed)) {
            v.add(field, "is required: one of " + Arrays.toString(type.getEnumConstants()));
            return null;
        }
        if (typed.length() > 64) {
            v.add(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
            return null;
        }
        try {
            return Enum.valueOf(type, typed.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            v.add(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
            return null;
        }
    }

    private static String name(Violations v, String field, String typed) {
        return checked(v, field, typed, MAX_NAME, true, Text::nameProblem);
    }

    private static String referrerName(Violations v, String field, String typed) {
        return checked(v, field, typed, MAX_REFERRER_NAME, true, Text::referrerNameProblem);
    }

    private static String identifier(Violations v, String field, String typed) {
        return checked(v, field, typed, MAX_IDENTIFIER, false, Text::identifierProblem);
    }

    /** Free text such as a reason: any script, line breaks allowed. */
    static String freeText(Violations v, String field, String typed, int maxLength, boolean required) {
        return checked(v, field, typed, maxLength, required, Text::freeTextProblem);
    }

    private static String checked(Violations v, String field, String typed, int maxLength, boolean required,
            Function<String, Text.Problem> rule) {
        if (blank(typed)) {
            if (required) {
                v.add(field, "is required");
            }
            return null;
        }
        // Judge the length first, on the raw text, so that a huge value costs no normalisation.
        if (typed.length() > maxLength * 4) {
            v.add(field, "must be at most " + maxLength + " characters");
            return null;
        }
        String text = Text.normalise(typed);
        if (Text.length(text) > maxLength) {
            v.add(field, "must be at most " + maxLength + " characters");
            return null;
        }
        Text.Problem problem = rule.apply(text);
        if (problem != null) {
            v.add(field, problem.message());
            return null;
        }
        return text;
    }

    static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static <T> T parse(String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
