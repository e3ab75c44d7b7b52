package uk.nhs.homefirst.triage.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped table against what is known of Leicester, Leicestershire and Rutland, written here
 * apart from the table, so that a wrong row fails; and the reading of any table.
 */
class LduRoutesTest {

    private static final LduRoutes TABLE = LduRoutes.builtIn();
    private static final List<String> CITY = List.of("LE1", "LE2", "LE3", "LE4", "LE5");
    private static final List<String> COUNTY = Stream.concat(IntStream.rangeClosed(6, 19).mapToObj(n -> "LE" + n),
            Stream.of("LE65", "LE67")).toList();
    /** Districts shared with a neighbouring county, whose Leicestershire or Rutland part is served here. */
    private static final List<String> BORDER = List.of("CV9", "CV13", "DE11", "DE12", "DE73", "DE74", "NG13", "NG32", "PE9");

    @Test
    void leicesterCityIsTheCityLdu() {
        CITY.forEach(district -> assertThat(TABLE.route(district)).as(district).contains("city"));
    }

    @Test
    void theCountyAndRutlandAreTheCountyAndRutlandLdu() {
        COUNTY.forEach(district -> assertThat(TABLE.route(district)).as(district).contains("county-and-rutland"));
        assertThat(TABLE.route("LE15")).as("Rutland").contains("county-and-rutland");
    }

    @Test
    void theBorderDistrictsGoToTheCountyAndRutland() {
        BORDER.forEach(district -> assertThat(TABLE.route(district)).as(district).contains("county-and-rutland"));
    }

    @Test
    void theTableRoutesTheseDistrictsAndNoOther() {
        assertThat(TABLE.asMap().keySet()).containsExactlyInAnyOrderElementsOf(
                Stream.of(CITY, COUNTY, BORDER).flatMap(List::stream).toList());
        assertThat(TABLE.ldus()).containsExactly("city", "county-and-rutland");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NG1", "CV1", "DE1", "NN1", "B79", "LE20", "LE87", "LE94", "SW1A"})
    void aDistrictOutsideTheTableGoesToNoLdu(String district) {
        assertThat(TABLE.route(district)).isEmpty();
    }

    @Test
    void aDistrictIsReadAsPeopleWriteIt() {
        assertThat(TABLE.route(" le11 ")).contains("county-and-rutland");
        assertThat(TABLE.route(null)).isEmpty();
        assertThat(TABLE.route("")).isEmpty();
    }

    @Test
    void aTableOfAnotherAreaIsReadWithItsComments() throws IOException {
        LduRoutes routes = LduRoutes.read(new StringReader("""
                # Nottingham, for example
                district,ldu,where

                NG1,nottingham-city,city centre, with its commas
                NG12,south-notts
                """), "test");
        assertThat(routes.route("NG1")).contains("nottingham-city");
        assertThat(routes.route("NG12")).contains("south-notts");
        assertThat(routes.ldus()).containsExactly("nottingham-city", "south-notts");
        assertThat(routes.knows("south-notts")).isTrue();
        assertThat(routes.knows("city")).isFalse();
    }

    @Test
    void aWrongTableStopsTheReadingAtTheLineThatIsWrong() {
        assertThatThrownBy(() -> read("district,ldu,where\nLE1,city\nLE1,county-and-rutland\n"))
                .hasMessage("test, line 3: LE1 is listed twice: a district goes to one LDU");
        assertThatThrownBy(() -> read("district,ldu,where\nLeicester,city\n"))
                .hasMessageStartingWith("test, line 2: 'Leicester' is not a postcode district");
        assertThatThrownBy(() -> read("district,ldu,where\nLE1,City Centre\n"))
                .hasMessageStartingWith("test, line 2: 'City Centre' is not an LDU id");
        assertThatThrownBy(() -> read("district,ldu,where\nLE1\n"))
                .hasMessage("test, line 2: a row is district,ldu[,where]");
        assertThatThrownBy(() -> read("LE1,city\n")).hasMessageStartingWith("test, line 1: the header must be");
        assertThatThrownBy(() -> read("# nothing\ndistrict,ldu,where\n")).hasMessage("test routes no district");
    }

    private static LduRoutes read(String text) throws IOException {
        return LduRoutes.read(new StringReader(text), "test");
    }
}
