package uk.nhs.homefirst.events.time;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Instants as ISO-8601 text through {@link IsoInstant}, for an {@code ObjectMapper} that reads or
 * writes millions of them (a consumer replaying its topics). Register it after Jackson's
 * {@code JavaTimeModule}, on a mapper that writes dates as text (Quarkus's default). Text outside
 * the common form, and any other JSON token, goes to Jackson's own {@link InstantDeserializer}, so
 * what is accepted and every error message stay as they were.
 */
public final class IsoInstantModule extends SimpleModule {

    public IsoInstantModule() {
        super("IsoInstantModule");
        addSerializer(Instant.class, new Writer());
        addDeserializer(Instant.class, new Reader());
    }

    private static final class Writer extends StdScalarSerializer<Instant> {

        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(IsoInstant.format(value));
        }
    }

    private static final class Reader extends StdScalarDeserializer<Instant> {

        Reader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser in, DeserializationContext context) throws IOException {
            if (in.hasToken(JsonToken.VALUE_STRING)) {
                Instant instant = IsoInstant.parseCommonForm(in.getText());
                if (instant != null) {
                    return instant;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(in, context);
        }
    }
}
