package uk.nhs.homefirst.triage.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.platform.problem.InvalidRequestException;
import uk.nhs.homefirst.platform.problem.Problem;

class QueueQueryTest {

    private static final Set<String> LDUS = Set.of("city", "county-and-rutland");

    @Test
    void nothingAskedIsTheFirstPageOfEveryPathway() {
        assertThat(QueueQuery.parse(null, null, null, null, 50, 200, LDUS))
                .isEqualTo(new QueueQuery(Optional.empty(), Optional.empty(), 0, 50));
    }

    @Test
    void aPathwayAnLduAPageAndASize() {
        assertThat(QueueQuery.parse("END_OF_LIFE", " city ", "3", "200", 50, 200, LDUS))
                .isEqualTo(new QueueQuery(Optional.of(Pathway.END_OF_LIFE), Optional.of("city"), 3, 200));
    }

    @Test
    void everyInvalidParameterIsNamed() {
        assertThatThrownBy(() -> QueueQuery.parse("HOSPITAL", "rutland", "-1", "201", 50, 200, LDUS))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(Problem.FieldError::field).containsExactly("pathway", "ldu", "page", "size"));
        assertThatThrownBy(() -> QueueQuery.parse(null, null, "two", "0", 50, 200, LDUS))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(Problem.FieldError::field).containsExactly("page", "size"));
    }

    @Test
    void aPageBeyondAnyQueueIsRefusedRatherThanOverflowing() {
        assertThatThrownBy(() -> QueueQuery.parse(null, null, String.valueOf(Integer.MAX_VALUE), "200", 50, 200, LDUS))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(Problem.FieldError::field).containsExactly("page"));
    }
}
