package uk.nhs.homefirst.allocation.locality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PracticeTableTest {

    static final Set<String> HUBS = HubTable.ids();
    static final String HEADER = "# a comment\n\nods_code,hub,practice\n";

    @Test
    void theHubsAreTheSixOfTheHubTable() {
        assertThat(HUBS).containsExactlyInAnyOrder("city-north-west", "city-south-east", "charnwood-nwl",
                "hinckley-bosworth", "melton-rutland", "south-leicestershire");
    }

    @Test
    void theShippedTableReadsAndListsNoPracticeUntilADeploymentGivesItsOwn() {
        PracticeTable shipped = PracticeTable.builtIn(HUBS);
        assertThat(shipped.size()).isZero();
        assertThat(shipped.hubOf("C82001")).isEmpty();
    }

    @Test
    void theTestTableReadsAgainstTheHubTable() {
        PracticeTable test = PracticeTable.file("src/test/resources/localities/test-gp-practices.csv", HUBS);
        assertThat(test.hubOf("Z99001")).contains("melton-rutland");
        assertThat(test.asMap().get("Z99002").name()).isEqualTo("Test practice of the City, North and West");
    }

    @Test
    void aPracticeIsFoundByItsCodeWhateverItsCaseAndSpacesAndAnUnlistedOneIsNot() throws IOException {
        PracticeTable table = read(HEADER + "C82010,charnwood-nwl,A practice, with a comma in its name\n");
        assertThat(table.hubOf("C82010")).contains("charnwood-nwl");
        assertThat(table.hubOf(" c82010 ")).contains("charnwood-nwl");
        assertThat(table.asMap().get("C82010").name()).isEqualTo("A practice, with a comma in its name");
        assertThat(table.hubOf("C82011")).isEmpty();
        assertThat(table.hubOf(null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "C82010,nottingham,Practice | line 4: 'nottingham' is not a hub",
            "C8201,charnwood-nwl,Practice | line 4: 'C8201' is not a GP practice's ODS code",
            "c82010,charnwood-nwl,Practice | line 4: 'c82010' is not a GP practice's ODS code",
            "RWE,charnwood-nwl,A trust | line 4: 'RWE' is not a GP practice's ODS code",
            "C82010,charnwood-nwl, | line 4: the practice's name is missing",
            "C82010,charnwood-nwl | line 4: a row is ods_code,hub,practice (3 cells)"})
    void aWrongRowStopsTheReadingWithItsLineNamed(String row, String message) {
        assertThatThrownBy(() -> read(HEADER + row + "\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("practices.csv, " + message);
    }

    @Test
    void aPracticeListedTwiceStopsTheReadingAtTheSecond() {
        assertThatThrownBy(() -> read(HEADER + "C82010,charnwood-nwl,One\n# between\nC82010,melton-rutland,Two\n"))
                .hasMessage("practices.csv, line 6: C82010 is listed twice: a practice has one hub");
    }

    @Test
    void aWrongOrMissingHeaderStopsTheReading() {
        assertThatThrownBy(() -> read("code,hub,name\n")).hasMessageStartingWith("practices.csv, line 1: the header must be");
        assertThatThrownBy(() -> read("# only comments\n")).hasMessageContaining("has no header");
    }

    @Test
    void aDeploymentsFileIsReadAndJudgedTheSameWay(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path file = dir.resolve("icb-practices.csv");
        Files.writeString(file, HEADER + "C82010,charnwood-nwl,One\nC82011,leicester,Two\n");
        assertThatThrownBy(() -> PracticeTable.file(file.toString(), HUBS))
                .hasMessageStartingWith(file + ", line 5: 'leicester' is not a hub");
    }

    private static PracticeTable read(String text) throws IOException {
        return PracticeTable.read(new StringReader(text), "practices.csv", HUBS);
    }
}
