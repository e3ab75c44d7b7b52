package uk.nhs.homefirst.triage.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.platform.problem.Problem;

class DecisionValidatorTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-23T09:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-23T10:30:00Z");
    private static final Set<String> LDUS = Set.of("city", "county-and-rutland");

    /** The caller of these decisions, by its token's subject. */
    private static final String CALLER = "staff-1";

    private static DecisionValidator.Result validate(String pathway, String decidedBy, String reason, String decidedAt) {
        return validateAs(CALLER, pathway, decidedBy, reason, decidedAt);
    }

    private static DecisionValidator.Result validateAs(String caller, String pathway, String decidedBy, String reason,
            String decidedAt) {
        return DecisionValidator.validate(new DecisionRequest(pathway, decidedBy, reason, decidedAt, null), caller,
                RECEIVED, NOW, LDUS);
    }

    private static List<String> fields(DecisionValidator.Result result) {
        return result.violations().errors().stream().map(Problem.FieldError::field).toList();
    }

    @Test
    void aValidDecisionIsTakenAsSent() {
        var result = validateAs("staff-0042", "HOME_FIRST_REABLEMENT", null, "CLINICAL_JUDGEMENT", "2026-11-23T09:45:00Z");
        assertThat(result.violations().isEmpty()).isTrue();
        assertThat(result.decision()).contains(new ClinicianDecision(Pathway.HOME_FIRST_REABLEMENT, "staff-0042",
                "CLINICAL_JUDGEMENT", Instant.parse("2026-11-23T09:45:00Z"), Optional.empty()));
    }

    @Test
    void aDecisionMayRouteTheReferralToAnLduOfTheTableAndToNoOther() {
        var routed = DecisionValidator.validate(new DecisionRequest("END_OF_LIFE", "staff-1", "OUT_OF_LOCALITY", null,
                "county-and-rutland"), CALLER, RECEIVED, NOW, LDUS);
        assertThat(routed.decision().orElseThrow().ldu()).contains("county-and-rutland");
        var unknown = DecisionValidator.validate(new DecisionRequest("END_OF_LIFE", "staff-1", "OUT_OF_LOCALITY", null,
                "nottingham"), CALLER, RECEIVED, NOW, LDUS);
        assertThat(fields(unknown)).containsExactly("ldu");
        assertThat(unknown.violations().errors().get(0).message()).contains("city", "county-and-rutland")
                .doesNotContain("nottingham");
    }

    @Test
    void withoutATimeTheDecisionIsMadeNow() {
        assertThat(validate("END_OF_LIFE", "staff-1", "NO_SAFE_DISCHARGE", null).decision().orElseThrow().decidedAt())
                .isEqualTo(NOW);
    }

    @Test
    void withoutATimeADecisionOnAReferralReceivedAheadOfThisClockIsDatedAtItsReceipt() {
        Instant ahead = NOW.plusSeconds(5);
        var result = DecisionValidator.validate(new DecisionRequest("END_OF_LIFE", "staff-1", "X1", null, null), CALLER, ahead, NOW,
                LDUS);
        assertThat(result.decision().orElseThrow().decidedAt()).isEqualTo(ahead);
    }

    @Test
    void aTimeWithAnOffsetIsAccepted() {
        assertThat(validate("END_OF_LIFE", "staff-1", "GP_REQUEST", "2026-11-23T10:45:00+01:00")
                .decision().orElseThrow().decidedAt()).isEqualTo(Instant.parse("2026-11-23T09:45:00Z"));
    }

    @Test
    void theBoundariesAreAllowed() {
        assertThat(validateAs("s", "END_OF_LIFE", "s", "AB", RECEIVED.toString()).violations().isEmpty()).isTrue();
        assertThat(validateAs("s".repeat(64), "END_OF_LIFE", null, "A" + "B".repeat(63), NOW.toString())
                .violations().isEmpty()).isTrue();
    }

    @Test
    void everyInvalidFieldIsNamedAtOnce() {
        var result = validate("HOSPITAL", "someone-else", "clinical judgement", "yesterday");
        assertThat(result.decision()).isEmpty();
        assertThat(fields(result)).containsExactly("pathway", "decidedBy", "reason", "decidedAt");
    }

    @Test
    void missingFieldsAreNamed() {
        assertThat(fields(validate(null, null, null, null))).containsExactly("pathway", "reason");
    }

    @Test
    void aMissingBodyIsNamed() {
        assertThat(DecisionValidator.validate(null, CALLER, RECEIVED, NOW, LDUS).violations().errors())
                .extracting(Problem.FieldError::field).containsExactly("body");
    }

    @Test
    void aDecisionCannotBeInTheFuture() {
        var result = validate("END_OF_LIFE", "staff-1", "GP_REQUEST", NOW.plusSeconds(1).toString());
        assertThat(result.violations().errors()).containsExactly(
                new Problem.FieldError("decidedAt", "must not be in the future"));
    }

    @Test
    void aDecisionCannotPrecedeTheReferral() {
        var result = validate("END_OF_LIFE", "staff-1", "GP_REQUEST", RECEIVED.minus(Duration.ofSeconds(1)).toString());
        assertThat(result.violations().errors()).containsExactly(
                new Problem.FieldError("decidedAt", "must not be before the referral was received"));
    }

    @Test
    void decidedByIsAtMost64Characters() {
        assertThat(fields(validateAs("s".repeat(65), "END_OF_LIFE", null, "GP_REQUEST", null))).containsExactly("decidedBy");
    }

    @Test
    void decidedByCannotPretendToBeTheRules() {
        assertThat(fields(validateAs("Rules", "END_OF_LIFE", null, "GP_REQUEST", null))).containsExactly("decidedBy");
        assertThat(fields(validate("END_OF_LIFE", "rules", "GP_REQUEST", null))).containsExactly("decidedBy");
    }

    @Test
    void theDecisionIsTheCallersWhateverTheBodyLeavesOut() {
        assertThat(validate("END_OF_LIFE", null, "GP_REQUEST", null).decision()).hasValueSatisfying(
                decision -> assertThat(decision.decidedBy()).isEqualTo(CALLER));
        assertThat(validate("END_OF_LIFE", " staff-1 ", "GP_REQUEST", null).decision()).hasValueSatisfying(
                decision -> assertThat(decision.decidedBy()).isEqualTo(CALLER));
    }

    @Test
    void aDecisionInAColleaguesNameIsRefused() {
        var result = validate("END_OF_LIFE", "staff-0042", "GP_REQUEST", null);
        assertThat(result.decision()).isEmpty();
        assertThat(fields(result)).containsExactly("decidedBy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Q", "clinical", "1ABC", "_ABC", "CLINICAL JUDGEMENT", "CLINICAL-JUDGEMENT",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLM", "Patient said no"})
    void aReasonMustBeACode(String reason) {
        var result = validate("NOT_ACCEPTED", "staff-1", reason, null);
        assertThat(fields(result)).containsExactly("reason");
        if (reason.length() > 1) {
            assertThat(result.violations().errors().get(0).message()).doesNotContain(reason);
        }
    }

    @Test
    void aPathwayIsOneOfTheEnum() {
        var result = validate("urgent_crisis_response", "staff-1", "GP_REQUEST", null);
        assertThat(result.violations().errors().get(0).message()).contains("URGENT_CRISIS_RESPONSE", "NOT_ACCEPTED");
    }

    private static DecisionValidator.Result bed(String pathway, String bedType, String bedArrangedAt) {
        return DecisionValidator.validate(new DecisionRequest(pathway, null, "CLINICAL_JUDGEMENT", null, null, bedType,
                bedArrangedAt), CALLER, RECEIVED, NOW, LDUS);
    }

    @Test
    void aBedBasedDecisionNamesItsBedTypeAndMayNameWhenItWasArranged() {
        var chosen = bed("BED_BASED", "COMMUNITY_HOSPITAL_BED", null).decision().orElseThrow();
        assertThat(chosen.bedType()).isEqualTo(uk.nhs.homefirst.events.BedType.COMMUNITY_HOSPITAL_BED);
        assertThat(chosen.bedArrangedAt()).isNull();
        var arranged = bed("BED_BASED", "REABLEMENT_BED", "2026-11-23T10:00:00Z").decision().orElseThrow();
        assertThat(arranged.bedType()).isEqualTo(uk.nhs.homefirst.events.BedType.REABLEMENT_BED);
        assertThat(arranged.bedArrangedAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(bed("BED_BASED", "REABLEMENT_BED", RECEIVED.toString()).violations().isEmpty())
                .as("arranged as the referral arrived").isTrue();
    }

    @Test
    void aBedBasedDecisionWithoutABedTypeOrWithAnUnknownOneIsRefusedNamingBedType() {
        assertThat(fields(bed("BED_BASED", null, null))).containsExactly("bedType");
        assertThat(fields(bed("BED_BASED", " ", null))).containsExactly("bedType");
        var unknown = bed("BED_BASED", "CARE_HOME_BED", null);
        assertThat(fields(unknown)).containsExactly("bedType");
        assertThat(unknown.violations().errors().get(0).message()).contains("REABLEMENT_BED", "COMMUNITY_HOSPITAL_BED")
                .doesNotContain("CARE_HOME_BED");
    }

    @Test
    void aBedCannotBeArrangedInTheFutureNorBeforeTheReferralNorAsAnythingButATime() {
        assertThat(fields(bed("BED_BASED", "REABLEMENT_BED", NOW.plusSeconds(1).toString()))).containsExactly("bedArrangedAt");
        assertThat(fields(bed("BED_BASED", "REABLEMENT_BED", RECEIVED.minusSeconds(1).toString())))
                .containsExactly("bedArrangedAt");
        assertThat(fields(bed("BED_BASED", "REABLEMENT_BED", "tomorrow"))).containsExactly("bedArrangedAt");
    }

    @Test
    void onlyABedBasedDecisionHasABed() {
        assertThat(fields(bed("HOME_FIRST_REABLEMENT", "REABLEMENT_BED", null))).containsExactly("bedType");
        assertThat(fields(bed("END_OF_LIFE", null, "2026-11-23T10:00:00Z"))).containsExactly("bedArrangedAt");
        assertThat(bed("HOME_FIRST_REABLEMENT", null, null).decision().orElseThrow().bedType()).isNull();
    }

    private static List<String> arrangementFields(DecisionValidator.ArrangementResult result) {
        return result.violations().errors().stream().map(Problem.FieldError::field).toList();
    }

    @Test
    void aBedArrangedLaterKeepsTheDecisionsBedTypeUnlessItChangesIt() {
        var kept = DecisionValidator.validateArrangement(new BedArrangementRequest(null, "2026-11-23T10:00:00Z"), CALLER,
                RECEIVED, NOW, uk.nhs.homefirst.events.BedType.REABLEMENT_BED).arrangement().orElseThrow();
        assertThat(kept.bedType()).isEqualTo(uk.nhs.homefirst.events.BedType.REABLEMENT_BED);
        assertThat(kept.arrangedAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(kept.recordedBy()).isEqualTo(CALLER);
        var changed = DecisionValidator.validateArrangement(new BedArrangementRequest("COMMUNITY_HOSPITAL_BED",
                "2026-11-23T10:00:00+01:00"), CALLER, RECEIVED, NOW, uk.nhs.homefirst.events.BedType.REABLEMENT_BED)
                .arrangement().orElseThrow();
        assertThat(changed.bedType()).isEqualTo(uk.nhs.homefirst.events.BedType.COMMUNITY_HOSPITAL_BED);
        assertThat(changed.arrangedAt()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
    }

    @Test
    void aBedArrangementNamesEveryInvalidField() {
        assertThat(arrangementFields(DecisionValidator.validateArrangement(new BedArrangementRequest(null, null), CALLER,
                RECEIVED, NOW, null))).containsExactly("bedType", "arrangedAt");
        assertThat(arrangementFields(DecisionValidator.validateArrangement(new BedArrangementRequest("SOFA",
                NOW.plusSeconds(60).toString()), CALLER, RECEIVED, NOW, null))).containsExactly("bedType", "arrangedAt");
        assertThat(arrangementFields(DecisionValidator.validateArrangement(new BedArrangementRequest("REABLEMENT_BED",
                RECEIVED.minusSeconds(60).toString()), CALLER, RECEIVED, NOW, null))).containsExactly("arrangedAt");
        assertThat(arrangementFields(DecisionValidator.validateArrangement(null, CALLER, RECEIVED, NOW, null)))
                .containsExactly("body");
        assertThat(arrangementFields(DecisionValidator.validateArrangement(new BedArrangementRequest("REABLEMENT_BED",
                NOW.toString()), "rules", RECEIVED, NOW, null))).containsExactly("decidedBy");
    }
}
