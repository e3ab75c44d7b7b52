package uk.nhs.homefirst.triage.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.io.IOException;
import java.net.URL;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.triage.routing.LduOpeningHours;
import uk.nhs.homefirst.triage.routing.LduRoutes;
import uk.nhs.homefirst.triage.routing.OpeningHours;
import uk.nhs.homefirst.triage.rules.PathwayStandards;

/** The typed configuration as SmallRye Config maps it from this service's application.properties. */
class TriageConfigTest {

    private static TriageConfig config(Map<String, String> environment, Map<String, String> properties)
            throws IOException {
        URL applicationProperties = TriageConfigTest.class.getClassLoader().getResource("application.properties");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(TriageConfig.class)
                // Quarkus's own, so that "30m" reads here as it does in the service.
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(applicationProperties, 250))
                .withSources(new MapBackedConfigSource("test", properties, 275) {
                })
                .withSources(new EnvConfigSource(environment, 300))
                .addDefaultInterceptors()
                .build();
        return config.getConfigMapping(TriageConfig.class);
    }

    @Test
    void theShippedConfigurationIsTheNationalDefault() throws IOException {
        TriageConfig config = config(Map.of(), Map.of());
        assertThat(config.standards()).containsOnlyKeys(Pathway.values());
        assertThat(PathwayStandards.withOverrides(config.standards()).asMap()).isEqualTo(PathwayStandards.DEFAULTS);
        assertThat(config.queue().defaultSize()).isEqualTo(50);
        assertThat(config.queue().maxSize()).isEqualTo(200);
        assertThat(config.claimDuration()).isEqualTo(java.time.Duration.ofMinutes(30));
        assertThat(config.queue().undecidedAfter()).isEqualTo(java.time.Duration.ofMinutes(15));
    }

    @Test
    void howLongAClaimHoldsAndHowLongACaseWaitsAreConfiguration() throws IOException {
        TriageConfig config = config(Map.of("HOMEFIRST_TRIAGE_CLAIM_DURATION", "45m",
                "HOMEFIRST_TRIAGE_QUEUE_UNDECIDED_AFTER", "1h"), Map.of());
        assertThat(config.claimDuration()).isEqualTo(java.time.Duration.ofMinutes(45));
        assertThat(config.queue().undecidedAfter()).isEqualTo(java.time.Duration.ofHours(1));
    }

    @Test
    void anEnvironmentVariableGivesNeighbourhoodNursingAStandard() throws IOException {
        TriageConfig config = config(Map.of("HOMEFIRST_TRIAGE_STANDARDS_NEIGHBOURHOOD_NURSING", "TWO_DAY"), Map.of());
        PathwayStandards standards = PathwayStandards.withOverrides(config.standards());
        assertThat(standards.standardOf(Pathway.NEIGHBOURHOOD_NURSING)).contains(ResponseStandard.TWO_DAY);
        assertThat(standards.standardOf(Pathway.URGENT_CRISIS_RESPONSE)).contains(ResponseStandard.TWO_HOUR);
    }

    @Test
    void aPropertyTakesAStandardAway() throws IOException {
        TriageConfig config = config(Map.of(), Map.of("homefirst.triage.standards.planned-therapy", "NONE"));
        assertThat(PathwayStandards.withOverrides(config.standards()).standardOf(Pathway.PLANNED_THERAPY)).isEmpty();
    }

    @Test
    void aTypoInAStandardStopsTheService() throws IOException {
        TriageConfig config = config(Map.of(), Map.of("homefirst.triage.standards.end-of-life", "TWO_DAYS"));
        assertThatThrownBy(() -> PathwayStandards.withOverrides(config.standards()))
                .hasMessageContaining("END_OF_LIFE");
    }

    @Test
    void anUnknownPathwayStopsTheService() {
        assertThatThrownBy(() -> config(Map.of(), Map.of("homefirst.triage.standards.hospital-at-home", "TWO_HOUR")))
                .hasMessageContaining("hospital-at-home");
    }
    @Test
    void theLdusOpenFromEightToEightEveryDayUnlessConfiguredOtherwise() throws IOException {
        LduRoutes routes = LduRoutes.builtIn();
        LduOpeningHours hours = LduRoutesProducer.openingHours(config(Map.of(), Map.of(
                "homefirst.triage.opening-hours.ldus.city.opens", "07:00",
                "homefirst.triage.opening-hours.ldus.city.days", "MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY")).openingHours(),
                routes);
        OpeningHours county = hours.of("county-and-rutland");
        assertThat(county.opens()).isEqualTo(LocalTime.of(8, 0));
        assertThat(county.closes()).isEqualTo(LocalTime.of(20, 0));
        assertThat(county.days()).containsExactlyInAnyOrder(DayOfWeek.values());
        assertThat(county.zone()).isEqualTo(ZoneId.of("Europe/London"));
        OpeningHours city = hours.of("city");
        assertThat(city.opens()).isEqualTo(LocalTime.of(7, 0));
        assertThat(city.closes()).isEqualTo(LocalTime.of(20, 0));
        assertThat(city.days()).doesNotContain(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY).hasSize(5);
    }

    @Test
    void hoursForAnLduNoRouteLeadsToStopTheService() throws IOException {
        TriageConfig config = config(Map.of(), Map.of("homefirst.triage.opening-hours.ldus.cty.opens", "07:00"));
        assertThatThrownBy(() -> LduRoutesProducer.openingHours(config.openingHours(), LduRoutes.builtIn()))
                .hasMessageContaining("[cty]").hasMessageContaining("city");
    }

    @Test
    void anLduThatClosesBeforeItOpensStopsTheService() throws IOException {
        TriageConfig config = config(Map.of("HOMEFIRST_TRIAGE_OPENING_HOURS_CLOSES", "07:00"), Map.of());
        assertThatThrownBy(() -> LduRoutesProducer.openingHours(config.openingHours(), LduRoutes.builtIn()))
                .hasMessageContaining("opens 08:00, closes 07:00");
    }
}
