package uk.nhs.homefirst.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every event record, serialized as the services serialize it, conforms to its published schema. */
class EventSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private static final Instant T = Instant.parse("2026-11-23T09:15:00Z");
    private static final String REFERRAL = UUID.randomUUID().toString();

    static Stream<Object> samples() {
        return Stream.of(
                new ReferralReceived(REFERRAL, T.minusSeconds(600), T, T.minusSeconds(600), ReferralSource.GP,
                        "EMIS-WEB", "R-1234", RequestedUrgency.CRISIS,
                        List.of(ClinicalNeed.FALLS, ClinicalNeed.FRAILTY_DECOMPENSATION),
                        new ReferralReceived.Reason("Fall at home, unable to get up", "217082002"),
                        new ReferralReceived.Patient("9434765919", "Ada", "Lovelace", LocalDate.of(1941, 3, 2),
                                "LE11 3TU", "LE11", "C82001", "07700 900123"),
                        new ReferralReceived.Referrer("C82001", ReferrerRole.GP, "Dr A Patel")),
                new ReferralReceived(REFERRAL, T, T, null, ReferralSource.ACUTE_HOSPITAL, null, null,
                        RequestedUrgency.ROUTINE, List.of(ClinicalNeed.REABLEMENT_NEED),
                        new ReferralReceived.Reason("Reablement after a hip fracture", null),
                        new ReferralReceived.Patient("9434765919", "Ada", "Lovelace", LocalDate.of(1941, 3, 2),
                                "LE11 3TU", "LE11", "C82001", null),
                        new ReferralReceived.Referrer("RWE", ReferrerRole.HOSPITAL_DOCTOR, "Ward 7"),
                        new ReferralReceived.Discharge(LocalDate.of(2026, 11, 25), 1)),
                // A stock FHIR referral whose SNOMED CT reason maps to no need (since 1.3.0).
                new ReferralReceived(REFERRAL, T, T, null, ReferralSource.GP, null, null, RequestedUrgency.URGENT,
                        List.of(), new ReferralReceived.Reason("Heart attack last month, struggling at home", "22298006"),
                        new ReferralReceived.Patient("9434765919", "Ada", "Lovelace", LocalDate.of(1941, 3, 2),
                                "LE11 3TU", "LE11", "C82001", null),
                        new ReferralReceived.Referrer("C82001", ReferrerRole.GP, "The Surgery")),
                new ReferralCancelled(REFERRAL, T, CancellationReason.PATIENT_ADMITTED, null),
                new PatientDischarged(REFERRAL, UUID.randomUUID().toString(), T, 1, T.plusSeconds(60)),
                new DischargeDelayed(REFERRAL, DischargeDelayed.DischargeChange.POSTPONED, LocalDate.of(2026, 11, 27), T),
                new DischargeDelayed(REFERRAL, DischargeDelayed.DischargeChange.CANCELLED, null, T),
                new ReferralTriaged(REFERRAL, UUID.randomUUID().toString(), 1, T, T.minusSeconds(600),
                        Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "rules", "CRISIS_URGENCY",
                        ReferralSource.GP, RequestedUrgency.CRISIS, "LE11", "C82001"),
                new ReferralTriaged(REFERRAL, UUID.randomUUID().toString(), 2, T, T.minusSeconds(600),
                        Pathway.BED_BASED, null, "staff-1234", "CLINICAL_JUDGEMENT",
                        ReferralSource.GP, RequestedUrgency.CRISIS, null, null),
                // A bed-based decision with its bed, and the bed arranged later (since 1.7.0).
                new ReferralTriaged(REFERRAL, UUID.randomUUID().toString(), 3, T, T.minusSeconds(600),
                        Pathway.BED_BASED, null, "staff-1234", "BED_ARRANGED", ReferralSource.ACUTE_HOSPITAL,
                        RequestedUrgency.ROUTINE, "LE11", "C82001", "county-and-rutland", BedType.REABLEMENT_BED,
                        T.minusSeconds(60)),
                new ReferralAllocated(REFERRAL, UUID.randomUUID().toString(), 1, "charnwood", T,
                        AllocationMethod.POSTCODE_DISTRICT, Pathway.URGENT_CRISIS_RESPONSE),
                new EpisodeClosed(REFERRAL, "charnwood", Pathway.HOME_FIRST_REABLEMENT, EpisodeOutcome.REMAINED_AT_HOME,
                        LocalDate.of(2026, 12, 4), T),
                new ReferralSentBack(REFERRAL, UUID.randomUUID().toString(), "charnwood", 1,
                        SendBackReason.WRONG_PATHWAY, T, "staff-1234", "county-and-rutland"),
                new ReferralSentBack(REFERRAL, UUID.randomUUID().toString(), "charnwood", 2,
                        SendBackReason.PATIENT_DECLINED, T, "staff-1234", null),
                new VisitRecorded(UUID.randomUUID().toString(), REFERRAL, "charnwood", T, T.plusSeconds(60),
                        VisitOutcome.ATTENDED),
                new VisitRecorded(UUID.randomUUID().toString(), REFERRAL, "charnwood", T, T.plusSeconds(60),
                        VisitOutcome.ATTENDED, ContactType.TELEPHONE, StaffRole.THERAPIST),
                new VisitVoided(UUID.randomUUID().toString(), REFERRAL, "charnwood", 1, T.plusSeconds(120),
                        VisitChangeReason.DID_NOT_TAKE_PLACE, null),
                new VisitVoided(UUID.randomUUID().toString(), REFERRAL, "charnwood", 2, T.plusSeconds(120),
                        VisitChangeReason.WRONG_REFERRAL, UUID.randomUUID().toString()),
                new VisitCorrected(UUID.randomUUID().toString(), REFERRAL, "charnwood", 1, T.plusSeconds(180),
                        VisitChangeReason.WRONG_REFERRAL, UUID.randomUUID().toString(), T, VisitOutcome.ATTENDED,
                        ContactType.IN_PERSON, StaffRole.NURSE),
                new ReferralStatusChanged(REFERRAL, 2, ReferralStatus.DECLINED, ReferralStatus.TRIAGED, T,
                        Pathway.NOT_ACCEPTED, null, "OUT_OF_AREA", null, "C82001", null),
                new ReferralStatusChanged(REFERRAL, 4, ReferralStatus.VISITED, ReferralStatus.ALLOCATED, T,
                        Pathway.HOME_FIRST_REABLEMENT, "charnwood", null, T, "RWE", null),
                new ReferralStatusChanged(REFERRAL, 5, ReferralStatus.CLOSED, ReferralStatus.VISITED, T,
                        Pathway.HOME_FIRST_REABLEMENT, "charnwood", EpisodeOutcome.REMAINED_AT_HOME.name(), T, "RWE",
                        java.time.LocalDate.of(2026, 11, 30)),
                new ReferralStatusChanged(REFERRAL, 4, ReferralStatus.SENT_BACK, ReferralStatus.ALLOCATED, T,
                        Pathway.HOME_FIRST_REABLEMENT, null, SendBackReason.OUTSIDE_AREA.name(), null, "C82001", null),
                new TargetAlertRaised(UUID.randomUUID().toString(), "charnwood", ResponseStandard.TWO_HOUR, "24h",
                        new java.math.BigDecimal("62.5"), new java.math.BigDecimal("70"), 5, 3, T),
                new TargetAlertResolved(UUID.randomUUID().toString(), "charnwood", ResponseStandard.TWO_HOUR, "24h",
                        new java.math.BigDecimal("80.0"), new java.math.BigDecimal("70"), 8, 2, T, T.plusSeconds(3600)),
                new ResponseAtRisk(REFERRAL, 1, "charnwood", ResponseStandard.TWO_HOUR, T, T.plusSeconds(7200),
                        java.time.Duration.ofMinutes(29), T.plusSeconds(5460)),
                new ResponseBreached(REFERRAL, 1, "charnwood", ResponseStandard.TWO_HOUR, T, T.plusSeconds(7200),
                        T.plusSeconds(7200)),
                new ResponseClockChanged(REFERRAL, 1, "charnwood", ResponseStandard.TWO_DAY, ResponseClockStatus.PENDING,
                        T, T.plusSeconds(172_800), T.plusSeconds(60)),
                new ResponseClockChanged(REFERRAL, 2, "UNALLOCATED", ResponseStandard.TWO_HOUR,
                        ResponseClockStatus.MET, T, T.plusSeconds(7200), T.plusSeconds(3600)));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void serializedEventConformsToItsSchema(Object event) throws Exception {
        JsonNode json = JSON.valueToTree(event);

        Set<ValidationMessage> errors = schemaOf(event.getClass()).validate(json);

        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void schemaRejectsAnEventMissingItsKey(Object event) throws Exception {
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(event);
        String key = json.has("referralId") ? "referralId" : "hubId";
        json.remove(key);

        assertThat(schemaOf(event.getClass()).validate(json))
                .extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains(key));
    }

    @Test
    void aStatusChangeCarriesCodesNeverFreeText() throws Exception {
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(new ReferralStatusChanged(REFERRAL,
                1, ReferralStatus.DECLINED, ReferralStatus.RECEIVED, T, Pathway.NOT_ACCEPTED, null, "OUT_OF_AREA", null,
                "C82001", null));
        json.put("reasonCode", "Lives in Nottingham, refer there");

        assertThat(schemaOf(ReferralStatusChanged.class).validate(json))
                .extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains("reasonCode"));
    }

    @Test
    void aClosureIsAStatusOfItsOwnWithEveryEpisodeOutcomeAsItsReasonAndADateAnOlderRecordMayLack() throws Exception {
        for (EpisodeOutcome outcome : EpisodeOutcome.values()) {
            var json = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(new ReferralStatusChanged(
                    REFERRAL, 3, ReferralStatus.CLOSED, ReferralStatus.ALLOCATED, T, Pathway.END_OF_LIFE, "charnwood",
                    outcome.name(), null, "C82001", java.time.LocalDate.of(2026, 11, 30)));
            assertThat(schemaOf(ReferralStatusChanged.class).validate(json)).as(outcome.name()).isEmpty();
            assertThat(json.get("outcomeDate").asText()).isEqualTo("2026-11-30");
        }
        var before = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(new ReferralStatusChanged(REFERRAL,
                1, ReferralStatus.TRIAGED, ReferralStatus.RECEIVED, T, Pathway.END_OF_LIFE, null, null, null, "C82001", null));
        before.remove("outcomeDate");
        assertThat(schemaOf(ReferralStatusChanged.class).validate(before)).as("a 1.5.0 record, without outcomeDate").isEmpty();
        before.put("outcomeDate", "30/11/2026");
        assertThat(schemaOf(ReferralStatusChanged.class).validate(before)).extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains("outcomeDate"));
    }

    @Test
    void aReferralSentBackIsAStatusOfItsOwnWithEverySendBackReasonAsItsCodeAndNoHub() throws Exception {
        for (SendBackReason reason : SendBackReason.values()) {
            var json = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(new ReferralStatusChanged(
                    REFERRAL, 3, ReferralStatus.SENT_BACK, ReferralStatus.ALLOCATED, T, Pathway.END_OF_LIFE, null,
                    reason.name(), null, "C82001", null));
            assertThat(schemaOf(ReferralStatusChanged.class).validate(json)).as(reason.name()).isEmpty();
            json.put("reasonCode", "the patient's daughter says no");
            assertThat(schemaOf(ReferralStatusChanged.class).validate(json)).as("a code, never words").isNotEmpty();
        }
    }

    @Test
    void aDischargePathwayIsZeroToThree() throws Exception {
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(
                new PatientDischarged(REFERRAL, UUID.randomUUID().toString(), T, 3, T));
        assertThat(schemaOf(PatientDischarged.class).validate(json)).isEmpty();
        json.put("dischargePathway", 4);

        assertThat(schemaOf(PatientDischarged.class).validate(json))
                .extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains("dischargePathway"));
    }

    @Test
    void aVisitRecordedAsSentBeforeContactTypeStillConformsAndOnlyKnownContactTypesDo() throws Exception {
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(new VisitRecorded(
                UUID.randomUUID().toString(), REFERRAL, "charnwood", T, T, VisitOutcome.ATTENDED));
        json.remove("contactType");
        json.remove("staffRole");
        assertThat(schemaOf(VisitRecorded.class).validate(json)).isEmpty();
        json.put("contactType", "LETTER");

        assertThat(schemaOf(VisitRecorded.class).validate(json))
                .extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains("contactType"));
    }

    @Test
    void anEpisodeClosesWithAKnownOutcomeAndADateOnly() throws Exception {
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(new EpisodeClosed(REFERRAL,
                "charnwood", Pathway.URGENT_CRISIS_RESPONSE, EpisodeOutcome.ADMITTED_TO_HOSPITAL,
                LocalDate.of(2026, 12, 4), T));
        assertThat(json.get("outcomeDate").asText()).isEqualTo("2026-12-04");
        assertThat(schemaOf(EpisodeClosed.class).validate(json)).isEmpty();
        json.put("outcome", "WENT_ON_HOLIDAY");
        json.put("outcomeDate", "2026-12-04T10:00:00Z");

        assertThat(schemaOf(EpisodeClosed.class).validate(json))
                .extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains("outcome"))
                .anySatisfy(message -> assertThat(message).contains("outcomeDate"));
    }

    @Test
    void onlyABedBasedDecisionHasABedAndOnlyAKnownBedType() throws Exception {
        ReferralTriaged bed = new ReferralTriaged(REFERRAL, UUID.randomUUID().toString(), 2, T, T.minusSeconds(600),
                Pathway.BED_BASED, null, "staff-1234", "CLINICAL_JUDGEMENT", ReferralSource.GP, RequestedUrgency.URGENT,
                "LE11", "C82001", "county-and-rutland", BedType.COMMUNITY_HOSPITAL_BED, null);
        JsonSchema schema = schemaOf(ReferralTriaged.class);
        assertThat(schema.validate(JSON.valueToTree(bed))).isEmpty();

        var unknownBed = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(bed);
        unknownBed.put("bedType", "CARE_HOME_BED");
        assertThat(schema.validate(unknownBed)).extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains("bedType"));

        var bedOnAnotherPathway = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(bed);
        bedOnAnotherPathway.put("pathway", "HOME_FIRST_REABLEMENT");
        assertThat(schema.validate(bedOnAnotherPathway)).extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains("bedType"));

        var arrangedNotATime = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(bed);
        arrangedNotATime.put("bedArrangedAt", "yesterday");
        assertThat(schema.validate(arrangedNotATime)).extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains("bedArrangedAt"));

        // A decision from before 1.7.0 has neither field: it still conforms.
        var older = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(bed);
        older.remove(List.of("bedType", "bedArrangedAt"));
        assertThat(schema.validate(older)).isEmpty();
    }

    @Test
    void aSendBackCarriesAKnownReasonCodeAndNoFreeText() throws Exception {
        ReferralSentBack sent = new ReferralSentBack(REFERRAL, UUID.randomUUID().toString(), "charnwood", 1,
                SendBackReason.OUTSIDE_AREA, T, "staff-1234", "city");
        JsonSchema schema = schemaOf(ReferralSentBack.class);
        assertThat(schema.validate(JSON.valueToTree(sent))).isEmpty();
        var unknown = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(sent);
        unknown.put("reasonCode", "TOO_BUSY");
        assertThat(schema.validate(unknown)).extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains("reasonCode"));
        var noHub = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(sent);
        noHub.remove("hubId");
        assertThat(schema.validate(noHub)).extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains("hubId"));
        assertThat(schemaJson(ReferralSentBack.class).get("properties").fieldNames()).toIterable()
                .as("the staff's words stay in hub-allocation-service").doesNotContain("reason", "reasonText", "text");
        assertThat(EventType.of(ReferralSentBack.TYPE)).contains(EventType.REFERRAL_SENT_BACK);
        assertThat(EventType.REFERRAL_SENT_BACK.topic()).isEqualTo(Topics.ALLOCATIONS);
    }

    @Test
    void onlyTheReferralsTopicCarriesPatientIdentifiers() throws Exception {
        Set<String> patientFields = Set.of("nhsNumber", "givenName", "familyName", "dateOfBirth", "postcode", "phone",
                "patient");
        for (Class<?> type : List.of(ReferralTriaged.class, ReferralAllocated.class, EpisodeClosed.class,
                ReferralSentBack.class, VisitRecorded.class,
                VisitVoided.class, VisitCorrected.class, ReferralStatusChanged.class,
                ReferralCancelled.class, PatientDischarged.class, DischargeDelayed.class, TargetAlertRaised.class, TargetAlertResolved.class, ResponseAtRisk.class,
                ResponseBreached.class, ResponseClockChanged.class)) {
            JsonNode properties = schemaJson(type).get("properties");
            assertThat(properties.fieldNames()).toIterable()
                    .as("%s must carry operational facts only", type.getSimpleName())
                    .doesNotContainAnyElementsOf(patientFields);
        }
    }

    @Test
    void everyEventTypeIsVersionedAndNamedAfterItsRecord() {
        for (EventType type : EventType.values()) {
            assertThat(type.ceType()).isEqualTo("uk.nhs.homefirst." + type.record().getSimpleName() + ".v1");
        }
    }

    @Test
    void theAsyncApiDocumentNamesEveryTopicAndEveryEventType() throws Exception {
        String asyncApi;
        try (InputStream in = EventSchemaTest.class.getResourceAsStream("/META-INF/resources/asyncapi.yaml")) {
            assertThat(in).isNotNull();
            asyncApi = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        for (String topic : List.of(Topics.REFERRALS, Topics.ASSESSMENTS, Topics.ALLOCATIONS, Topics.VISITS,
                Topics.TARGET_ALERTS, Topics.REFERRAL_STATUS, Topics.RESPONSE_CLOCKS)) {
            assertThat(asyncApi).contains("address: " + topic + "\n");
        }
        for (String type : List.of(ReferralReceived.TYPE, ReferralCancelled.TYPE, PatientDischarged.TYPE,
                DischargeDelayed.TYPE, ReferralTriaged.TYPE,
                ReferralAllocated.TYPE, EpisodeClosed.TYPE, ReferralSentBack.TYPE, VisitRecorded.TYPE, VisitVoided.TYPE, VisitCorrected.TYPE,
                ReferralStatusChanged.TYPE, TargetAlertRaised.TYPE, TargetAlertResolved.TYPE,
                ResponseAtRisk.TYPE, ResponseBreached.TYPE, ResponseClockChanged.TYPE)) {
            assertThat(asyncApi).contains("name: " + type + "\n");
            String schema = type.substring("uk.nhs.homefirst.".length());
            assertThat(asyncApi).contains("schemas/" + schema + ".json");
            assertThat(EventSchemaTest.class.getResource("/META-INF/resources/schemas/" + schema + ".json")).isNotNull();
        }
    }

    private static JsonSchema schemaOf(Class<?> type) throws Exception {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaJson(type), config);
    }

    private static JsonNode schemaJson(Class<?> type) throws Exception {
        String path = "/META-INF/resources/schemas/" + type.getSimpleName() + ".v1.json";
        try (InputStream in = EventSchemaTest.class.getResourceAsStream(path)) {
            assertThat(in).as("schema %s", path).isNotNull();
            return JSON.readTree(in);
        }
    }
}
