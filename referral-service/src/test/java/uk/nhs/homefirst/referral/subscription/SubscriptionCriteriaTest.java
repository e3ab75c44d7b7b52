package uk.nhs.homefirst.referral.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.referral.store.ReferralStatus;

class SubscriptionCriteriaTest {

    @Test
    void allTheTasksOfTheCallersOneOrganisationOrThoseInSomeStatuses() {
        assertThat(SubscriptionCriteria.parse("Task", Set.of("C82001")))
                .isEqualTo(new SubscriptionCriteria("C82001", Set.of(), null));
        assertThat(SubscriptionCriteria.parse("Task?status=rejected,ready", Set.of("C82001")).statuses())
                .containsExactlyInAnyOrder(ReferralStatus.DECLINED, ReferralStatus.ALLOCATED);
    }

    @Test
    void aCallerOfSeveralOrganisationsNamesOneOfItsOwn() {
        assertThat(SubscriptionCriteria.parse("Task", Set.of("C82001", "C82002")).problem()).contains("several organisations");
        assertThat(SubscriptionCriteria.parse("Task?requester:identifier=https://fhir.nhs.uk/Id/ods-organization-code%7Cc82002",
                Set.of("C82001", "C82002")).odsCode()).isEqualTo("C82002");
        assertThat(SubscriptionCriteria.parse("Task?requester:identifier=https://fhir.nhs.uk/Id/ods-organization-code|RWE",
                Set.of("C82001")).problem()).isEqualTo(SubscriptionCriteria.FORBIDDEN);
    }

    @Test
    void anythingElseIsRefusedAndSaysWhy() {
        assertThat(SubscriptionCriteria.parse("ServiceRequest", Set.of("C82001")).problem()).contains("search on Task");
        assertThat(SubscriptionCriteria.parse(null, Set.of("C82001")).problem()).contains("search on Task");
        assertThat(SubscriptionCriteria.parse("Task?status=declined", Set.of("C82001")).problem()).contains("status codes");
        assertThat(SubscriptionCriteria.parse("Task?owner=x", Set.of("C82001")).problem()).contains("status and");
        assertThat(SubscriptionCriteria.parse("Task?status=ready&status=rejected", Set.of("C82001")).problem())
                .contains("more than once");
    }
}
