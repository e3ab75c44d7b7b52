package uk.nhs.homefirst.referral.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import uk.nhs.homefirst.referral.intake.NhsNumber;

/**
 * The parameters of {@code GET /fhir/ServiceRequest}, judged: FHIR token searches by the referral's
 * identifier ({@code system|value}) and by the patient's NHS number (chained,
 * {@code patient.identifier=https://fhir.nhs.uk/Id/nhs-number|...}), and paging by {@code _count}
 * and {@code _offset}. A parameter this server does not support is refused rather than ignored:
 * ignoring it would answer a narrower question with a wider list.
 *
 * @param referralId     the referral id, when the identifier searched is this service's
 * @param sourceSystem   the sender's identifier system, when the identifier searched is the sender's
 * @param sourceReferralId the sender's identifier value
 * @param nhsNumber      the patient's NHS number, normalised
 */
public record ServiceRequestSearch(UUID referralId, String sourceSystem, String sourceReferralId, String nhsNumber,
        int offset, int count, List<FhirIssue> issues) {

    public static final String IDENTIFIER = "identifier";
    public static final String PATIENT_IDENTIFIER = "patient.identifier";
    public static final String SUBJECT_IDENTIFIER = "subject.identifier";
    public static final Set<String> SUPPORTED = Set.of(IDENTIFIER, PATIENT_IDENTIFIER, SUBJECT_IDENTIFIER, "_count", "_offset",
            "_format");
    public static final int DEFAULT_COUNT = 50;
    public static final int MAX_COUNT = 200;

    public static ServiceRequestSearch parse(Map<String, List<String>> parameters) {
        List<FhirIssue> issues = new ArrayList<>();
        parameters.keySet().stream().filter(name -> !SUPPORTED.contains(name)).sorted().forEach(name -> issues.add(
                new FhirIssue(org.hl7.fhir.r4.model.OperationOutcome.IssueType.NOTSUPPORTED, name,
                        "Search parameter " + name + " is not supported: use identifier, patient.identifier, _count or _offset.")));
        UUID referralId = null;
        String system = null;
        String value = null;
        String identifier = single(parameters, IDENTIFIER, issues);
        if (identifier != null) {
            String[] token = token(identifier);
            if (token == null || token[0].isEmpty() || token[1].isEmpty()) {
                issues.add(FhirIssue.invalid(IDENTIFIER, "identifier must be system|value, such as the sending system's "
                        + "identifier system and its id of the referral."));
            } else if (FhirCodings.REFERRAL_ID.equals(token[0])) {
                try {
                    referralId = UUID.fromString(token[1]);
                } catch (IllegalArgumentException e) {
                    issues.add(FhirIssue.invalid(IDENTIFIER, "A referral id (" + FhirCodings.REFERRAL_ID + ") is a UUID."));
                }
            } else {
                system = token[0];
                value = token[1];
            }
        }
        String nhsNumber = null;
        String patient = single(parameters, PATIENT_IDENTIFIER, issues);
        String subject = single(parameters, SUBJECT_IDENTIFIER, issues);
        String chained = patient != null ? patient : subject;
        String chainedName = patient != null ? PATIENT_IDENTIFIER : SUBJECT_IDENTIFIER;
        if (chained != null) {
            String[] token = token(chained);
            if (token == null || !FhirCodings.NHS_NUMBER.equals(token[0])) {
                issues.add(FhirIssue.invalid(chainedName, chainedName + " must be " + FhirCodings.NHS_NUMBER + "|<NHS number>."));
            } else if (!NhsNumber.isValid(NhsNumber.normalise(token[1]))) {
                issues.add(FhirIssue.invalid(chainedName, "The NHS number must be 10 digits with a valid check digit."));
            } else {
                nhsNumber = NhsNumber.normalise(token[1]);
            }
        }
        int count = number(parameters, "_count", DEFAULT_COUNT, 1, MAX_COUNT, issues);
        int offset = number(parameters, "_offset", 0, 0, Integer.MAX_VALUE - MAX_COUNT, issues);
        return new ServiceRequestSearch(referralId, system, value, nhsNumber, offset, count, List.copyOf(issues));
    }

    private static String single(Map<String, List<String>> parameters, String name, List<FhirIssue> issues) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1 || values.get(0).contains(",")) {
            issues.add(FhirIssue.invalid(name, name + " takes one value."));
            return null;
        }
        return values.get(0);
    }

    /** A FHIR token {@code system|value}; null when there is no bar. */
    private static String[] token(String text) {
        int bar = text.indexOf('|');
        return bar < 0 ? null : new String[] {text.substring(0, bar).trim(), text.substring(bar + 1).trim()};
    }

    private static int number(Map<String, List<String>> parameters, String name, int absent, int min, int max,
            List<FhirIssue> issues) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty()) {
            return absent;
        }
        try {
            int n = Integer.parseInt(values.get(0).trim());
            if (n >= min && n <= max && values.size() == 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        issues.add(FhirIssue.invalid(name, name + " must be one whole number from " + min
                + (max == Integer.MAX_VALUE - MAX_COUNT ? "" : " to " + max) + "."));
        return absent;
    }
}
