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
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.triage.rules.PathwayStandards;

/** The typed configuration as SmallRye Config maps it from this service's application.properties. */
class TriageConfigTest {

    private static TriageConfig config(Map<String, String> environment, Map<String, String> properties)
            throws IOException {
        URL applicationProperties = TriageConfigTest.class.getClassLoader().getResource("application.properties");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(TriageConfig.class)
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
}
