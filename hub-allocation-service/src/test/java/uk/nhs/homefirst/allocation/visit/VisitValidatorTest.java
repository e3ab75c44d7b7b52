package uk.nhs.homefirst.allocation.visit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.platform.problem.Problem;

class VisitValidatorTest {

    static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    static final Instant RECEIVED = Instant.parse("2026-03-02T10:00:00Z");
    static final UUID REFERRAL = UUID.fromString("1b4e28ba-2fa1-11d2-883f-0016d3cca427");
    static final Duration TOLERANCE = Duration.ofMinutes(2);
    static final Function<UUID, Optional<Instant>> KNOWN = id -> Optional.of(RECEIVED);

    @Test
    void aValidVisitIsRead() {
        var result = validate(new VisitRequest(REFERRAL.toString(), "2026-03-02T11:15:00+00:00", "ATTENDED"), KNOWN);
        assertThat(result.violations().isEmpty()).isTrue();
        assertThat(result.valid()).isEqualTo(
                new VisitValidator.Valid(REFERRAL, Instant.parse("2026-03-02T11:15:00Z"), VisitOutcome.ATTENDED));
    }

    @Test
    void aVisitAtTheMomentTheReferralWasReceivedIsAccepted() {
        assertThat(validate(new VisitRequest(REFERRAL.toString(), RECEIVED.toString(), "PATIENT_NOT_AT_HOME"), KNOWN)
                .violations().isEmpty()).isTrue();
    }

    @Test
    void everyInvalidFieldIsNamedAtOnce() {
        var result = validate(new VisitRequest("not-a-uuid", "2026-03-02T13:00:00Z", "SEEN"), KNOWN);
        assertThat(result.valid()).isNull();
        assertThat(fields(result)).containsExactlyInAnyOrder("referralId", "visitedAt", "outcome");
    }

    @Test
    void aVisitBeforeTheReferralWasReceivedIsRefusedWithTheOtherFields() {
        var result = validate(new VisitRequest(REFERRAL.toString(), "2026-03-02T09:59:59Z", "seen"), KNOWN);
        assertThat(fields(result)).containsExactlyInAnyOrder("visitedAt", "outcome");
        assertThat(result.violations().errors().get(0).message()).contains("before the time the referral was received");
    }

    @Test
    void anUnknownReferralIsNotAFieldError() {
        var result = validate(new VisitRequest(REFERRAL.toString(), "2026-03-02T09:00:00Z", "ATTENDED"),
                id -> Optional.empty());
        assertThat(result.violations().isEmpty()).isTrue();
    }

    @Test
    void theFutureIsJudgedWithTheClockSkewTolerance() {
        assertThat(validate(new VisitRequest(REFERRAL.toString(), "2026-03-02T12:02:00Z", "ATTENDED"), KNOWN)
                .violations().isEmpty()).isTrue();
        assertThat(fields(validate(new VisitRequest(REFERRAL.toString(), "2026-03-02T12:02:01Z", "ATTENDED"), KNOWN)))
                .containsExactly("visitedAt");
    }

    @Test
    void aTimeWithoutAnOffsetOrNotATimeIsRefused() {
        assertThat(fields(validate(new VisitRequest(REFERRAL.toString(), "2026-03-02T11:00:00", "ATTENDED"), KNOWN)))
                .containsExactly("visitedAt");
        assertThat(fields(validate(new VisitRequest(REFERRAL.toString(), "yesterday", "ATTENDED"), KNOWN)))
                .containsExactly("visitedAt");
    }

    @Test
    void missingFieldsAndAMissingBodyAreNamed() {
        assertThat(fields(validate(new VisitRequest(null, null, null), KNOWN)))
                .containsExactlyInAnyOrder("referralId", "visitedAt", "outcome");
        assertThat(fields(VisitValidator.validate(null, NOW, TOLERANCE, KNOWN)))
                .containsExactlyInAnyOrder("referralId", "visitedAt", "outcome");
    }

    @Test
    void aShortenedUuidIsNotAnId() {
        assertThat(fields(validate(new VisitRequest("1-1-1-1-1", "2026-03-02T11:00:00Z", "ATTENDED"), KNOWN)))
                .containsExactly("referralId");
    }

    @Test
    void messagesNeverEchoTheValue() {
        var result = validate(new VisitRequest("Ada Lovelace", "Ada Lovelace", "Ada Lovelace"), KNOWN);
        assertThat(result.violations().errors()).extracting(Problem.FieldError::message)
                .noneMatch(message -> message.contains("Ada"));
    }

    private static VisitValidator.Result validate(VisitRequest request, Function<UUID, Optional<Instant>> lookup) {
        return VisitValidator.validate(request, NOW, TOLERANCE, lookup);
    }

    private static List<String> fields(VisitValidator.Result result) {
        return result.violations().errors().stream().map(Problem.FieldError::field).toList();
    }
}
