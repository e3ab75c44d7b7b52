package uk.nhs.homefirst.referral.status;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The words a referrer reads for the reason code an LDU recorded when it declined a referral, kept as
 * data in {@code status/decline-reasons.psv}. The LDU records codes, never free text, so that no
 * patient detail travels on the topics; the words live here, on the referrer's API only.
 */
public final class DeclineReasons {

    static final String RESOURCE = "/status/decline-reasons.psv";
    static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,63}");
    /** A code the table does not list yet: still something the referrer can act on. */
    static final String UNLISTED = "The LDU declined this referral. Call the LDU to discuss the decision, quoting the "
            + "reason code.";

    private static final Map<String, String> WORDS = read();

    private DeclineReasons() {
    }

    /** What the referrer reads for a decline with this reason code. */
    public static String words(String code) {
        return code == null ? UNLISTED : WORDS.getOrDefault(code, UNLISTED);
    }

    public static boolean listed(String code) {
        return code != null && WORDS.containsKey(code);
    }

    static Map<String, String> all() {
        return WORDS;
    }

    private static Map<String, String> read() {
        Map<String, String> words = new LinkedHashMap<>();
        try (InputStream in = DeclineReasons.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = lines.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] row = line.split("\\|", -1);
                if (row.length != 2 || !CODE.matcher(row[0]).matches() || row[1].isBlank()
                        || words.putIfAbsent(row[0], row[1].strip()) != null) {
                    throw new IllegalStateException(RESOURCE + " line " + n + " is not 'CODE|words' with a new code");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(words);
    }
}
