package uk.nhs.homefirst.triage.rules;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static uk.nhs.homefirst.triage.support.TriageTopics.eventually;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.access.TestTokens;
import uk.nhs.homefirst.triage.support.Callers;
import uk.nhs.homefirst.triage.support.FakeReferrals;
import uk.nhs.homefirst.triage.support.TriageTopics;

/**
 * The triage rules as versioned data against a real broker and PostgreSQL (a database of its own, as
 * these tests change the rules in effect): admin drafts, a second person with clinical authority
 * approves, new referrals are decided by the version in effect and name it, old decisions keep theirs,
 * and a dry run shows what a draft would change.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "triage_rules"))
class RulesIT {

    private static final String AUTHOR = "staff-ada";
    private static final String ADMIN = TestTokens.Spec.of("admin").subject(AUTHOR).token();
    private static final String CLINICIAN = TestTokens.Spec.of("ldu-clinician").ldu(Callers.COUNTY).subject("staff-cyd").token();
    /** The author again, as a clinician: no one approves their own draft. */
    private static final String AUTHOR_AS_CLINICIAN = TestTokens.Spec.of("ldu-clinician").ldu(Callers.COUNTY).subject(AUTHOR)
            .token();
    private static TriageTopics topics;

    @BeforeAll
    static void connect() {
        topics = new TriageTopics();
    }

    @AfterAll
    static void disconnect() {
        topics.close();
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    private static String routineFalls() {
        String id = FakeReferrals.newId();
        topics.sendReceived(FakeReferrals.received(id, Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS),
                RequestedUrgency.ROUTINE, ClinicalNeed.FALLS));
        eventually().until(() -> as(ADMIN).get("/api/triage/" + id).statusCode() == 200);
        return id;
    }

    /** Version 1 with a row before the catch-all: routine falls go to planned therapy (falls prevention). */
    private static List<Map<String, Object>> withFallsPrevention() {
        List<Map<String, Object>> rows = new ArrayList<>(as(ADMIN).get("/api/triage/rules/1").then().statusCode(200)
                .extract().jsonPath().getList("rows"));
        rows.add(rows.size() - 1, Map.of("code", "FALLS_PREVENTION", "urgencies", List.of("ROUTINE"),
                "needsAny", List.of("FALLS"), "dischargePathways", List.of(), "pathway", "PLANNED_THERAPY",
                "confirm", false, "explanation", "A routine fall: falls-prevention therapy, no clinician needed."));
        return rows;
    }

    private static JsonPath draft(List<Map<String, Object>> rows, Instant effectiveFrom) {
        return as(ADMIN).contentType(ContentType.JSON).body(Json.write(Map.of("effectiveFrom", effectiveFrom.toString(),
                        "note", "Routine falls to falls prevention", "rows", rows)))
                .post("/api/triage/rules").then().statusCode(201).header("Location", startsWith("http"))
                .body("status", equalTo("DRAFT")).body("inEffect", equalTo(false)).extract().jsonPath();
    }

    @Test
    void aDraftDecidesNothingUntilASecondPersonApprovesItThenNewReferralsNameItsVersion() {
        String before = routineFalls();
        as(ADMIN).get("/api/triage/" + before).then().body("currentDecision.rule", equalTo("NURSING_DEFAULT"))
                .body("currentDecision.ruleVersion", equalTo(1));

        int version = draft(withFallsPrevention(), Instant.now().minus(Duration.ofHours(1))).getInt("version");
        String whileDraft = routineFalls();
        as(ADMIN).get("/api/triage/" + whileDraft).then().body("currentDecision.rule", equalTo("NURSING_DEFAULT"));

        // Admin has no clinical authority; the author may not approve their own draft under another role.
        as(ADMIN).post("/api/triage/rules/" + version + "/approve").then().statusCode(403);
        as(AUTHOR_AS_CLINICIAN).post("/api/triage/rules/" + version + "/approve").then().statusCode(409)
                .contentType("application/problem+json").body("detail", startsWith("You drafted version"));
        Instant approving = Instant.now();
        JsonPath approved = as(CLINICIAN).post("/api/triage/rules/" + version + "/approve").then().statusCode(200)
                .body("status", equalTo("APPROVED")).body("decidedBy", equalTo("staff-cyd")).body("inEffect", equalTo(true))
                .extract().jsonPath();
        assertThat(Instant.parse(approved.getString("effectiveFrom"))).as("never before its approval")
                .isAfterOrEqualTo(approving.truncatedTo(ChronoUnit.SECONDS));
        as(CLINICIAN).post("/api/triage/rules/" + version + "/approve").then().statusCode(409);

        String after = routineFalls();
        as(ADMIN).get("/api/triage/" + after).then().body("currentDecision.pathway", equalTo("PLANNED_THERAPY"))
                .body("currentDecision.rule", equalTo("FALLS_PREVENTION")).body("currentDecision.ruleVersion", equalTo(version));
        as(ADMIN).get("/api/triage/" + before).then().body("currentDecision.ruleVersion", equalTo(1));

        // A clinician overrides the new version's decision: the decision says which version it overrode.
        as(CLINICIAN).contentType(ContentType.JSON).body(Json.write(Map.of("pathway", "NEIGHBOURHOOD_NURSING",
                        "reason", "CLINICAL_JUDGEMENT"))).post("/api/triage/" + after + "/decisions").then().statusCode(201)
                .body("replacesRule", equalTo("FALLS_PREVENTION")).body("replacesRuleVersion", equalTo(version))
                .body("ruleVersion", equalTo(null));

        as(CLINICIAN).get("/api/triage/rules").then().statusCode(200).body("inEffect", equalTo(version))
                .body("versions.version", hasItems(version, 1));
    }

    @Test
    void aVersionToTakeEffectLaterWaitsForItsTime() {
        int inEffect = as(CLINICIAN).get("/api/triage/rules").then().extract().jsonPath().getInt("inEffect");
        int later = draft(withFallsPrevention(), Instant.now().plus(Duration.ofDays(2))).getInt("version");
        as(CLINICIAN).post("/api/triage/rules/" + later + "/approve").then().statusCode(200).body("inEffect", equalTo(false));
        as(CLINICIAN).get("/api/triage/rules").then().body("inEffect", equalTo(inEffect));
    }

    @Test
    void aDryRunShowsWhatTheDraftWouldChangeInTheLast28Days() {
        String fell = routineFalls();
        int version = draft(withFallsPrevention(), Instant.now()).getInt("version");
        JsonPath run = as(CLINICIAN).get("/api/triage/rules/" + version + "/dry-run").then().statusCode(200)
                .body("version", equalTo(version)).extract().jsonPath();
        List<Map<String, Object>> changes = run.getList("result.changes");
        Map<String, Object> change = changes.stream().filter(c -> fell.equals(c.get("referralId"))).findFirst().orElse(null);
        // Decided by whichever version was in effect then; the draft moves it to falls prevention unless that decided it.
        String rule = as(ADMIN).get("/api/triage/" + fell).then().extract().path("currentDecision.rule");
        if (rule.equals("NURSING_DEFAULT")) {
            assertThat(change).containsEntry("decided", "NEIGHBOURHOOD_NURSING").containsEntry("draft", "PLANNED_THERAPY")
                    .containsEntry("draftRule", "FALLS_PREVENTION");
        } else {
            assertThat(change).isNull();
        }
        assertThat(run.getInt("result.referrals")).isGreaterThanOrEqualTo(1);
        as(ADMIN).post("/api/triage/rules/" + version + "/withdraw").then().statusCode(200).body("status", equalTo("WITHDRAWN"));
        as(CLINICIAN).post("/api/triage/rules/" + version + "/approve").then().statusCode(409)
                .body("detail", equalTo("Version " + version + " is withdrawn: only a draft can be approved."));
    }

    @Test
    void aVersionReadsAsCsvAndADraftCanBeSentAsCsv() {
        String csv = as(ADMIN).accept("text/csv").get("/api/triage/rules/1").then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();
        assertThat(csv).isEqualTo(RuleTableCsv.write(TriageRules.BUILT_IN));
        String edited = csv.replace("NURSING_DEFAULT,,,,NEIGHBOURHOOD_NURSING,true",
                "WOUND_CARE_NURSING,,WOUND_CARE,,NEIGHBOURHOOD_NURSING,false,\"Wound care is nursing: no review\"\n"
                        + "NURSING_DEFAULT,,,,NEIGHBOURHOOD_NURSING,true");
        as(ADMIN).contentType("text/csv").queryParam("effectiveFrom", Instant.now().plus(Duration.ofDays(1)).toString())
                .queryParam("note", "Wound care without review").body(edited).post("/api/triage/rules").then().statusCode(201)
                .body("rows.code", hasItems("WOUND_CARE_NURSING", "NURSING_DEFAULT")).body("rows.size()", equalTo(10));
    }

    @Test
    void aDraftWithFaultsIsRefusedNamingEachOne() {
        as(ADMIN).contentType(ContentType.JSON).body(Json.write(Map.of("note", " ", "rows", List.of(
                        Map.of("code", "DECLINE_ALL", "pathway", "NOT_ACCEPTED", "confirm", false, "explanation", "No")))))
                .post("/api/triage/rules").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("effectiveFrom", "note", "rows[0].pathway")));
        as(ADMIN).contentType("text/csv").queryParam("effectiveFrom", Instant.now().toString()).queryParam("note", "x")
                .body("not,a,rule,table\n").post("/api/triage/rules").then().statusCode(400)
                .body("errors.field", equalTo(List.of("csv")));
        as(CLINICIAN).contentType(ContentType.JSON).body("{}").post("/api/triage/rules").then().statusCode(403);
        as(ADMIN).get("/api/triage/rules/999").then().statusCode(404);
    }
}
