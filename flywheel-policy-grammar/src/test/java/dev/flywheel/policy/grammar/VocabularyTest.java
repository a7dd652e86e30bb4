package dev.flywheel.policy.grammar;

import static dev.flywheel.policy.grammar.ParseAssertions.PARSER;
import static dev.flywheel.policy.grammar.ParseAssertions.firstError;
import static dev.flywheel.policy.grammar.ParseAssertions.parseValid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.QuotaPeriod;
import dev.flywheel.policy.grammar.internal.FlywheelTermsLexer;
import dev.flywheel.policy.grammar.internal.FlywheelTermsParser;
import dev.flywheel.policy.terms.AllowClause;
import dev.flywheel.policy.terms.DenyClause;
import dev.flywheel.policy.terms.DutyClause;
import dev.flywheel.policy.terms.FactCondition;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The parser's vocabulary is exactly the words of {@link Purpose}, {@link Fact} and {@link QuotaPeriod}: every word of
 * every constant parses, and a near miss of each is rejected with a suggestion of that word. A constant added to one
 * of those enums is covered here without a change to this test or to the grammar.
 */
class VocabularyTest {

  @ParameterizedTest
  @EnumSource(Purpose.class)
  void parse_everyPurposeWord_isThatPurposeInAllowAndDeny(Purpose purpose) {
    AllowClause allow = (AllowClause) parseValid("allow " + purpose.word()).clauses().get(0);
    assertEquals(List.of(purpose), allow.purposes());
    DenyClause deny = (DenyClause) parseValid("deny " + purpose.word()).clauses().get(0);
    assertEquals(List.of(purpose), deny.purposes());
    DenyClause no = (DenyClause) parseValid("no-" + purpose.word()).clauses().get(0);
    assertEquals(List.of(purpose), no.purposes());
  }

  @ParameterizedTest
  @EnumSource(Purpose.class)
  void parse_nearMissOfEveryPurpose_isUnknownWordSuggestingThePurpose(Purpose purpose) {
    String nearMiss = purpose.word() + purpose.word().charAt(purpose.word().length() - 1);
    Diagnostic d = firstError("allow " + nearMiss);
    assertEquals(DiagnosticCode.UNKNOWN_WORD, d.code());
    assertEquals("unknown word '" + nearMiss + "'", d.message());
    assertEquals("did you mean '" + purpose.word() + "'?", d.help());
  }

  @ParameterizedTest
  @EnumSource(Fact.class)
  void parse_everyFactWord_isThatFactCondition(Fact fact) {
    AllowClause allow = (AllowClause) parseValid("allow train if " + fact.word()).clauses().get(0);
    assertEquals(fact, ((FactCondition) allow.conditions().get(0)).fact());
  }

  @ParameterizedTest
  @EnumSource(Fact.class)
  void parse_nearMissOfEveryFact_isUnknownWordSuggestingTheFact(Fact fact) {
    String nearMiss = fact.word() + fact.word().charAt(fact.word().length() - 1);
    Diagnostic d = firstError("allow train if " + nearMiss);
    assertEquals(DiagnosticCode.UNKNOWN_WORD, d.code());
    assertEquals("did you mean '" + fact.word() + "'?", d.help());
  }

  @ParameterizedTest
  @EnumSource(QuotaPeriod.class)
  void parse_everyPeriodWord_isThatQuotaPeriod(QuotaPeriod period) {
    DutyClause duty = (DutyClause) parseValid("limit 5 per " + period.word()).clauses().get(0);
    assertEquals(period, ((Duty.Quota) duty.duty()).period());
  }

  @Test
  void parse_missingFact_messageListsEveryFactWord() {
    Diagnostic d = firstError("allow train if");
    for (Fact fact : Fact.values()) {
      assertTrue(d.message().contains(fact.word()), () -> d.message() + " should name " + fact.word());
    }
  }

  @Test
  void parse_missingPeriod_messageListsEveryPeriodWord() {
    Diagnostic d = firstError("limit 5 per");
    for (QuotaPeriod period : QuotaPeriod.values()) {
      assertTrue(d.message().contains(period.word()), () -> d.message() + " should name " + period.word());
    }
  }

  @Test
  void vocabularyType_eachWordAndForm_givesItsTokenTypeAndOtherWordsStayWords() {
    for (Purpose p : Purpose.values()) {
      assertEquals(FlywheelTermsParser.PURPOSE, Keywords.vocabularyType(p.word()));
      assertEquals(FlywheelTermsParser.ONLY_PURPOSE, Keywords.vocabularyType(p.word() + "-only"));
      assertEquals(FlywheelTermsParser.NO_PURPOSE, Keywords.vocabularyType("no-" + p.word()));
      assertTrue(p.word().length() + "-only".length() <= Keywords.LONGEST_VOCABULARY_WORD);
    }
    for (Fact f : Fact.values()) {
      assertEquals(FlywheelTermsParser.FACT, Keywords.vocabularyType(f.word()));
    }
    for (QuotaPeriod q : QuotaPeriod.values()) {
      assertEquals(FlywheelTermsParser.PERIOD, Keywords.vocabularyType(q.word()));
    }
    assertEquals(FlywheelTermsLexer.WORD, Keywords.vocabularyType("masakhane"));
    assertEquals(FlywheelTermsLexer.WORD, Keywords.vocabularyType("Train"));
    assertEquals(FlywheelTermsLexer.WORD, Keywords.vocabularyType("allow"));
  }

  @Test
  void parse_vocabularyWordAsBareCollectiveName_isRejected() {
    // A vocabulary word is reserved: as a collective name it must be quoted, like any keyword.
    assertFalse(PARSER.parse("pay collective train").isValid());
    assertTrue(PARSER.parse("pay collective \"train\"").isValid());
    assertFalse(Keywords.isBareName(Fact.OPEN_WEIGHTS.word()));
  }
}
