package uk.nhs.homefirst.referral.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import uk.nhs.homefirst.events.time.IsoInstantModule;

/**
 * The JSON of every referral, read once and written twice (the answer and its event), without the
 * general-purpose paths that the benchmark's profile found in it: instants written and read through
 * {@link IsoInstantModule} rather than a {@code DateTimeFormatter}, and the accessors of the
 * requests, views and events called through Blackbird's generated lambdas rather than by
 * reflection. Neither changes a byte of what is read or written.
 */
@Singleton
public class JsonSpeed implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new BlackbirdModule());
        mapper.registerModule(new IsoInstantModule());
    }

    @Override
    public int priority() {
        // After Quarkus's own modules (JavaTimeModule among them), so that IsoInstantModule wins for Instant.
        return MINIMUM_PRIORITY;
    }
}
