package uk.nhs.homefirst.triage.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.platform.problem.InvalidRequestException;
import uk.nhs.homefirst.platform.problem.Problem;

class QueueQueryTest {

    @Test
    void nothingAskedIsTheFirstPageOfEveryPathway() {
        assertThat(QueueQuery.parse(null, null, null, 50, 200)).isEqualTo(new QueueQuery(Optional.empty(), 0, 50));
    }

    @Test
    void aPathwayAPageAndASize() {
        assertThat(QueueQuery.parse("END_OF_LIFE", "3", "200", 50, 200))
                .isEqualTo(new QueueQuery(Optional.of(Pathway.END_OF_LIFE), 3, 200));
    }

    @Test
    void everyInvalidParameterIsNamed() {
        assertThatThrownBy(() -> QueueQuery.parse("HOSPITAL", "-1", "201", 50, 200))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(Problem.FieldError::field).containsExactly("pathway", "page", "size"));
        assertThatThrownBy(() -> QueueQuery.parse(null, "two", "0", 50, 200))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(Problem.FieldError::field).containsExactly("page", "size"));
    }

    @Test
    void aPageBeyondAnyQueueIsRefusedRatherThanOverflowing() {
        assertThatThrownBy(() -> QueueQuery.parse(null, String.valueOf(Integer.MAX_VALUE), "200", 50, 200))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(Problem.FieldError::field).containsExactly("page"));
    }
}
