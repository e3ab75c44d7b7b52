package uk.nhs.homefirst.referral.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextTest {

    @ParameterizedTest
    @ValueSource(strings = { "Siobhán", "Ní Dhomhnaill", "Zoë", "O'Brien", "O\u2019Brien", "Smith-Jones", "St. John",
            "José", "Nguyễn", "Ólafsdóttir", "Łukasz", "Σωκράτης", "Мария", "محمد", "李", "Kowalska-Nowak" })
    void namesOfAnyScriptAreNames(String name) {
        assertThat(Text.nameProblem(Text.normalise(name))).isNull();
    }

    @Test
    void aDecomposedNameIsTheSameNameComposed() {
        String decomposed = "Zoe\u0308"; // e followed by a combining diaeresis
        assertThat(Text.normalise(decomposed)).isEqualTo("Zoë");
        assertThat(Text.length(Text.normalise(decomposed))).isEqualTo(3);
        assertThat(Text.nameProblem(Text.normalise(decomposed))).isNull();
    }

    @Test
    void whatIsNotANameIsRefusedWithTheRuleItBreaks() {
        assertThat(Text.nameProblem("Ada\nLovelace")).isEqualTo(Text.Problem.LINE_BREAK);
        assertThat(Text.nameProblem("Ada\u2028Lovelace")).isEqualTo(Text.Problem.LINE_BREAK);
        assertThat(Text.nameProblem("Ada\tLovelace")).isEqualTo(Text.Problem.CONTROL_CHARACTER);
        assertThat(Text.nameProblem("Ada\u0000")).isEqualTo(Text.Problem.CONTROL_CHARACTER);
        assertThat(Text.nameProblem("Ada\u001b[31m")).isEqualTo(Text.Problem.CONTROL_CHARACTER);
        assertThat(Text.nameProblem("Ada\u202eecalevoL")).isEqualTo(Text.Problem.INVISIBLE_CHARACTER);
        assertThat(Text.nameProblem("Ada\ud800")).isEqualTo(Text.Problem.BROKEN_UNICODE);
        assertThat(Text.nameProblem("<script>alert(1)</script>")).isEqualTo(Text.Problem.NOT_A_NAME);
        assertThat(Text.nameProblem("'; DROP TABLE referral;--")).isEqualTo(Text.Problem.NOT_A_NAME);
        assertThat(Text.nameProblem("${jndi:ldap://x}")).isEqualTo(Text.Problem.NOT_A_NAME);
        assertThat(Text.nameProblem("R2D2")).isEqualTo(Text.Problem.NOT_A_NAME);
        assertThat(Text.nameProblem("-")).isEqualTo(Text.Problem.NOT_A_NAME);
    }

    @Test
    void freeTextKeepsLineBreaksButNotControlCharacters() {
        assertThat(Text.freeTextProblem("Fell at 3am.\nCannot get up;\r\n\tneeds help <urgently> & soon 🙏")).isNull();
        assertThat(Text.freeTextProblem("'; DROP TABLE referral;--")).isNull();
        assertThat(Text.freeTextProblem("bell\u0007")).isEqualTo(Text.Problem.CONTROL_CHARACTER);
        assertThat(Text.freeTextProblem("\u200bhidden")).isEqualTo(Text.Problem.INVISIBLE_CHARACTER);
        assertThat(Text.freeTextProblem("\udc00")).isEqualTo(Text.Problem.BROKEN_UNICODE);
        assertThat(Text.freeTextProblem("\uffff")).isEqualTo(Text.Problem.BROKEN_UNICODE);
    }

    @Test
    void referrerNamesMayCarryARoleAndIdentifiersAreCodes() {
        assertThat(Text.referrerNameProblem("J Bhatt, discharge team, Leicester Royal Infirmary")).isNull();
        assertThat(Text.referrerNameProblem("Daughter (main carer)")).isNull();
        assertThat(Text.referrerNameProblem("<b>Dr</b>")).isEqualTo(Text.Problem.NOT_A_REFERRER_NAME);
        assertThat(Text.referrerNameProblem("1234")).isEqualTo(Text.Problem.NOT_A_REFERRER_NAME);
        assertThat(Text.identifierProblem("EMIS-WEB")).isNull();
        assertThat(Text.identifierProblem("REF/2026/000123")).isNull();
        assertThat(Text.identifierProblem("'; DROP TABLE referral;--")).isEqualTo(Text.Problem.NOT_AN_IDENTIFIER);
        assertThat(Text.identifierProblem("a\nb")).isEqualTo(Text.Problem.LINE_BREAK);
    }

    @Test
    void textBelowTheCombiningMarksIsInNfcAlreadySoTheShortCutChangesNothing() {
        // Every character below U+0300 is unchanged by NFC, and no two of them compose: checked for
        // every such character and every pair of them, which is what composition looks at.
        for (char a = 0; a < 0x300; a++) {
            String one = String.valueOf(a);
            assertThat(Normalizer.normalize(one, Normalizer.Form.NFC)).isEqualTo(one);
            for (char b = 0; b < 0x300; b++) {
                String two = new String(new char[] {a, b});
                if (!Normalizer.normalize(two, Normalizer.Form.NFC).equals(two)) {
                    throw new AssertionError("NFC changes U+%04X U+%04X".formatted((int) a, (int) b));
                }
            }
        }
        assertThat(Text.belowCombiningMarks("Ada Lovelace, Zoë")).isTrue();
        assertThat(Text.belowCombiningMarks("Zoe\u0308")).isFalse();
        assertThat(Text.normalise("  Zoe\u0308 ")).isEqualTo("Zoë");
        assertThat(Text.normalise(" Ada ")).isEqualTo("Ada");
    }

    @Test
    void theAsciiChecksAnswerAsThePatternsDoForEveryAsciiTextOfUpToThreeCharacters() {
        StringBuilder text = new StringBuilder();
        int[] lengths = {0, 1, 2, 3};
        for (int length : lengths) {
            int count = 1 << (7 * length);
            for (int n = 0; n < count; n++) {
                text.setLength(0);
                for (int k = 0, rest = n; k < length; k++, rest >>= 7) {
                    text.append((char) (rest & 0x7F));
                }
                assertSameAsThePatterns(text.toString());
            }
        }
    }

    @Test
    void theAsciiChecksAnswerAsThePatternsDoForLongerTextOfTheirCharactersAndOthers() {
        String alphabet = "Aaz Z09'.,()&/-_:#+\u2019\u00e9\u0308\u2010!<>;\"\\\t@";
        Random random = new Random(20261201);
        for (int i = 0; i < 200_000; i++) {
            char[] text = new char[1 + random.nextInt(12)];
            for (int k = 0; k < text.length; k++) {
                text[k] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            assertSameAsThePatterns(new String(text));
        }
    }

    private static void assertSameAsThePatterns(String text) {
        // Plain comparisons: this runs two million times.
        boolean name = Text.NAME.matcher(text).matches();
        boolean referrerName = Text.REFERRER_NAME.matcher(text).matches() && text.codePoints().anyMatch(Character::isLetter);
        if (Text.isName(text) != name || Text.isReferrerName(text) != referrerName
                || Text.isIdentifier(text) != Text.IDENTIFIER.matcher(text).matches()) {
            throw new AssertionError("The ASCII checks and the patterns differ on \"" + text.chars()
                    .mapToObj(c -> "U+%04X".formatted(c)).toList() + "\"");
        }
    }
}
