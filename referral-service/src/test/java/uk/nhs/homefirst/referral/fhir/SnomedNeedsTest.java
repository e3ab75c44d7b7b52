package uk.nhs.homefirst.referral.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.FHIR;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.json;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.stock;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.referral.intake.SnomedConceptId;

/** The SNOMED CT table: every row a real concept id with a named source, and what each maps to. */
class SnomedNeedsTest {

    private static final LocalDate TODAY = LocalDate.now();
    private static final FhirReferralReader READER = new FhirReferralReader(FHIR, new FhirStructureValidator(FHIR));

    static Stream<SnomedNeeds.Row> rows() {
        return SnomedNeeds.standard().rows().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyRowIsASnomedConceptIdWithAValidVerhoeffCheckDigit(SnomedNeeds.Row row) {
        assertThat(SnomedConceptId.problem(row.conceptId())).as(row.conceptId()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyRowNamesASourceTheTablesHeaderDescribes(SnomedNeeds.Row row) throws IOException {
        assertThat(sourcesInHeader()).contains(row.source());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aStockServiceRequestWithTheConceptMapsToItsNeed(SnomedNeeds.Row row) {
        FhirReferralReader.Outcome outcome = READER.read(json(stock("C82001", row.conceptId(), row.display()).contained()),
                TODAY);

        assertThat(outcome.issues()).isEmpty();
        assertThat(outcome.referral().clinicalNeeds()).containsExactly(row.need());
    }

    @Test
    void theTableCoversTheNeedsTheLlrPathwaysStartWith() {
        Set<ClinicalNeed> needs = rows().map(SnomedNeeds.Row::need).collect(Collectors.toSet());
        assertThat(needs).contains(ClinicalNeed.FALLS, ClinicalNeed.FRAILTY_DECOMPENSATION, ClinicalNeed.PALLIATIVE_CARE,
                ClinicalNeed.END_OF_LIFE_CARE, ClinicalNeed.DELIRIUM, ClinicalNeed.RESPIRATORY_EXACERBATION,
                ClinicalNeed.WOUND_CARE, ClinicalNeed.CATHETER_CARE);
    }

    @Test
    void aBadLineStopsTheTableLoadingRatherThanBeingSkipped() {
        String header = "concept_id,display,clinical_need,source";
        assertThatThrownBy(() -> SnomedNeeds.parse(List.of(header, "1912002,Fall,TUMBLES,falls")))
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> SnomedNeeds.parse(List.of(header, "1912002,Fall, with a comma,FALLS,falls")))
                .hasMessageContaining("four");
        assertThatThrownBy(() -> SnomedNeeds.parse(List.of("id,need", "1912002,FALLS"))).hasMessageContaining("header");
        assertThat(SnomedNeeds.parse(List.of("# note", header, "1912002,Fall,FALLS,falls")))
                .containsExactly(new SnomedNeeds.Row("1912002", "Fall", ClinicalNeed.FALLS, "falls"));
    }

    /** The source keys the header comment defines, as "#   key = where". */
    private static Set<String> sourcesInHeader() throws IOException {
        try (InputStream in = SnomedNeeds.class.getClassLoader().getResourceAsStream(SnomedNeeds.RESOURCE)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("(?m)^#\\s+([a-z-]+)\\s*=\\s*\\S").matcher(text);
            Set<String> keys = new HashSet<>();
            while (m.find()) {
                keys.add(m.group(1));
            }
            return keys;
        }
    }
}
