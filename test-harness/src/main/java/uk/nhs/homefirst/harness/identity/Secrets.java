package uk.nhs.homefirst.harness.identity;

import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets for the local stack's clients and administrator, made at each start, never kept in the repository. */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
