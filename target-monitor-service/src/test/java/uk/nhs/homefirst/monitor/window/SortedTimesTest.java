package uk.nhs.homefirst.monitor.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SortedTimesTest {

    @Test
    void countsTimesAfterTheStartAndUpToTheEnd() {
        SortedTimes times = new SortedTimes();
        for (long t : new long[] { 50, 10, 30, 30, 20, 40 }) {
            times.add(t);
        }
        assertThat(times.countAfterUpTo(10, 30)).isEqualTo(3); // 20, 30, 30
        assertThat(times.countAfterUpTo(9, 10)).isEqualTo(1);
        assertThat(times.countAfterUpTo(50, 100)).isZero();
        assertThat(times.countAfterUpTo(30, 10)).isZero();
    }

    @Test
    void removesOneOccurrence() {
        SortedTimes times = new SortedTimes();
        times.add(30);
        times.add(30);
        assertThat(times.remove(30)).isTrue();
        assertThat(times.countAfterUpTo(0, 100)).isEqualTo(1);
        assertThat(times.remove(31)).isFalse();
    }

    @Test
    void agreesWithCountingEveryTimeOneByOne() {
        Random random = new Random(7);
        SortedTimes times = new SortedTimes();
        List<Long> reference = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            long t = random.nextInt(1000);
            if (random.nextInt(4) == 0 && !reference.isEmpty()) {
                Long gone = reference.remove(random.nextInt(reference.size()));
                assertThat(times.remove(gone)).isTrue();
            } else {
                times.add(t);
                reference.add(t);
            }
            long from = random.nextInt(1000);
            long to = from + random.nextInt(500);
            long expected = reference.stream().filter(x -> x > from && x <= to).count();
            assertThat(times.countAfterUpTo(from, to)).isEqualTo(expected);
        }
        assertThat(times.size()).isEqualTo(reference.size());
    }
}
