package uk.nhs.homefirst.referral.intake;

import java.util.regex.Pattern;

/**
 * A telephone number as people write them: a UK number in national form (0116 496 0000,
 * 07700 900123) or international form (+44 116 496 0000, +44 (0)116 496 0000), or an international
 * number of another country in E.164 form (+353 1 234 5678). Spaces, hyphens, dots and brackets
 * are layout and are ignored.
 */
public final class PhoneNumber {

    private static final Pattern LAYOUT = Pattern.compile("[\\s().-]");
    private static final Pattern TYPED = Pattern.compile("\\+?[0-9 ().-]+");
    private static final Pattern UK_NATIONAL = Pattern.compile("0[1-9][0-9]{8,9}");
    private static final Pattern UK_INTERNATIONAL = Pattern.compile("\\+44[1-9][0-9]{8,9}");
    private static final Pattern OTHER_INTERNATIONAL = Pattern.compile("\\+(?!44)[1-9][0-9]{6,14}");

    private PhoneNumber() {
    }

    public static boolean isValid(String typed) {
        if (typed == null || typed.length() > 30 || !TYPED.matcher(typed).matches()) {
            return false;
        }
        // "+44 (0)116 ..." : the bracketed trunk zero is not dialled from abroad.
        String compact = typed.strip().replace("(0)", "");
        compact = LAYOUT.matcher(compact).replaceAll("");
        return UK_NATIONAL.matcher(compact).matches() || UK_INTERNATIONAL.matcher(compact).matches()
                || OTHER_INTERNATIONAL.matcher(compact).matches();
    }
}
