package uk.nhs.homefirst.referral.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.platform.problem.InvalidRequestException;
import uk.nhs.homefirst.platform.problem.Problem;

class ReferralListQueryTest {

    @Test
    void theOrganisationIsRequiredAndTheRestHasDefaults() {
        ReferralListQuery query = ReferralListQuery.parse(" c82001 ", null, null, null, null, 50, 200);
        assertThat(query).isEqualTo(new ReferralListQuery("C82001", java.util.Set.of(), null, null, 0, 50));
        ReferralListQuery ranged = ReferralListQuery.parse("C82001", "2026-11-23T00:00:00Z", "2026-11-24T00:00:00+00:00",
                "2", "10", 50, 200);
        assertThat(ranged.from()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(ranged.to()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(ranged.page()).isEqualTo(2);
        assertThat(ranged.size()).isEqualTo(10);
    }

    @Test
    void everyInvalidParameterIsNamedAtOnce() {
        assertThatThrownBy(() -> ReferralListQuery.parse(null, "yesterday", "2026-11-24", "-1", "0", 50, 200))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(Problem.FieldError::field)
                        .containsExactly("referrerOdsCode", "from", "to", "page", "size"));
        assertThatThrownBy(() -> ReferralListQuery.parse("<script>", "2026-11-24T00:00:00Z", "2026-11-23T00:00:00Z",
                "x", "201", 50, 200))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(Problem.FieldError::field)
                        .containsExactly("referrerOdsCode", "to", "page", "size"));
    }

    @Test
    void statusesAreAnyOfTheNamedOnesAndAnUnknownOneIsNamed() {
        assertThat(ReferralListQuery.parse("C82001", "DECLINED, CANCELLED", null, null, null, null, 50, 200).statuses())
                .containsExactlyInAnyOrder(uk.nhs.homefirst.referral.store.ReferralStatus.DECLINED,
                        uk.nhs.homefirst.referral.store.ReferralStatus.CANCELLED);
        assertThatThrownBy(() -> ReferralListQuery.parse("C82001", "DECLINED,REFUSED", null, null, null, null, 50, 200))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(Problem.FieldError::field).containsExactly("status"));
    }
}
