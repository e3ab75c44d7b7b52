package uk.nhs.homefirst.allocation.visit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.ContactType;
import uk.nhs.homefirst.events.StaffRole;
import uk.nhs.homefirst.events.VisitChangeReason;
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
                new VisitValidator.Valid(REFERRAL, Instant.parse("2026-03-02T11:15:00Z"), VisitOutcome.ATTENDED,
                        ContactType.IN_PERSON, StaffRole.NURSE, null));
    }

    @Test
    void aVisitNamesItsContactAndRoleAndMayCarryTheHubSystemsId() {
        var result = validate(new VisitRequest(REFERRAL.toString(), "2026-03-02T11:15:00Z", "ATTENDED", "VIDEO",
                "SOCIAL_CARE", " EMIS-123 "), KNOWN);
        assertThat(result.valid().contactType()).isEqualTo(ContactType.VIDEO);
        assertThat(result.valid().staffRole()).isEqualTo(StaffRole.SOCIAL_CARE);
        assertThat(result.valid().sourceVisitId()).isEqualTo("EMIS-123");
        assertThat(fields(validate(new VisitRequest(REFERRAL.toString(), "2026-03-02T11:15:00Z", "ATTENDED", null,
                "DOCTOR", "has spaces"), KNOWN))).containsExactlyInAnyOrder("contactType", "staffRole", "sourceVisitId");
    }

    @Test
    void aVoidTakesAReasonOnlyAndACorrectionAReasonAndSomethingToChange() {
        var voiding = VisitValidator.validateChange(VisitChangeRequest.voiding("DUPLICATE"), true, NOW, TOLERANCE,
                REFERRAL, KNOWN, RECEIVED);
        assertThat(voiding.valid().reason()).isEqualTo(VisitChangeReason.DUPLICATE);
        assertThat(changeFields(new VisitChangeRequest(null, null, "2026-03-02T11:00:00Z", null, null, null), true))
                .containsExactlyInAnyOrder("reason", "visitedAt");
        assertThat(changeFields(VisitChangeRequest.voiding("WRONG_TIME"), false)).containsExactly("referralId");
        assertThat(changeFields(new VisitChangeRequest("WRONG_TIME", null, "2026-03-02T09:59:00Z", null, null, null),
                false)).as("not before the referral was received").containsExactly("visitedAt");
        assertThat(changeFields(new VisitChangeRequest("WRONG_REFERRAL", UUID.randomUUID().toString(), null, null,
                null, null), false, id -> Optional.empty())).as("an unknown referral").containsExactly("referralId");
        var corrected = VisitValidator.validateChange(new VisitChangeRequest("WRONG_CONTACT_TYPE", null, null, null,
                "TELEPHONE", null), false, NOW, TOLERANCE, REFERRAL, KNOWN, RECEIVED);
        assertThat(corrected.valid()).isEqualTo(new VisitValidator.Change(VisitChangeReason.WRONG_CONTACT_TYPE, null,
                null, null, ContactType.TELEPHONE, null));
    }

    private static List<String> changeFields(VisitChangeRequest request, boolean voiding) {
        return changeFields(request, voiding, KNOWN);
    }

    private static List<String> changeFields(VisitChangeRequest request, boolean voiding,
            Function<UUID, Optional<Instant>> lookup) {
        return VisitValidator.validateChange(request, voiding, NOW, TOLERANCE, REFERRAL, lookup, RECEIVED)
                .violations().errors().stream().map(Problem.FieldError::field).toList();
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
                .containsExactlyInAnyOrder("referralId", "visitedAt", "outcome", "contactType", "staffRole");
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
