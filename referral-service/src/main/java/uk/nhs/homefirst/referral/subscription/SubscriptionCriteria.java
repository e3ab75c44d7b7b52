package uk.nhs.homefirst.referral.subscription;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import uk.nhs.homefirst.referral.fhir.FhirCodings;
import uk.nhs.homefirst.referral.fhir.TaskView;
import uk.nhs.homefirst.referral.store.ReferralStatus;

/**
 * A Subscription's criteria, judged: {@code Task}, optionally narrowed by {@code status} (Task status
 * codes, comma for any) and, for a caller acting for several organisations, by the organisation
 * ({@code requester:identifier=https://fhir.nhs.uk/Id/ods-organization-code|<ODS code>}), which
 * must be one of the caller's. A subscription belongs to one organisation and hears of its Tasks only.
 *
 * @param odsCode  the organisation whose Tasks it follows
 * @param statuses the statuses it hears of; empty: every change
 * @param problem  what is wrong, or null
 */
public record SubscriptionCriteria(String odsCode, Set<ReferralStatus> statuses, String problem) {

    static final String REQUESTER = "requester:identifier";

    public static SubscriptionCriteria parse(String criteria, Set<String> callerOrganisations) {
        if (criteria == null || !(criteria.equals("Task") || criteria.startsWith("Task?"))) {
            return refused("criteria must be a search on Task, such as Task or Task?status=rejected,ready.");
        }
        Set<ReferralStatus> statuses = EnumSet.noneOf(ReferralStatus.class);
        String ods = null;
        String query = criteria.length() > 5 ? criteria.substring(5) : "";
        List<String> names = new ArrayList<>();
        for (String parameter : query.isEmpty() ? new String[0] : query.split("&")) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            String value = equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
            if (names.contains(name)) {
                return refused("criteria names " + name + " more than once.");
            }
            names.add(name);
            switch (name) {
                case "status" -> {
                    for (String code : value.split(",", -1)) {
                        ReferralStatus status = Arrays.stream(ReferralStatus.values())
                                .filter(s -> TaskView.status(s).toCode().equals(code.trim())).findFirst().orElse(null);
                        if (status == null) {
                            return refused("criteria's status takes Task status codes: " + TaskView.statusCodes()
                                    + ".");
                        }
                        statuses.add(status);
                    }
                }
                case REQUESTER -> {
                    String prefix = FhirCodings.ODS_ORGANIZATION_CODE + "|";
                    if (!value.startsWith(prefix) || value.length() == prefix.length()) {
                        return refused("criteria's " + REQUESTER + " must be " + prefix + "<ODS code>.");
                    }
                    ods = value.substring(prefix.length()).trim().toUpperCase(java.util.Locale.ROOT);
                }
                default -> {
                    return refused("criteria may narrow Task by status and " + REQUESTER + " only.");
                }
            }
        }
        if (ods == null) {
            if (callerOrganisations.size() != 1) {
                return refused("Your access token names several organisations: criteria must name the one whose "
                        + "Tasks to follow, with " + REQUESTER + "=" + FhirCodings.ODS_ORGANIZATION_CODE + "|<ODS code>.");
            }
            ods = callerOrganisations.iterator().next();
        } else if (!callerOrganisations.contains(ods)) {
            return new SubscriptionCriteria(ods, Set.of(), null).forbidden();
        }
        return new SubscriptionCriteria(ods, Set.copyOf(statuses), null);
    }

    /** Whether the organisation named is one the caller may not act for: a 403, not a 400. */
    public static final String FORBIDDEN = "forbidden";

    private SubscriptionCriteria forbidden() {
        return new SubscriptionCriteria(odsCode, statuses, FORBIDDEN);
    }

    private static SubscriptionCriteria refused(String problem) {
        return new SubscriptionCriteria(null, Set.of(), problem);
    }
}
