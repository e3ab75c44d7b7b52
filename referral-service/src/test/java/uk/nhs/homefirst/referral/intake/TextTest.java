package uk.nhs.homefirst.referral.intake;

import static org.assertj.core.api.Assertions.assertThat;

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
}
