package uk.nhs.homefirst.monitor.topology;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostTest {
    @Test
    void cost() {
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                try (TopologyFixture f = new TopologyFixture(Instant.EPOCH, List.of("h"))) {
                }
            }
            long created = System.nanoTime();
            try (TopologyFixture f = new TopologyFixture(Instant.EPOCH, List.of("h"))) {
                for (int i = 0; i < 2000; i++) {
                    f.send(MonitorTopologyTest.referral("r" + i, MonitorTopologyTest.T0, uk.nhs.homefirst.events.ResponseStandard.TWO_HOUR, "h"));
                }
            }
            long sent = System.nanoTime();
            System.out.printf("COST create %.2f ms each; 6000 facts %.1f us each%n", (created - start) / 200e6, (sent - created) / 6000e3);
        }
    }
}
