package dev.flywheel.policy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flywheel.policy.DefaultDecision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One row per rule of the semantics (and every example of the language description): terms, request, expected
 * decision. Columns: terms | purpose | facts | time ("-" = the fixed clock, 2026-06-15T12:00Z) | honoured | expected.
 */
class SemanticsRulesTest {

  private final DefaultPolicyEngine engine = EngineFixtures.engine();
  private final DefaultPolicyEngine allowByDefault = EngineFixtures.engine(DefaultDecision.ALLOW);

  @ParameterizedTest(name = "[{index}] ''{0}'' {1} -> {5}")
  @CsvSource(delimiterString = "|", quoteCharacter = '`', textBlock = """
      # The examples that must hold
      eval-only                                   | eval  | - | - | - | allow explicit
      eval-only                                   | train | - | - | - | deny explicit
      train if attribution                        | train | - | - | - | obligation explicit [attribution] allowed=false
      train if attribution                        | eval  | - | - | - | deny default
      pay collective masakhane                    | search| - | - | - | obligation explicit [payment:masakhane] allowed=false
      allow train; deny train                     | train | - | - | - | deny explicit
      deny ai; allow eval                         | eval  | - | - | - | allow explicit
      deny ai; allow eval                         | train | - | - | - | deny explicit
      train if open-weights                       | train | - | - | - | deny explicit would=open-weights
      deny train until 2027-01-01; allow train    | train | - | 2026-12-31 | - | deny explicit
      deny train until 2027-01-01; allow train    | train | - | 2027-01-01 | - | allow explicit
      # Rule 1: a clause applies to its purpose and every purpose under it
      deny ai                                     | train-genai | - | - | - | deny explicit
      allow ai                                    | input       | - | - | - | allow explicit
      deny train                                  | search      | - | - | - | deny default
      deny train                                  | eval        | - | - | - | deny default
      deny train                                  | ai          | - | - | - | deny default
      allow any                                   | search      | - | - | - | allow explicit
      # Rule 2: only the most specific level with clauses counts
      allow ai; deny train                        | train-genai | - | - | - | deny explicit
      deny ai; allow train                        | train-genai | - | - | - | allow explicit
      deny ai; allow train                        | input       | - | - | - | deny explicit
      deny any; allow ai                          | search      | - | - | - | deny explicit
      deny any; allow ai                          | eval        | - | - | - | allow explicit
      allow ai, train; deny ai                    | train       | - | - | - | allow explicit
      allow ai, train; deny ai                    | eval        | - | - | - | deny explicit
      deny train-genai; allow train               | train       | - | - | - | allow explicit
      # Rule 3: any deny wins; holding allows join their duties; failed facts say what would allow
      deny train; allow train                     | train | - | - | - | deny explicit
      allow train; allow train if attribution     | train | - | - | - | obligation explicit [attribution] allowed=false
      allow train if attribution; allow train if pay collective masakhane | train | - | - | - | obligation explicit [attribution, payment:masakhane] allowed=false
      allow train if open-weights; allow train    | train | - | - | - | allow explicit
      allow train if open-weights and attribution; allow train if pay collective x | train | - | - | - | obligation explicit [payment:x] allowed=false
      allow train if open-weights and attribution; allow train if pay collective x | train | open-weights | - | - | obligation explicit [attribution, payment:x] allowed=false
      train if open-weights and noncommercial; train if noncommercial | train | - | - | - | deny explicit would=noncommercial
      train if open-weights; train if noncommercial | train | - | - | - | deny explicit would=open-weights,noncommercial
      train if open-weights and noncommercial     | train | open-weights | - | - | deny explicit would=noncommercial
      train if open-weights                       | train | open-weights | - | - | allow explicit
      train if open-weights; deny train           | train | open-weights | - | - | deny explicit
      allow train if limit 10 per day and pay collective zeta and pay collective alpha and attribution | train | - | - | - | obligation explicit [attribution, payment:alpha, payment:zeta, quota:10/day] allowed=false
      allow train if pay collective x 0.002 EUR per item | train | - | - | - | obligation explicit [payment:x:0.002EUR] allowed=false
      # Rule 4: P-only allows P, denies everything outside P
      eval-only                                   | ai     | - | - | - | deny explicit
      eval-only                                   | any    | - | - | - | deny explicit
      eval-only                                   | search | - | - | - | deny explicit
      eval-only; allow train                      | train  | - | - | - | deny explicit
      eval-only; deny eval                        | eval   | - | - | - | deny explicit
      eval-only; train-only                       | eval   | - | - | - | deny explicit
      eval-only; train-only                       | train  | - | - | - | deny explicit
      ai-only; train-only                         | train-genai | - | - | - | allow explicit
      ai-only; train-only                         | eval   | - | - | - | deny explicit
      train-only                                  | train-genai | - | - | - | allow explicit
      train-only; allow train-genai if open-weights | train-genai | - | - | - | deny explicit would=open-weights
      eval-only; attribution                      | eval   | - | - | - | obligation explicit [attribution] allowed=false
      eval-only; attribution                      | train  | - | - | - | deny explicit
      # Rule 5: standalone duties join every allow and allow what nothing else covers
      attribution; deny train                     | train  | - | - | - | deny explicit
      attribution; deny train                     | eval   | - | - | - | obligation explicit [attribution] allowed=false
      attribution; allow train                    | train  | - | - | - | obligation explicit [attribution] allowed=false
      attribution; allow train if pay collective m | train | - | - | - | obligation explicit [attribution, payment:m] allowed=false
      attribution; train if open-weights          | train  | - | - | - | deny explicit would=open-weights
      pay collective b; pay collective a          | any    | - | - | - | obligation explicit [payment:a, payment:b] allowed=false
      # Rule 6: nothing covers the purpose -> the default
      deny train                                  | search | - | - | - | deny default
      allow train if attribution                  | eval   | - | - | - | deny default
      # Rule 8: from inclusive, until exclusive
      deny train until 2027-01-01; allow train    | train | - | 2026-12-31T23:59:59.999999999Z | - | deny explicit
      allow train from 2027-01-01                 | train | - | 2026-12-31T23:59:59.999999999Z | - | deny default
      allow train from 2027-01-01                 | train | - | 2027-01-01 | - | allow explicit
      allow train from 2026-01-01 until 2027-01-01 | train | - | 2027-01-01 | - | deny default
      allow train from 2026-01-01 until 2027-01-01 | train | - | 2026-01-01 | - | allow explicit
      eval-only until 2027-01-01                  | train | - | 2027-01-01 | - | deny default
      eval-only until 2027-01-01                  | train | - | 2026-12-31 | - | deny explicit
      allow train from 2027-01-01T12:00:00+02:00  | train | - | 2027-01-01T09:59:59Z | - | deny default
      allow train from 2027-01-01T12:00:00+02:00  | train | - | 2027-01-01T10:00:00Z | - | allow explicit
      deny train from 2026-01-01                  | train | - | - | - | deny explicit
      deny train from 2027-01-01; allow train     | train | - | - | - | allow explicit
      # Rule 11: quotas are reported, never counted
      limit 5000 per month                        | train | - | - | - | obligation explicit [quota:5000/month] allowed=false
      limit 5000 per month                        | train | - | - | quota | obligation explicit [quota:5000/month] allowed=true
      # Obligations are allowed only when every duty type is honoured
      train if attribution                        | train | - | - | attribution | obligation explicit [attribution] allowed=true
      train if attribution                        | train | - | - | payment | obligation explicit [attribution] allowed=false
      train if attribution and pay collective m   | train | - | - | attribution | obligation explicit [attribution, payment:m] allowed=false
      train if attribution and pay collective m   | train | - | - | attribution,payment | obligation explicit [attribution, payment:m] allowed=true
      # Rule 7: anything invalid is a deny with basis error
      trian if attribution                        | train | - | - | - | deny error unknown-word
      EVAL-ONLY                                   | eval  | - | - | - | deny error uppercase-keyword
      deny train if attribution                   | train | - | - | - | deny error deny-with-conditions
      allow train until 2027-02-30                | train | - | - | - | deny error invalid-date
      ``                                          | train | - | - | - | deny error empty-terms
      """)
  void decide_rule_matchesTable(String terms, String purpose, String facts, String at, String honoured,
      String expected) {
    assertEquals(expected, Summaries.of(engine.decide(terms, Summaries.request(purpose, facts, at, honoured))));
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' {1} -> {5}")
  @CsvSource(delimiterString = "|", quoteCharacter = '`', textBlock = """
      deny train                                  | search | - | - | - | allow default
      deny train                                  | train  | - | - | - | deny explicit
      allow train if attribution                  | eval   | - | - | - | allow default
      eval-only                                   | train  | - | - | - | deny explicit
      allow train from 2027-01-01                 | train  | - | - | - | allow default
      trian                                       | train  | - | - | - | deny error unknown-word
      """)
  void decide_defaultAllowConfigured_usesItOnlyForUncovered(String terms, String purpose, String facts, String at,
      String honoured, String expected) {
    assertEquals(expected,
        Summaries.of(allowByDefault.decide(terms, Summaries.request(purpose, facts, at, honoured))));
  }
}
