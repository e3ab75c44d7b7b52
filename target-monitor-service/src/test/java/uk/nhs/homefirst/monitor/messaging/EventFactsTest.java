package uk.nhs.homefirst.monitor.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.ReferrerRole;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.platform.inbox.PoisonRecordException;

/** The monitor reads what it needs from the event contract's own records, as the producers write them. */
class EventFactsTest {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final Instant T = Instant.parse("2026-11-23T08:00:00.123456Z");

    final EventFacts facts = new EventFacts(JSON);

    @Test
    void aReceiptGivesTheClockStartAndNothingOfThePatient() throws Exception {
        ReferralReceived received = new ReferralReceived("r1", T, T.plusSeconds(5), T, ReferralSource.GP, "EMIS", "X1",
                RequestedUrgency.CRISIS, List.of(ClinicalNeed.FALLS), new ReferralReceived.Reason("Fall", "217082002"),
                new ReferralReceived.Patient("9990000018", "Mary", "Shelley", LocalDate.of(1950, 5, 17), "LE11 3TU",
                        "LE11", "C82001", "0116 496 0000"),
                new ReferralReceived.Referrer("C82001", ReferrerRole.GP, "Dr A Patel"));

        assertThat(read(Topics.REFERRALS, "r1", ReferralReceived.TYPE, JSON.writeValueAsBytes(received)))
                .contains(new Fact.Received("r1", T));
    }

    @Test
    void eachOtherEventGivesItsFact() throws Exception {
        assertThat(read(Topics.ASSESSMENTS, "r1", ReferralTriaged.TYPE, JSON.writeValueAsBytes(new ReferralTriaged("r1",
                "d1", 2, T.plusSeconds(60), T, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "rules",
                "R1", ReferralSource.GP, RequestedUrgency.CRISIS, "LE11", "C82001"))))
                .contains(new Fact.Decided("r1", 2, T.plusSeconds(60), T, ResponseStandard.TWO_HOUR));
        assertThat(read(Topics.ALLOCATIONS, "r1", ReferralAllocated.TYPE, JSON.writeValueAsBytes(new ReferralAllocated(
                "r1", "a1", 1, "charnwood-nwl", T.plusSeconds(120), AllocationMethod.POSTCODE_DISTRICT,
                Pathway.URGENT_CRISIS_RESPONSE))))
                .contains(new Fact.Allocated("r1", 1, T.plusSeconds(120), "charnwood-nwl", AllocationMethod.POSTCODE_DISTRICT));
        assertThat(read(Topics.VISITS, "r1", VisitRecorded.TYPE, JSON.writeValueAsBytes(new VisitRecorded("v1", "r1",
                "charnwood-nwl", T.plusSeconds(3600), T.plusSeconds(3700), VisitOutcome.ATTENDED))))
                .contains(new Fact.Visited("r1", "v1", T.plusSeconds(3600), VisitOutcome.ATTENDED));
        assertThat(read(Topics.REFERRALS, "r1", ReferralCancelled.TYPE, JSON.writeValueAsBytes(new ReferralCancelled("r1",
                T.plusSeconds(30), CancellationReason.PATIENT_ADMITTED, null))))
                .contains(new Fact.Cancelled("r1", T.plusSeconds(30)));
    }

    @Test
    void aDecisionWithoutAStandardIsAFactToo() throws Exception {
        assertThat(read(Topics.ASSESSMENTS, "r1", ReferralTriaged.TYPE, JSON.writeValueAsBytes(new ReferralTriaged("r1",
                "d1", 1, T, T, Pathway.NEIGHBOURHOOD_NURSING, null, "rules", "R9", ReferralSource.GP,
                RequestedUrgency.ROUTINE, "LE11", "C82001"))))
                .contains(new Fact.Decided("r1", 1, T, T, null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "uk.nhs.homefirst.VisitRecorded.v1 | {not json | the data is not valid JSON",
            "uk.nhs.homefirst.VisitRecorded.v1 | `   ` | the record has no data",
            "uk.nhs.homefirst.VisitRecorded.v1 | null | the data is JSON null",
            "uk.nhs.homefirst.VisitRecorded.v1 | {\"referralId\":\"r1\",\"visitId\":\"v1\",\"outcome\":\"ATTENDED\"} | field 'visitedAt' is missing",
            "uk.nhs.homefirst.VisitRecorded.v1 | {\"referralId\":\"r1\",\"visitId\":\"v1\",\"visitedAt\":\"yesterday\"} | at field 'visitedAt'",
            "uk.nhs.homefirst.VisitRecorded.v1 | {\"referralId\":\"r1\",\"visitId\":\"v1\",\"visitedAt\":\"2026-11-23T08:00:00Z\",\"outcome\":\"LOST\"} | at field 'outcome'",
            "uk.nhs.homefirst.ReferralTriaged.v1 | {\"referralId\":\"r1\",\"decidedAt\":\"2026-11-23T08:00:00Z\",\"receivedAt\":\"2026-11-23T08:00:00Z\"} | 'decisionNumber' must be 1 or more",
            "uk.nhs.homefirst.ReferralAllocated.v1 | {\"referralId\":\"r1\",\"allocationNumber\":1,\"allocatedAt\":\"2026-11-23T08:00:00Z\",\"method\":\"POSTCODE_DISTRICT\"} | field 'hubId' is missing",
            "uk.nhs.homefirst.Unknown.v1 | {} | unknown event type 'uk.nhs.homefirst.Unknown.v1'" })
    void anUnreadableEventIsPoisonWithAReasonThatNamesNoValue(String type, String data, String reason) {
        assertThatThrownBy(() -> read(Topics.VISITS, "r1", type, data.getBytes(UTF_8)))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining(reason);
    }

    @Test
    void aRecordWithoutTheCloudEventAttributesIsPoison() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.VISITS, 0, 0, "r1", "{}".getBytes(UTF_8));
        record.headers().add(CloudEventHeaders.TYPE, VisitRecorded.TYPE.getBytes(UTF_8));
        assertThatThrownBy(() -> facts.from(record)).isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining(CloudEventHeaders.ID);

        ConsumerRecord<String, byte[]> badTime = record(Topics.VISITS, "r1", VisitRecorded.TYPE, "{}".getBytes(UTF_8));
        badTime.headers().add(CloudEventHeaders.TIME, "23/11/2026".getBytes(UTF_8));
        assertThatThrownBy(() -> facts.from(badTime)).isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining(CloudEventHeaders.TIME);
    }

    Optional<Fact> read(String topic, String key, String type, byte[] data) {
        return facts.from(record(topic, key, type, data));
    }

    static ConsumerRecord<String, byte[]> record(String topic, String key, String type, byte[] data) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(topic, 0, 0, key, data);
        record.headers().add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(UTF_8));
        record.headers().add(CloudEventHeaders.ID, "e1".getBytes(UTF_8));
        record.headers().add(CloudEventHeaders.TYPE, type.getBytes(UTF_8));
        record.headers().add(CloudEventHeaders.SOURCE, "/test".getBytes(UTF_8));
        record.headers().add(CloudEventHeaders.TIME, T.toString().getBytes(UTF_8));
        return record;
    }
}
