package uk.nhs.homefirst.referral.fhir;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import uk.nhs.homefirst.referral.store.Referral;
import uk.nhs.homefirst.referral.store.ReferralStatus;

/**
 * The parameters of {@code GET /fhir/Task}, judged: {@code status} (Task status codes, comma for
 * any of them), {@code authored-on} (when the referral was received) and {@code modified} (its last
 * status change), each a FHIR date with a prefix ({@code ge}, {@code gt}, {@code le}, {@code lt},
 * {@code eq}, and may repeat for a range), the referral by {@code _id}, {@code identifier} or
 * {@code focus}, and paging by {@code _count} and {@code _offset}. Any other parameter is refused,
 * not ignored.
 */
public record TaskSearch(Referral.TaskCriteria criteria, int offset, int count, List<FhirIssue> issues) {

    public static final String STATUS = "status";
    public static final String AUTHORED_ON = "authored-on";
    public static final String MODIFIED = "modified";
    public static final String FOCUS = "focus";
    public static final Set<String> SUPPORTED = Set.of(STATUS, AUTHORED_ON, MODIFIED, FOCUS, "identifier", "_id",
            "_count", "_offset", "_format");

    /** The search in {@code parameters}; a bare date is that day in {@code zone}, the service's (London's). */
    public static TaskSearch parse(Map<String, List<String>> parameters, ZoneId zone) {
        List<FhirIssue> issues = new ArrayList<>();
        parameters.keySet().stream().filter(name -> !SUPPORTED.contains(name)).sorted().forEach(name -> issues.add(
                new FhirIssue(IssueType.NOTSUPPORTED, name, "Search parameter " + name + " is not supported: use "
                        + "status, authored-on, modified, focus, identifier, _id, _count or _offset.")));
        Set<ReferralStatus> statuses = EnumSet.noneOf(ReferralStatus.class);
        for (String value : parameters.getOrDefault(STATUS, List.of())) {
            for (String code : value.split(",", -1)) {
                ReferralStatus status = Arrays.stream(ReferralStatus.values())
                        .filter(s -> TaskView.status(s).toCode().equals(code.trim())).findFirst().orElse(null);
                if (status == null) {
                    issues.add(FhirIssue.invalid(STATUS, "status takes Task status codes this server uses: "
                            + statusCodes() + " (comma for any of them)."));
                } else {
                    statuses.add(status);
                }
            }
        }
        if (parameters.containsKey(STATUS) && statuses.isEmpty() && issues.isEmpty()) {
            issues.add(FhirIssue.invalid(STATUS, "status needs a code."));
        }
        Range authored = range(parameters, AUTHORED_ON, zone, issues);
        Range modified = range(parameters, MODIFIED, zone, issues);
        UUID id = null;
        for (String name : List.of("_id", "identifier", FOCUS)) {
            for (String value : parameters.getOrDefault(name, List.of())) {
                UUID one = referralId(name, value, issues);
                if (one != null && id != null && !id.equals(one)) {
                    issues.add(FhirIssue.invalid(name, "_id, identifier and focus must name the same referral."));
                }
                id = one != null ? one : id;
            }
        }
        int count = number(parameters, "_count", ServiceRequestSearch.DEFAULT_COUNT, 1, ServiceRequestSearch.MAX_COUNT,
                issues);
        int offset = number(parameters, "_offset", 0, 0, Integer.MAX_VALUE - ServiceRequestSearch.MAX_COUNT, issues);
        return new TaskSearch(new Referral.TaskCriteria(Set.copyOf(statuses), authored.from, authored.to, modified.from,
                modified.to, id), offset, count, List.copyOf(issues));
    }

    /** From (inclusive) and to (exclusive), either open. */
    private record Range(Instant from, Instant to) {
    }

    private static Range range(Map<String, List<String>> parameters, String name, ZoneId zone, List<FhirIssue> issues) {
        Instant from = null;
        Instant to = null;
        for (String value : parameters.getOrDefault(name, List.of())) {
            String prefix = value.length() > 2 && Character.isLetter(value.charAt(0)) ? value.substring(0, 2) : "eq";
            String date = value.length() > 2 && Character.isLetter(value.charAt(0)) ? value.substring(2) : value;
            Instant[] span = span(date.trim(), zone);
            if (span == null || !Set.of("eq", "ge", "gt", "le", "lt").contains(prefix)) {
                issues.add(FhirIssue.invalid(name, name + " takes a FHIR date or dateTime with an offset, prefixed by ge, "
                        + "gt, le, lt or eq, such as ge2026-11-23 or lt2026-11-24T09:00:00Z."));
                continue;
            }
            // A date covers its whole day where the service is (FHIR: a date without a zone is the
            // server's local time), a dateTime one instant: [start, end).
            Instant start = span[0];
            Instant end = span[1];
            switch (prefix) {
                case "ge" -> from = later(from, start);
                case "gt" -> from = later(from, end);
                case "le" -> to = earlier(to, end);
                case "lt" -> to = earlier(to, start);
                default -> {
                    from = later(from, start);
                    to = earlier(to, end);
                }
            }
        }
        return new Range(from, to);
    }

    private static Instant[] span(String date, ZoneId zone) {
        try {
            if (date.length() == 10) {
                LocalDate day = LocalDate.parse(date);
                return new Instant[] {day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant()};
            }
            if (date.length() <= 40) {
                Instant at = OffsetDateTime.parse(date).toInstant();
                return new Instant[] {at, at.plusNanos(1000)};
            }
        } catch (DateTimeParseException e) {
            // said by the caller
        }
        return null;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static UUID referralId(String name, String value, List<FhirIssue> issues) {
        String id = switch (name) {
            case "identifier" -> value.startsWith(FhirCodings.REFERRAL_ID + "|")
                    ? value.substring(FhirCodings.REFERRAL_ID.length() + 1) : null;
            case FOCUS -> value.startsWith("ServiceRequest/") ? value.substring("ServiceRequest/".length()) : null;
            default -> value;
        };
        try {
            if (id != null && id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        issues.add(FhirIssue.invalid(name, switch (name) {
            case "identifier" -> "identifier must be " + FhirCodings.REFERRAL_ID + "|<referral id>.";
            case FOCUS -> "focus must be ServiceRequest/<referral id>.";
            default -> "_id must be a referral id.";
        }));
        return null;
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
        issues.add(FhirIssue.invalid(name, name + " must be one whole number from " + min + " to " + max + "."));
        return absent;
    }

    /** The Task status codes this server uses, for the CapabilityStatement. */
    static String statusCodes() {
        return TaskView.statusCodes();
    }
}
