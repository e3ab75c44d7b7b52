package uk.nhs.homefirst.platform.security;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the texts at a claim path from claims that quarkus-oidc has already verified: a claim,
 * then with {@code /} a field inside it; an array on the way is read element by element. The
 * first segment is looked up through {@code claim}, so that the same path reads a verified
 * token or a UserInfo document.
 */
final class ClaimPath {

    private ClaimPath() {
    }

    static List<String> read(String path, Function<String, Object> claim) {
        String[] segments = path.split("/");
        List<Object> values = new ArrayList<>();
        flatten(claim.apply(segments[0]), values);
        for (int i = 1; i < segments.length; i++) {
            List<Object> next = new ArrayList<>();
            for (Object value : values) {
                Object field = value instanceof JsonObject object ? object.get(segments[i])
                        : value instanceof Map<?, ?> map ? map.get(segments[i]) : null;
                flatten(field, next);
            }
            values = next;
        }
        List<String> texts = new ArrayList<>();
        for (Object value : values) {
            String text = text(value);
            if (text != null && !text.isBlank()) {
                texts.add(text);
            }
        }
        return texts;
    }

    private static void flatten(Object value, List<Object> into) {
        if (value == null || value == JsonValue.NULL) {
            return;
        }
        if (value instanceof JsonArray array) {
            array.forEach(element -> flatten(element, into));
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(element -> flatten(element, into));
        } else {
            into.add(value);
        }
    }

    private static String text(Object value) {
        if (value instanceof JsonString string) {
            return string.getString();
        }
        if (value instanceof JsonNumber number) {
            return number.toString();
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return null;
    }
}
