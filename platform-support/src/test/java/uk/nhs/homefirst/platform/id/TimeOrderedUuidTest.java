package uk.nhs.homefirst.platform.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedUuidTest {

    @Test
    void isVersionSevenOfTheIetfVariant() {
        UUID id = TimeOrderedUuid.next();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void startsWithItsMillisecondsInBigEndianHex() {
        // RFC 9562's test vector: 2022-02-22T19:22:22Z is 0x017F22E279B0 ms.
        UUID id = TimeOrderedUuid.at(0x017F22E279B0L);

        assertThat(id.toString()).startsWith("017f22e2-79b0-7");
        assertThat(millisOf(id)).isEqualTo(1645557742000L);
        assertThat(Instant.ofEpochMilli(millisOf(id))).isEqualTo("2022-02-22T19:22:22Z");
    }

    @Test
    void aNewIdTakesTheTimeItIsMade() {
        long before = System.currentTimeMillis();
        UUID id = TimeOrderedUuid.next();
        long after = System.currentTimeMillis();

        assertThat(millisOf(id)).isBetween(before, after);
    }

    private static long millisOf(UUID id) {
        return id.getMostSignificantBits() >>> 16;
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnesAsPostgresqlComparesThem() {
        // PostgreSQL orders uuids by their bytes, unsigned: as their text sorts.
        List<String> ids = new ArrayList<>();
        for (long ms = 1_700_000_000_000L; ms < 1_700_000_000_000L + 1000; ms += 7) {
            ids.add(TimeOrderedUuid.at(ms).toString());
        }

        assertThat(ids).isSorted();
    }

    @Test
    void idsOfTheSameMillisecondDifferInTheirRandomBits() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(TimeOrderedUuid.at(1_700_000_000_000L));
        }

        assertThat(ids).hasSize(100_000);
    }

    @Test
    void refusesTimesThatDoNotFitIn48Bits() {
        assertThatThrownBy(() -> TimeOrderedUuid.at(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeOrderedUuid.at(1L << 48)).isInstanceOf(IllegalArgumentException.class);
    }
}
