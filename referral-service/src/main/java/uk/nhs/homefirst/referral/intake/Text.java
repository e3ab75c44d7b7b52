package uk.nhs.homefirst.referral.intake;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * The rules for text a referrer types: names, free text and identifiers. Text is kept in Unicode
 * normalisation form C, so that "Zoë" typed with a combining diaeresis and "Zoë" typed with the
 * precomposed letter are the same name, and lengths count what a person sees.
 *
 * <p>Refused everywhere: control characters (free text may keep line breaks and tabs), unpaired
 * surrogates, and invisible format characters such as bidirectional overrides, which can make text
 * read differently from what it is. The zero-width joiner and non-joiner stay allowed, as some
 * scripts need them.
 */
public final class Text {

    /** What is wrong with a text, so that a message can name the rule without repeating the value. */
    public enum Problem {
        CONTROL_CHARACTER("must not contain control characters"),
        LINE_BREAK("must be a single line"),
        INVISIBLE_CHARACTER("must not contain invisible formatting characters"),
        BROKEN_UNICODE("must be valid Unicode text"),
        NOT_A_NAME("must be a name: letters, spaces, apostrophes, hyphens and full stops"),
        NOT_A_REFERRER_NAME("must be a name: letters, digits, spaces and ' . , ( ) & / -"),
        NOT_AN_IDENTIFIER("must be letters, digits, spaces and . _ : / # + ( ) -, starting with a letter or digit");

        private final String message;

        Problem(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    // Letters and combining marks of any script; apostrophes straight and curly; hyphens; full stops.
    // Package-private for TextTest, which holds the ASCII checks below to them.
    static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}][\\p{L}\\p{M} '\u2019\u2018\u02BC.\u2010-]*");
    static final Pattern REFERRER_NAME = Pattern.compile("[\\p{L}\\p{M}\\p{N} '\u2019\u2018\u02BC.,()&/\u2010-]*");
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._:/#+()-]*");

    private Text() {
    }

    /** NFC and without leading or trailing white space; null stays null. */
    public static String normalise(String typed) {
        if (typed == null) {
            return null;
        }
        return (belowCombiningMarks(typed) ? typed : Normalizer.normalize(typed, Normalizer.Form.NFC)).strip();
    }

    /**
     * Whether every character is below U+0300, where the combining marks begin: such text is in NFC
     * already (none of those characters changes, and no two of them compose), which is what most
     * referrals hold, so it need not be copied through the normaliser.
     */
    static boolean belowCombiningMarks(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= '\u0300') {
                return false;
            }
        }
        return true;
    }

    /** The number of characters a person sees, near enough: code points of the NFC form. */
    public static int length(String normalised) {
        return normalised.codePointCount(0, normalised.length());
    }

    /** Free text, such as the reason for a referral: line breaks and tabs allowed. */
    public static Problem freeTextProblem(String normalised) {
        return characterProblem(normalised, true);
    }

    /** A single line of text. */
    public static Problem singleLineProblem(String normalised) {
        return characterProblem(normalised, false);
    }

    /** A patient's name: letters of any script, with spaces, apostrophes, hyphens and full stops. */
    public static Problem nameProblem(String normalised) {
        Problem problem = singleLineProblem(normalised);
        if (problem != null) {
            return problem;
        }
        return isName(normalised) ? null : Problem.NOT_A_NAME;
    }

    /** A referrer's name, which may carry a role or team, such as "J Bhatt, discharge team". */
    public static Problem referrerNameProblem(String normalised) {
        Problem problem = singleLineProblem(normalised);
        if (problem != null) {
            return problem;
        }
        return isReferrerName(normalised) ? null : Problem.NOT_A_REFERRER_NAME;
    }

    /** An identifier of another system, such as a source system's name or its referral id. */
    public static Problem identifierProblem(String normalised) {
        Problem problem = singleLineProblem(normalised);
        if (problem != null) {
            return problem;
        }
        return isIdentifier(normalised) ? null : Problem.NOT_AN_IDENTIFIER;
    }

    // The checks below are the patterns above, written out for text of ASCII alone, which is what
    // most referrals hold; the profile of the intake found the patterns among its larger costs. Other
    // text goes to the pattern. TextTest holds them to the patterns.

    /** {@link #NAME}: a letter, then letters, spaces, {@code ' . -}, and for other text what the pattern allows. */
    static boolean isName(String text) {
        if (!isAscii(text)) {
            return NAME.matcher(text).matches();
        }
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isAsciiLetter(c) && (i == 0 || " '.-".indexOf(c) < 0)) {
                return false;
            }
        }
        return true;
    }

    /** {@link #REFERRER_NAME}, with a letter somewhere. */
    static boolean isReferrerName(String text) {
        if (!isAscii(text)) {
            return REFERRER_NAME.matcher(text).matches() && text.codePoints().anyMatch(Character::isLetter);
        }
        boolean letter = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            letter |= isAsciiLetter(c);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && " '.,()&/-".indexOf(c) < 0) {
                return false;
            }
        }
        return letter;
    }

    /** {@link #IDENTIFIER}: a letter or digit, then letters, digits, spaces and {@code . _ : / # + ( ) -}. */
    static boolean isIdentifier(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean letterOrDigit = isAsciiLetter(c) || c >= '0' && c <= '9';
            if (!letterOrDigit && (i == 0 || " ._:/#+()-".indexOf(c) < 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static Problem characterProblem(String text, boolean lineBreaksAllowed) {
        for (int i = 0; i < text.length();) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            boolean lineBreak = c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085';
            if (lineBreak || c == '\t') {
                if (!lineBreaksAllowed) {
                    return lineBreak ? Problem.LINE_BREAK : Problem.CONTROL_CHARACTER;
                }
                continue;
            }
            switch (Character.getType(c)) {
                case Character.CONTROL:
                    return Problem.CONTROL_CHARACTER;
                case Character.SURROGATE:
                    return Problem.BROKEN_UNICODE;
                case Character.FORMAT:
                    if (c != '\u200C' && c != '\u200D') {
                        return Problem.INVISIBLE_CHARACTER;
                    }
                    break;
                default:
                    if (c == '\uFFFE' || c == '\uFFFF') {
                        return Problem.BROKEN_UNICODE;
                    }
            }
        }
        return null;
    }
}
