package uk.nhs.homefirst.harness;

import java.util.concurrent.ThreadLocalRandom;

/** Patients that cannot be real, for tests, benchmarks and the fault suite. */
public final class TestPatients {

    private TestPatients() {
    }

    /** A random NHS number of the 999 test range, with a valid modulus-11 check digit. */
    public static String nhsNumber() {
        while (true) {
            String first9 = String.valueOf(999_000_000 + ThreadLocalRandom.current().nextInt(1_000_000));
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (first9.charAt(i) - '0') * (10 - i);
            }
            int check = (11 - sum % 11) % 11;
            if (check != 10) {
                return first9 + check;
            }
        }
    }
}
