package uk.nhs.homefirst.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeyTest {

    @Test
    void aKeyIsTakenQuotedAsTheDraftWritesItOrBare() {
        assertThat(IdempotencyKey.parse("\"8e03978e-40d5-43e8-bc93-6894a57f9324\"")).map(IdempotencyKey::value)
                .contains("8e03978e-40d5-43e8-bc93-6894a57f9324");
        assertThat(IdempotencyKey.parse(" 01J9Z3K8Q6V2N4X7Y5W1T0R9PA ")).map(IdempotencyKey::value)
                .contains("01J9Z3K8Q6V2N4X7Y5W1T0R9PA");
        assertThat(IdempotencyKey.parse("dGVzdA==")).isPresent();
        assertThat(IdempotencyKey.parse(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "\"\"", "a b", "key;param=1", "a,b", "\"unterminated", "<script>", "caf\u00e9",
            "line\nbreak", "'; DROP TABLE idempotency_key;--" })
    void anythingElseIsNotAKey(String header) {
        assertThatThrownBy(() -> IdempotencyKey.parse(header)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyIsAtMost255Characters() {
        assertThat(IdempotencyKey.parse("k".repeat(255))).isPresent();
        assertThatThrownBy(() -> IdempotencyKey.parse("k".repeat(256))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStoredKeyAnswersTheSamePayloadWithItsResponseAndAnotherPayloadWithAMismatch() {
        var completed = new Claim.Stored("abc", true, 201, "http://x/api/referrals/1", "{}");
        assertThat(Claim.decide(completed, "abc")).isEqualTo(new Claim.Replay(201, "http://x/api/referrals/1", "{}"));
        assertThat(Claim.decide(completed, "abd")).isInstanceOf(Claim.Mismatch.class);
        var inFlight = new Claim.Stored("abc", false, 0, null, null);
        assertThat(Claim.decide(inFlight, "abc")).isInstanceOf(Claim.InFlight.class);
        assertThat(Claim.decide(inFlight, "xyz")).as("a different payload is a mismatch even in flight")
                .isInstanceOf(Claim.Mismatch.class);
        assertThat(new Claim.Taken(UUID.randomUUID())).isInstanceOf(Claim.class);
    }
}
