package uk.nhs.homefirst.allocation.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.Takeover;

/**
 * Issue 17, point 4: a second instance of hub-allocation-service (the built jar) in the group of the one under
 * test is killed with SIGKILL, and the one under test holds its partitions again within 15 s (the
 * consumers' 10 s session timeout, then a rebalance).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "hub_allocation"))
class TakeoverIT {

    @Test
    void theDeadInstancesPartitionsAreTakenOverWithin15Seconds() {
        Path root = Path.of("").toAbsolutePath().getParent();

        Takeover.Result result = Takeover.afterKill(root, "hub-allocation-service", "hub-allocation-service", Takeover.environmentOfTheServiceUnderTest());

        System.out.printf("TakeoverIT: hub-allocation-service's %d partitions taken over %d ms after kill -9%n",
                result.killedPartitions().size(), result.takenOver().toMillis());
        assertThat(result.killedPartitions()).isNotEmpty();
        assertThat(result.takenOver()).isLessThanOrEqualTo(Takeover.BOUND);
    }
}
