package uk.nhs.homefirst.events.read;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Format;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.EventType;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.time.IsoInstant;

/**
 * The one way to read a record of the platform's topics. It checks the record once, in this order,
 * and stops at the first header that fails:
 * <ol>
 * <li>the CloudEvent headers of binary mode, each present once and well-formed: {@code ce_specversion}
 * 1.0, {@code ce_id} a UUID, {@code ce_type} a type and version of the contract that travels on this
 * topic, {@code ce_source}, {@code ce_time} an RFC 3339 time, {@code content-type} (if any) JSON;</li>
 * <li>the key: a referral id (a UUID), or a hub id on target-alerts; and {@code ce_subject} equal to it;</li>
 * <li>the data: JSON, one object without repeated fields, conforming to the type's published schema
 * (every failing field is named), and its referral id (or hub id) equal to the key.</li>
 * </ol>
 * The answer is a typed {@link Reading.Event}, or a {@link Reading.Poison} whose reason names the
 * header or field and the rule, never a value: records on referrals carry patient data, and reasons
 * are logged and dead-lettered. Every service reads with the same instance of the same rules, so
 * that every service judges a record the same way. Thread-safe.
 */
public final class EventReader {

    /** The canonical form of a UUID, as {@link java.util.UUID#toString()} writes it. */
    public static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** A hub id, such as {@code charnwood-nwl}, as the schemas define it. */
    public static final Pattern HUB_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final Pattern CE_TYPE_FORM =
            Pattern.compile(Pattern.quote(EventType.PREFIX) + "([A-Za-z]{1,64})\\.v([0-9]{1,4})");
    private static final int MAX_SOURCE_LENGTH = 256;
    private static final int MAX_FIELDS_IN_REASON = 5;
    private static final Set<String> CHECKED_HEADERS = Set.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.ID,
            CloudEventHeaders.TYPE, CloudEventHeaders.SOURCE, CloudEventHeaders.TIME, CloudEventHeaders.SUBJECT,
            CloudEventHeaders.CONTENT_TYPE);

    private static final EventReader CONTRACT = new EventReader();

    private final ObjectMapper json;
    private final Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);
    /** Each type's reader, made once: binding through the mapper looked its type and deserializer up per record. */
    private final Map<EventType, ObjectReader> readers = new EnumMap<>(EventType.class);

    private EventReader() {
        this.json = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                // One object, each field once: a repeated field would be read one way here and another elsewhere.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // The schemas allow fields they do not name, so that a producer may add one without a new version.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addModule(new SimpleModule("iso-instants").addDeserializer(Instant.class,
                        new UtcInstants(InstantDeserializer.INSTANT)))
                .build();
        // The formats the schemas use, with the platform's own forms checked by hand first (a regex or a
        // general parser per field was a tenth of a read); anything else is the library's to judge.
        JsonMetaSchema meta = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                .formats(formats -> {
                    formats.computeIfPresent("uuid", (name, library) -> new Shortcut(library, EventReader::isUuid));
                    formats.computeIfPresent("date", (name, library) -> new Shortcut(library, EventReader::isCommonDate));
                    formats.computeIfPresent("date-time", (name, library) -> new Shortcut(library,
                            EventReader::isCommonDateTime));
                })
                .build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.metaSchema(meta));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .locale(Locale.ENGLISH)
                .build();
        for (EventType type : EventType.values()) {
            schemas.put(type, factory.getSchema(schema(type), config));
            readers.put(type, json.readerFor(type.record()));
        }
    }

    /** The reader of this contract. */
    public static EventReader contract() {
        return CONTRACT;
    }

    /** The published JSON Schema of an event type, as served at {@code /schemas/<name>.json}. */
    public JsonNode schema(EventType type) {
        String path = "/META-INF/resources/schemas/" + type.schemaName() + ".json";
        try (InputStream in = EventReader.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("The contract has no schema " + path);
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the schema " + path, e);
        }
    }

    /** Reads a consumed record whose value is text or bytes. */
    public Reading read(ConsumerRecord<String, ?> record) {
        Object value = record.value();
        byte[] data = value == null ? null
                : value instanceof byte[] bytes ? bytes : value.toString().getBytes(StandardCharsets.UTF_8);
        return read(new Reading.Origin(record.topic(), record.partition(), record.offset()), record.key(),
                record.headers(), data);
    }

    /** Reads a record given by its parts, as a Kafka Streams processor has them. */
    public Reading read(Reading.Origin origin, String key, Headers headers, byte[] value) {
        Judgement judgement = new Judgement(origin);
        try {
            return judgement.read(key, headers, value);
        } catch (Refusal refusal) {
            return new Reading.Poison(origin, refusal.getMessage(), judgement.eventId, judgement.type, judgement.key);
        }
    }

    /** One record being read; it keeps what was found well-formed, for the poison verdict. */
    private final class Judgement {
        private final Reading.Origin origin;
        private String eventId;
        private EventType type;
        private String key;

        Judgement(Reading.Origin origin) {
            this.origin = origin;
        }

        Reading.Event read(String recordKey, Headers headers, byte[] value) {
            // What is well-formed is kept for a dead letter whichever check fails: it helps find the record.
            key = wellFormedKey(recordKey) ? recordKey : null;
            Map<String, String> ce = headers(headers);
            String ceId = ce.get(CloudEventHeaders.ID);
            eventId = ceId != null && isUuid(ceId) ? ceId : null;
            String specVersion = required(ce, CloudEventHeaders.SPEC_VERSION);
            if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specVersion)) {
                throw new Refusal("header " + CloudEventHeaders.SPEC_VERSION + " is not 1.0");
            }
            String id = required(ce, CloudEventHeaders.ID);
            if (eventId == null) {
                throw new Refusal("header " + CloudEventHeaders.ID + " is not a UUID in lower case");
            }
            type = type(required(ce, CloudEventHeaders.TYPE));
            String source = required(ce, CloudEventHeaders.SOURCE);
            if (source.length() > MAX_SOURCE_LENGTH) {
                throw new Refusal("header " + CloudEventHeaders.SOURCE + " is longer than " + MAX_SOURCE_LENGTH
                        + " characters");
            }
            Instant time = time(required(ce, CloudEventHeaders.TIME));
            String contentType = ce.get(CloudEventHeaders.CONTENT_TYPE);
            if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith(CloudEventHeaders.JSON)) {
                throw new Refusal("header " + CloudEventHeaders.CONTENT_TYPE + " is not " + CloudEventHeaders.JSON);
            }
            key(recordKey);
            if (!key.equals(required(ce, CloudEventHeaders.SUBJECT))) {
                throw new Refusal("header " + CloudEventHeaders.SUBJECT + " is not the record key");
            }
            JsonNode data = data(value);
            return new Reading.Event(origin, id, type, source, time, key, typed(data));
        }

        private Map<String, String> headers(Headers headers) {
            Map<String, String> found = new HashMap<>();
            if (headers == null) {
                return found;
            }
            for (Header header : headers) {
                String name = header.key();
                if (!CHECKED_HEADERS.contains(name)) {
                    continue;
                }
                if (found.containsKey(name)) {
                    throw new Refusal("header " + name + " appears more than once");
                }
                found.put(name, text(name, header.value()));
            }
            return found;
        }

        private EventType type(String ceType) {
            EventType known = EventType.of(ceType).orElse(null);
            if (known == null) {
                Matcher form = CE_TYPE_FORM.matcher(ceType);
                if (form.matches() && EventType.isEventName(form.group(1))) {
                    // Name and version are the contract's own words and digits, so they may be repeated.
                    throw new Refusal("header " + CloudEventHeaders.TYPE + " is version " + form.group(2) + " of "
                            + form.group(1) + ", which the contract does not have");
                }
                throw new Refusal("header " + CloudEventHeaders.TYPE + " is not an event type of the contract");
            }
            if (!known.topic().equals(origin.topic())) {
                throw new Refusal("header " + CloudEventHeaders.TYPE + " is " + known.eventName()
                        + ", which is not an event of the " + origin.topic() + " topic");
            }
            return known;
        }

        private void key(String recordKey) {
            if (recordKey == null) {
                throw new Refusal("the record has no key");
            }
            if (!wellFormedKey(recordKey)) {
                throw new Refusal(Topics.isKeyedByHub(origin.topic()) ? "the record key is not a hub id"
                        : "the record key is not a referral id (a UUID in lower case)");
            }
        }

        private boolean wellFormedKey(String recordKey) {
            return recordKey != null && (Topics.isKeyedByHub(origin.topic()) ? isHubId(recordKey) : isUuid(recordKey));
        }

        private JsonNode data(byte[] value) {
            if (value == null || isBlank(value)) {
                throw new Refusal("the record has no data");
            }
            JsonNode data;
            try {
                data = json.readTree(value);
            } catch (JsonProcessingException e) {
                // Jackson's own message quotes the text it met: only the place is repeated.
                JsonLocation at = e.getLocation();
                String repeated = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                        ? "a field appears more than once, " : "";
                throw new Refusal("the data is not valid JSON (" + repeated
                        + (at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr()) + ")");
            } catch (IOException e) {
                throw new Refusal("the data could not be read (" + e.getClass().getSimpleName() + ")");
            }
            if (data == null || !data.isObject()) {
                throw new Refusal("the data is not a JSON object");
            }
            Set<ValidationMessage> errors = schemas.get(type).validate(data);
            if (!errors.isEmpty()) {
                throw new Refusal(type.eventName() + " does not conform to its schema: " + describe(errors));
            }
            if (!key.equals(data.path(type.keyField()).asText())) {
                throw new Refusal(type.eventName() + " field '" + type.keyField() + "' is not the record key");
            }
            return data;
        }

        private Object typed(JsonNode data) {
            try {
                return readers.get(type).readValue(data);
            } catch (JsonMappingException e) {
                throw new Refusal(type.eventName() + " field '" + path(e) + "' cannot be read as "
                        + type.eventName() + " reads it");
            } catch (IOException e) {
                throw new Refusal("the data could not be read as " + type.eventName());
            }
        }
    }

    private static String required(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            throw new Refusal("header " + name + " is missing");
        }
        return value;
    }

    private static Instant time(String text) {
        Instant utc = IsoInstant.parseCommonForm(text);
        if (utc != null) {
            return utc;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new Refusal("header " + CloudEventHeaders.TIME + " is not an RFC 3339 time");
        }
    }

    private static String text(String name, byte[] value) {
        if (value == null) {
            return null;
        }
        if (isAscii(value)) {
            return new String(value, StandardCharsets.US_ASCII); // every header the platform writes: no decoder needed
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw new Refusal("header " + name + " is not UTF-8 text");
        }
    }

    /** Each failing field once, with the rule it breaks, in a stable order, at most a few. */
    private static String describe(Set<ValidationMessage> errors) {
        Set<String> reasons = new TreeSet<>();
        for (ValidationMessage error : errors) {
            String field = field(error.getInstanceLocation());
            if ("required".equals(error.getType()) && error.getProperty() != null) {
                field = field.isEmpty() ? error.getProperty() : field + "." + error.getProperty();
            }
            reasons.add("field '" + field + "' " + rule(error.getType()));
        }
        StringBuilder reason = new StringBuilder();
        int shown = 0;
        for (String each : reasons) {
            if (shown == MAX_FIELDS_IN_REASON) {
                reason.append("; and ").append(reasons.size() - shown).append(" more");
                break;
            }
            reason.append(shown++ == 0 ? "" : "; ").append(each);
        }
        return reason.toString();
    }

    /** The rule a schema keyword states, in words that repeat no value. */
    private static String rule(String keyword) {
        return switch (keyword == null ? "" : keyword) {
            case "required" -> "is missing";
            case "type" -> "is of the wrong type";
            case "pattern" -> "does not match its pattern";
            case "format" -> "is not in its format";
            case "enum", "const" -> "is not one of its allowed values";
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> "is out of its range";
            case "minLength" -> "is too short";
            case "maxLength" -> "is too long";
            case "minItems" -> "has too few items";
            case "maxItems" -> "has too many items";
            case "uniqueItems" -> "repeats an item";
            default -> "breaks the schema's " + keyword + " rule";
        };
    }

    private static String field(JsonNodePath path) {
        StringBuilder field = new StringBuilder();
        for (int i = 0; path != null && i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                field.append('[').append(index).append(']');
            } else if (!"$".equals(element)) {
                field.append(field.length() == 0 ? "" : ".").append(element);
            }
        }
        return field.toString();
    }

    private static String path(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                field.append(field.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** {@link #UUID_FORM}, checked by hand: a regex per key and id was a tenth of a read. */
    static boolean isUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@link #HUB_ID}, checked by hand. */
    static boolean isHubId(String text) {
        if (text.isEmpty() || text.length() > 64) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** {@code yyyy-MM-dd}, a day of the calendar: what the "date" format accepts, in the platform's one form. */
    static boolean isCommonDate(String text) {
        if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return false;
        }
        int year = IsoInstant.number(text, 0, 4);
        int month = IsoInstant.number(text, 5, 7);
        int day = IsoInstant.number(text, 8, 10);
        return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= YearMonth.of(year, month).lengthOfMonth();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} in range, in capitals: what the "date-time" format accepts, in the platform's one form. */
    static boolean isCommonDateTime(String text) {
        return IsoInstant.parseCommonForm(text) != null && text.charAt(0) != '0' && text.indexOf('t') < 0
                && text.indexOf('z') < 0;
    }

    /**
     * A format of the library with a shortcut: a value the shortcut accepts is one the library's format
     * accepts too (ShortcutsTest), so only the others are handed to it, and verdicts and messages do not change.
     */
    private static final class Shortcut implements Format {
        private final Format library;
        private final Predicate<String> accepts;

        Shortcut(Format library, Predicate<String> accepts) {
            this.library = library;
            this.accepts = accepts;
        }

        @Override
        public String getName() {
            return library.getName();
        }

        @Override
        public String getMessageKey() {
            return library.getMessageKey();
        }

        @Override
        public String getErrorMessageDescription() {
            return library.getErrorMessageDescription();
        }

        @Override
        public boolean matches(ExecutionContext context, String value) {
            return accepts.test(value) || library.matches(context, value);
        }
    }

    private static boolean isAscii(byte[] value) {
        for (byte b : value) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Jackson's reading of an {@link Instant}, with the platform's one form read by hand first
     * ({@link IsoInstant}); any other text, number or token is Jackson's, so verdicts do not change.
     */
    private static final class UtcInstants extends StdScalarDeserializer<Instant> implements ContextualDeserializer {
        private final JsonDeserializer<?> jackson;

        UtcInstants(JsonDeserializer<?> jackson) {
            super(Instant.class);
            this.jackson = jackson;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            return jackson instanceof ContextualDeserializer contextual
                    ? new UtcInstants(contextual.createContextual(context, property)) : this;
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant utc = IsoInstant.parseCommonForm(parser.getText());
                if (utc != null) {
                    return utc;
                }
            }
            return (Instant) jackson.deserialize(parser, context);
        }
    }

    private static boolean isBlank(byte[] data) {
        for (byte b : data) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** A check that failed: its message is the poison reason. Cheap: no stack trace. */
    private static final class Refusal extends RuntimeException {
        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }
}
