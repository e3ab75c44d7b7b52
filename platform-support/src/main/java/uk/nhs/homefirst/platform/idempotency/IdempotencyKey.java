package uk.nhs.homefirst.platform.idempotency;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import uk.nhs.homefirst.platform.problem.Violations;

/**
 * The value of an {@code Idempotency-Key} request header (IETF httpapi draft "The Idempotency-Key
 * HTTP Header Field"). The draft makes it a Structured Field string, quoted, such as
 * {@code "8e03978e-40d5-43e8-bc93-6894a57f9324"}; many clients send it bare, and both are taken.
 * A key is 1 to 255 characters of letters, digits and {@code - _ . : ~ + / =}: enough for a UUID, a
 * ULID or a base64 token, and nothing that could be mistaken for a list or a parameter.
 */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:~+/=-]{1,255}");

    /**
     * Empty when there is no header.
     *
     * @throws IllegalArgumentException when there is one and it is not a key
     */
    public static Optional<IdempotencyKey> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        if (!KEY.matcher(value).matches()) {
            throw new IllegalArgumentException("not an idempotency key");
        }
        return Optional.of(new IdempotencyKey(value));
    }

    /**
     * The key of a request's {@code Idempotency-Key} header values, empty when there are none; more
     * than one header, or one that is not a key, is a violation named after the header.
     */
    public static Optional<IdempotencyKey> fromHeader(List<String> values, Violations violations) {
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (values.size() > 1) {
                throw new IllegalArgumentException("more than one");
            }
            return parse(values.get(0));
        } catch (IllegalArgumentException e) {
            violations.add(HEADER, "must be one header holding a key of 1 to 255 letters, digits and "
                    + "- _ . : ~ + / =, optionally in double quotes, such as a UUID");
            return Optional.empty();
        }
    }
}
