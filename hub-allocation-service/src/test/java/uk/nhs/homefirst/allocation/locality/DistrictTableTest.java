package uk.nhs.homefirst.allocation.locality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import uk.nhs.homefirst.allocation.allocation.AllocationDecision;
import uk.nhs.homefirst.allocation.allocation.AllocationRule;
import uk.nhs.homefirst.allocation.allocation.HubCoverage;
import uk.nhs.homefirst.events.Pathway;

class DistrictTableTest {

    static final Set<String> HUBS = HubTable.ids();
    static final DistrictTable SHIPPED = DistrictTable.builtIn(HUBS);
    static final HubCoverage COVERAGE = HubCoverage.of(SHIPPED.districtsByHub());
    static final String HEADER = "district,hub,partly_llr,where\n";

    @Test
    void everyRowOfTheShippedTableLoadsAndNamesAHubOfTheHubTable() {
        assertThat(SHIPPED.asMap()).hasSize(33);
        assertThat(SHIPPED.asMap().values()).allSatisfy(d -> {
            assertThat(HUBS).contains(d.hubId());
            assertThat(d.where()).isNotBlank();
        });
        assertThat(SHIPPED.districtsByHub().keySet()).containsExactlyInAnyOrderElementsOf(HUBS);
    }

    @Test
    void everyLeicesterAndLeicestershireDistrictIsListed() {
        IntStream.rangeClosed(1, 19).forEach(n -> assertThat(SHIPPED.asMap()).containsKey("LE" + n));
        assertThat(SHIPPED.asMap()).containsKeys("LE65", "LE67");
    }

    @Test
    void theTableAgreesWithTheDistrictsTheHubsWereFirstGivenSoAnUpgradeMovesNone() {
        Map<String, String> seeded = HubTable.seededDistricts();
        assertThat(seeded).hasSize(22);
        seeded.forEach((district, hub) -> assertThat(SHIPPED.asMap().get(district).hubId()).as(district).isEqualTo(hub));
    }

    @ParameterizedTest
    @CsvSource({"DE12, charnwood-nwl", "DE74, charnwood-nwl", "CV13, hinckley-bosworth", "NG13, melton-rutland",
            "DE11, charnwood-nwl", "DE73, charnwood-nwl", "CV9, hinckley-bosworth", "CV10, hinckley-bosworth",
            "CV11, hinckley-bosworth", "NG32, melton-rutland", "NG33, melton-rutland", "PE9, melton-rutland",
            "LE15, melton-rutland", "LE16, south-leicestershire", "LE17, south-leicestershire", "LE65, charnwood-nwl",
            "LE67, charnwood-nwl"})
    void theBorderDistrictsAllocateAutomatically(String district, String hub) {
        assertThat(AllocationRule.byDistrict(Pathway.URGENT_CRISIS_RESPONSE, district, COVERAGE))
                .isEqualTo(new AllocationDecision.ToHub(hub));
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE12", "DE74", "CV13", "NG13", "CV9", "DE11", "LE12", "LE16", "PE9"})
    void aDistrictAcrossTheBoundaryIsMarkedPartlyInLlr(String district) {
        assertThat(SHIPPED.asMap().get(district).partlyLlr()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"LE1", "LE5", "LE11", "LE13", "LE18"})
    void aDistrictWhollyInLlrIsNot(String district) {
        assertThat(SHIPPED.asMap().get(district).partlyLlr()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"NG1", "CV21", "DE1", "B79", "NN6", "LE21", "LE87"})
    void aDistrictOutsideLlrOrWhereNobodyLivesIsNotListedAndGoesToNoHub(String district) {
        assertThat(SHIPPED.asMap()).doesNotContainKey(district);
        assertThat(AllocationRule.byDistrict(Pathway.URGENT_CRISIS_RESPONSE, district, COVERAGE))
                .isEqualTo(new AllocationDecision.NoCoveringHub(district));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "LE1,leicester,no,City | line 2: 'leicester' is not a hub",
            "le1,city-north-west,no,City | line 2: 'le1' is not a postcode district in capitals",
            "LE1 6TP,city-north-west,no,City | line 2: 'LE1 6TP' is not a postcode district",
            "LE1,city-north-west,partly,City | line 2: partly_llr is yes or no, not 'partly'",
            "LE1,city-north-west,no | line 2: a row is district,hub,partly_llr,where (4 cells)"})
    void aWrongRowStopsTheReadingWithItsLineNamed(String row, String message) {
        assertThatThrownBy(() -> read(HEADER + row + "\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("districts.csv, " + message);
    }

    @Test
    void aDistrictListedTwiceOrNoneAtAllStopsTheReading() {
        assertThatThrownBy(() -> read(HEADER + "LE1,city-north-west,no,A\nLE1,city-south-east,no,B\n"))
                .hasMessage("districts.csv, line 3: LE1 is listed twice: a district has one hub");
        assertThatThrownBy(() -> read(HEADER)).hasMessage("districts.csv lists no district");
    }

    private static DistrictTable read(String text) throws IOException {
        return DistrictTable.read(new StringReader(text), "districts.csv", HUBS);
    }
}
