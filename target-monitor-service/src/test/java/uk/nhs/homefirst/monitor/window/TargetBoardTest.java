package uk.nhs.homefirst.monitor.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.monitor.clock.Evaluation;
import uk.nhs.homefirst.monitor.clock.ResponseClock;

/** Taking a partition over replaces whatever the board held of it, and nothing of the others. */
class TargetBoardTest {

    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    static final Instant NOW = T0.plusSeconds(3600);

    final TargetBoard board = new TargetBoard();

    /** A referral id's partition, for these tests: its first character. */
    static boolean ofPartition(String referralId, int partition) {
        return referralId.charAt(0) - '0' == partition;
    }

    static Evaluation pending(String referralId) {
        ResponseClock clock = new ResponseClock(referralId, 1, ResponseStandard.TWO_HOUR, T0, T0.plusSeconds(7200), null,
                null, null, null, null, "hub", "hub");
        return new Evaluation(List.of(clock), null);
    }

    List<ResponseClock> clocksOf(String referralId) {
        return board.read(NOW, b -> b.clocksOf(referralId));
    }

    int pendingCount() {
        return board.read(NOW, ClockBoard::pendingCount);
    }

    @Test
    void aPartitionFollowedOnTheChangelogThenTakenOverLosesWhatItsNewOwnerDoesNotKnow() {
        board.handOver(0);
        long handOver = board.awaitingChangelog().get(0);
        assertThat(board.follow(0, handOver, Map.of("0-a", pending("0-a"), "0-b", pending("0-b")), NOW)).isTrue();
        board.own(1, id -> ofPartition(id, 1), Map.of("1-a", pending("1-a")), NOW);
        assertThat(pendingCount()).isEqualTo(3);

        board.own(0, id -> ofPartition(id, 0), Map.of("0-a", pending("0-a")), NOW);

        assertThat(clocksOf("0-b")).isEmpty();
        assertThat(clocksOf("0-a")).hasSize(1);
        assertThat(clocksOf("1-a")).hasSize(1);
        assertThat(board.source(0)).isEqualTo(TargetBoard.Source.OWNER);
    }

    @Test
    void aPartitionOwnedAgainLosesWhatItsOwnUpdatesPutThereBefore() {
        board.own(0, id -> ofPartition(id, 0), Map.of("0-a", pending("0-a")), NOW);
        board.update(0, Map.of("0-b", pending("0-b")), NOW);

        board.own(0, id -> ofPartition(id, 0), Map.of("0-a", pending("0-a")), NOW);

        assertThat(clocksOf("0-b")).isEmpty();
        assertThat(pendingCount()).isEqualTo(1);
    }

    @Test
    void evaluationsGivenWithoutTheirPartitionAreLookedForInEveryPartitionTakenOver() {
        board.update(Map.of("2-a", pending("2-a"), "3-a", pending("3-a")), NOW);

        board.own(2, id -> ofPartition(id, 2), Map.of(), NOW);

        assertThat(clocksOf("2-a")).isEmpty();
        assertThat(clocksOf("3-a")).hasSize(1);
    }

    @Test
    void partitionsNeverHeldAreTakenOverWithoutTouchingTheOthers() {
        board.own(0, id -> ofPartition(id, 0), Map.of("0-a", pending("0-a")), NOW);
        board.own(1, id -> {
            throw new AssertionError("no referral of partition 1 was ever on the board: nothing to look for");
        }, Map.of("1-a", pending("1-a")), NOW);

        assertThat(pendingCount()).isEqualTo(2);
    }
}
