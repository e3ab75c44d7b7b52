package uk.nhs.homefirst.harness.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's demo realm, {@code deploy/identity/homefirst-realm.json}, with its placeholders
 * filled. Keycloak fills {@code ${NAME}} and {@code ${NAME:default}} from the environment when it
 * imports the file itself (compose, Kubernetes); the local stack posts it through the admin API,
 * so the same placeholders are filled here, from the values given.
 */
public final class RealmTemplate {

    public static final String REALM = "homefirst";
    /** The audience of every token the services accept, set by the realm's {@code home-first} client scope. */
    public static final String AUDIENCE = "home-first";
    public static final String DASHBOARD_CLIENT = "home-first-dashboard";
    public static final String CLI_CLIENT = "home-first-cli";
    public static final String DEMO_REFERRER_CLIENT = "demo-referrer-system";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::([^}]*))?}");

    private RealmTemplate() {
    }

    /** The realm JSON with each placeholder replaced by its value, or its default; an unknown one without a default fails. */
    public static String fill(Map<String, String> values) {
        String template = read();
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String value = values.getOrDefault(matcher.group(1), matcher.group(2));
            if (value == null) {
                throw new IllegalArgumentException("The realm needs a value for ${" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(filled).toString();
    }

    private static String read() {
        try (InputStream in = RealmTemplate.class.getResourceAsStream("/identity/homefirst-realm.json")) {
            if (in == null) {
                throw new IllegalStateException("identity/homefirst-realm.json is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
