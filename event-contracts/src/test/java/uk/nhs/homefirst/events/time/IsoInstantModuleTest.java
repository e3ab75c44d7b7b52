package uk.nhs.homefirst.events.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A mapper with {@link IsoInstantModule} reads and writes instants as one without it does. */
class IsoInstantModuleTest {

    record Stamped(Instant at) {
    }

    private final ObjectMapper plain = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final ObjectMapper fast = plain.copy().registerModule(new IsoInstantModule());

    @ParameterizedTest
    @ValueSource(strings = { "{\"at\":\"2026-11-23T09:15:00.123456Z\"}", "{\"at\":\"2026-11-23T09:15:00Z\"}",
            "{\"at\":\"2026-11-23T10:15:00+01:00\"}", "{\"at\":1732353300.5}", "{\"at\":null}", "{\"at\":\" 2026-11-23T09:15:00Z \"}",
            "{\"at\":\"+10000-01-01T00:00:00Z\"}", "{}" })
    void readsAsJacksonDoes(String json) throws Exception {
        Stamped expected = plain.readValue(json, Stamped.class);
        assertThat(fast.readValue(json, Stamped.class)).isEqualTo(expected);
        assertThat(fast.writeValueAsString(expected)).isEqualTo(plain.writeValueAsString(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"at\":\"2026-02-30T00:00:00Z\"}", "{\"at\":\"yesterday\"}", "{\"at\":\"2026-11-23T09:15Z\"}" })
    void refusesAsJacksonDoes(String json) {
        Throwable expected = catchOf(() -> plain.readValue(json, Stamped.class));
        assertThat(expected).isInstanceOf(InvalidFormatException.class);
        assertThatThrownBy(() -> fast.readValue(json, Stamped.class)).isInstanceOf(InvalidFormatException.class)
                .hasMessage(expected.getMessage());
    }

    private static Throwable catchOf(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        try {
            call.call();
            return null;
        } catch (Throwable e) {
            return e;
        }
    }
}
