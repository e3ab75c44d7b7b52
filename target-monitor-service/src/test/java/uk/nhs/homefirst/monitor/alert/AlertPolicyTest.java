package uk.nhs.homefirst.monitor.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.monitor.alert.AlertPolicy.Transition;
import uk.nhs.homefirst.monitor.window.WindowCounts;

class AlertPolicyTest {

    private final AlertPolicy twoHour = new AlertPolicy(new BigDecimal("70"), 5, new BigDecimal("5"));

    private static WindowCounts counts(int met, int breached) {
        return new WindowCounts(met, breached, 0, 0, 0);
    }

    @Test
    void raisesWhenThePercentageFallsBelowTheThresholdWithEnoughResolved() {
        assertThat(twoHour.decide(false, counts(3, 2))).isEqualTo(Transition.RAISE); // 60%
    }

    @Test
    void zeroOfOneRaisesNothing() {
        assertThat(twoHour.decide(false, counts(0, 1))).isEqualTo(Transition.NONE);
        assertThat(twoHour.decide(false, counts(0, 4))).isEqualTo(Transition.NONE);
        assertThat(twoHour.decide(false, counts(0, 5))).isEqualTo(Transition.RAISE);
    }

    @Test
    void exactlyAtTheThresholdIsNotBelowIt() {
        assertThat(twoHour.decide(false, counts(7, 3))).isEqualTo(Transition.NONE); // 70.0%
    }

    @Test
    void anOpenAlertIsNotRaisedAgain() {
        assertThat(twoHour.decide(true, counts(0, 10))).isEqualTo(Transition.NONE);
    }

    @Test
    void resolvesOnlyAtTheThresholdPlusTheMargin() {
        assertThat(twoHour.decide(true, counts(72, 28))).isEqualTo(Transition.NONE); // 72% is above 70, below 75
        assertThat(twoHour.decide(true, counts(3, 1))).isEqualTo(Transition.RESOLVE); // 75.0%
        assertThat(twoHour.decide(true, counts(9, 1))).isEqualTo(Transition.RESOLVE);
    }

    @Test
    void nothingResolvedChangesNothing() {
        assertThat(twoHour.decide(true, counts(0, 0))).isEqualTo(Transition.NONE);
        assertThat(twoHour.decide(false, counts(0, 0))).isEqualTo(Transition.NONE);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new AlertPolicy(new BigDecimal("101"), 5, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertPolicy(new BigDecimal("70"), 0, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertPolicy(new BigDecimal("70"), 5, new BigDecimal("-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
