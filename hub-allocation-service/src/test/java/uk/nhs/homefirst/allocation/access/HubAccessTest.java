package uk.nhs.homefirst.allocation.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.Caller;

class HubAccessTest {

    private static final Instant T1 = Instant.parse("2026-11-23T09:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-23T11:00:00Z");
    /** Charnwood took the referral at 09:00; it was moved to the city's north and west at 11:00. */
    private static final List<HubAccess.Held> MOVED = List.of(new HubAccess.Held("charnwood-nwl", T1),
            new HubAccess.Held("city-north-west", T2));

    private static Caller staffOf(String... hubs) {
        return new Caller("s", "s", Set.of("hub-staff"), Set.of(), Set.of(hubs), Optional.empty());
    }

    private static Caller clinicianOf(String ldu) {
        return new Caller("c", "c", Set.of("ldu-clinician"), Set.of(), Set.of(), Optional.of(ldu));
    }

    private static final Caller ADMIN = new Caller("a", "a", Set.of("admin"), Set.of(), Set.of(), Optional.empty());

    @Test
    void theHubThatHeldAReferralAtATimeIsItsLatestAllocationAtOrBeforeIt() {
        assertThat(HubAccess.heldAt(MOVED, T1.minusSeconds(1))).isEmpty();
        assertThat(HubAccess.heldAt(MOVED, T1)).contains("charnwood-nwl");
        assertThat(HubAccess.heldAt(MOVED, T2.minusSeconds(1))).contains("charnwood-nwl");
        assertThat(HubAccess.heldAt(MOVED, T2)).contains("city-north-west");
        assertThat(HubAccess.heldAt(List.of(), T2)).isEmpty();
    }

    @Test
    void aVisitRecordedLateAfterAReallocationIsTheHubsThatHeldItThen() {
        assertThat(HubAccess.visitHub(staffOf("charnwood-nwl"), MOVED, "city-north-west", T2.minusSeconds(60)))
                .isEqualTo("charnwood-nwl");
        // Staff of both hubs: the visit is the hub's that held it then.
        assertThat(HubAccess.visitHub(staffOf("charnwood-nwl", "city-north-west"), MOVED, "city-north-west",
                T2.minusSeconds(60))).isEqualTo("charnwood-nwl");
    }

    @Test
    void theHubThatHoldsItNowRecordsAnyVisit() {
        assertThat(HubAccess.visitHub(staffOf("city-north-west"), MOVED, "city-north-west", T2.plusSeconds(60)))
                .isEqualTo("city-north-west");
        assertThat(HubAccess.visitHub(staffOf("city-north-west"), MOVED, "city-north-west", T1.plusSeconds(60)))
                .isEqualTo("city-north-west");
        assertThat(HubAccess.visitHub(staffOf("charnwood-nwl"), MOVED.subList(0, 1), "charnwood-nwl", T1.minusSeconds(60)))
                .as("a visit before the first allocation").isEqualTo("charnwood-nwl");
    }

    @Test
    void aHubThatHeldItNeitherThenNorNowIsRefused() {
        assertThatThrownBy(() -> HubAccess.visitHub(staffOf("charnwood-nwl"), MOVED, "city-north-west", T2.plusSeconds(60)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(403))
                .hasMessageContaining("hubs");
        assertThatThrownBy(() -> HubAccess.visitHub(staffOf("melton-rutland"), MOVED, "city-north-west", T2))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> HubAccess.mayVisit(staffOf("melton-rutland"), List.of("charnwood-nwl", "city-north-west")))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> HubAccess.mayVisit(ADMIN, List.of("charnwood-nwl"))).isInstanceOf(ProblemException.class);
    }

    @Test
    void whereAReferralStandsIsForItsHubsItsLduAndAdmin() {
        List<String> held = List.of("charnwood-nwl", "city-north-west");
        HubAccess.allocation(staffOf("charnwood-nwl"), Optional.empty(), held);
        HubAccess.allocation(clinicianOf("county-and-rutland"), Optional.of("county-and-rutland"), held);
        HubAccess.allocation(ADMIN, Optional.empty(), List.of());
        assertThatThrownBy(() -> HubAccess.allocation(staffOf("melton-rutland"), Optional.of("county-and-rutland"), held))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> HubAccess.allocation(clinicianOf("city"), Optional.of("county-and-rutland"), held))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> HubAccess.allocation(clinicianOf("city"), Optional.empty(), held))
                .as("a referral routed to no LDU").isInstanceOf(ProblemException.class);
    }

    @Test
    void aManualAllocationIsForTheReferralsLduAndAdmin() {
        HubAccess.allocate(clinicianOf("city"), Optional.of("city"));
        HubAccess.allocate(ADMIN, Optional.empty());
        assertThatThrownBy(() -> HubAccess.allocate(clinicianOf("city"), Optional.of("county-and-rutland")))
                .isInstanceOf(ProblemException.class).hasMessageContaining("ldu");
        assertThatThrownBy(() -> HubAccess.allocate(staffOf("charnwood-nwl"), Optional.of("city")))
                .isInstanceOf(ProblemException.class);
    }

    @Test
    void aCaseloadAndAVisitAreTheirHubsAndAdmins() {
        HubAccess.caseload(staffOf("charnwood-nwl"), "charnwood-nwl");
        HubAccess.caseload(ADMIN, "charnwood-nwl");
        HubAccess.visit(staffOf("charnwood-nwl"), "charnwood-nwl");
        HubAccess.visit(ADMIN, "charnwood-nwl");
        assertThatThrownBy(() -> HubAccess.caseload(staffOf("melton-rutland"), "charnwood-nwl"))
                .isInstanceOf(ProblemException.class).hasMessageContaining("charnwood-nwl");
        assertThatThrownBy(() -> HubAccess.caseload(clinicianOf("city"), "city-north-west")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> HubAccess.visit(staffOf("melton-rutland"), "charnwood-nwl")).isInstanceOf(ProblemException.class);
    }

    @Test
    void theReferralsWaitingForAHubAreAnLdusOwnOrAdminsAll() {
        assertThat(HubAccess.unallocated(clinicianOf("city"), Optional.empty())).contains("city");
        assertThat(HubAccess.unallocated(clinicianOf("city"), Optional.of("city"))).contains("city");
        assertThat(HubAccess.unallocated(ADMIN, Optional.empty())).isEmpty();
        assertThat(HubAccess.unallocated(ADMIN, Optional.of("city"))).contains("city");
        assertThatThrownBy(() -> HubAccess.unallocated(clinicianOf("city"), Optional.of("county-and-rutland")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void onlyTheStaffOfTheHubHoldingAReferralSendItBack() {
        HubAccess.sendBack(staffOf("charnwood-nwl"), "charnwood-nwl");
        HubAccess.sendBack(staffOf("melton-rutland", "charnwood-nwl"), "charnwood-nwl");
        for (Caller other : List.of(staffOf("melton-rutland"), clinicianOf("county-and-rutland"), ADMIN)) {
            assertThatThrownBy(() -> HubAccess.sendBack(other, "charnwood-nwl"))
                    .isInstanceOf(uk.nhs.homefirst.platform.problem.ProblemException.class);
        }
        assertThatThrownBy(() -> HubAccess.sendBack(staffOf("charnwood-nwl"), null))
                .as("no hub holds it").isInstanceOf(uk.nhs.homefirst.platform.problem.ProblemException.class);
    }
}
