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
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}][\\p{L}\\p{M} '\u2019\u2018\u02BC.\u2010-]*");
    private static final Pattern REFERRER_NAME = Pattern.compile("[\\p{L}\\p{M}\\p{N} '\u2019\u2018\u02BC.,()&/\u2010-]*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._:/#+()-]*");

    private Text() {
    }

    /** NFC and without leading or trailing white space; null stays null. */
    public static String normalise(String typed) {
        return typed == null ? null : Normalizer.normalize(typed, Normalizer.Form.NFC).strip();
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
        return NAME.matcher(normalised).matches() ? null : Problem.NOT_A_NAME;
    }

    /** A referrer's name, which may carry a role or team, such as "J Bhatt, discharge team". */
    public static Problem referrerNameProblem(String normalised) {
        Problem problem = singleLineProblem(normalised);
        if (problem != null) {
            return problem;
        }
        return REFERRER_NAME.matcher(normalised).matches() && normalised.codePoints().anyMatch(Character::isLetter)
                ? null : Problem.NOT_A_REFERRER_NAME;
    }

    /** An identifier of another system, such as a source system's name or its referral id. */
    public static Problem identifierProblem(String normalised) {
        Problem problem = singleLineProblem(normalised);
        if (problem != null) {
            return problem;
        }
        return IDENTIFIER.matcher(normalised).matches() ? null : Problem.NOT_AN_IDENTIFIER;
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
