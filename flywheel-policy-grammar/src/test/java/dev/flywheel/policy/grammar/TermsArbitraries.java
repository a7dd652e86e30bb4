package dev.flywheel.policy.grammar;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.QuotaPeriod;
import dev.flywheel.policy.terms.AllowClause;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.Condition;
import dev.flywheel.policy.terms.DenyClause;
import dev.flywheel.policy.terms.DutyClause;
import dev.flywheel.policy.terms.DutyCondition;
import dev.flywheel.policy.terms.FactCondition;
import dev.flywheel.policy.terms.OnlyClause;
import dev.flywheel.policy.terms.Policy;
import dev.flywheel.policy.terms.TimeWindow;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of well-formed terms ASTs: every tree they give is one the parser can produce. */
final class TermsArbitraries {
  private static final long EARLIEST_DAY = 0;
  private static final long LATEST_DAY = 2_932_896; // 9999-12-31

  private TermsArbitraries() {}

  static Arbitrary<Policy> policies() {
    return clauses().list().ofMinSize(1).ofMaxSize(6).map(cs -> new Policy(cs, null));
  }

  static Arbitrary<Clause> clauses() {
    Arbitrary<Clause> allow = Combinators.combine(purposeLists(), conditions(), windows())
        .as((ps, cs, w) -> new AllowClause(ps, cs, w, null));
    Arbitrary<Clause> deny = Combinators.combine(purposeLists(), windows()).as((ps, w) -> new DenyClause(ps, w, null));
    Arbitrary<Clause> only = Combinators.combine(purposes(), windows()).as((p, w) -> new OnlyClause(p, w, null));
    Arbitrary<Clause> duty = Combinators.combine(duties(), windows()).as((d, w) -> new DutyClause(d, w, null));
    return Arbitraries.oneOf(allow, deny, only, duty);
  }

  static Arbitrary<Purpose> purposes() {
    return Arbitraries.of(Purpose.class);
  }

  static Arbitrary<java.util.List<Purpose>> purposeLists() {
    return purposes().list().ofMinSize(1).ofMaxSize(4).uniqueElements();
  }

  static Arbitrary<java.util.List<Condition>> conditions() {
    Arbitrary<Condition> fact = Arbitraries.of(Fact.class).map(f -> new FactCondition(f, null));
    Arbitrary<Condition> duty = duties().map(d -> new DutyCondition(d, null));
    return Arbitraries.oneOf(fact, duty).list().ofMaxSize(3).uniqueElements();
  }

  static Arbitrary<Duty> duties() {
    Arbitrary<Duty> attribution = Arbitraries.just(Duty.Attribution.INSTANCE);
    Arbitrary<Duty> payment = Combinators.combine(names(), amounts().injectNull(0.5))
        .as((n, a) -> new Duty.Payment(n, a));
    Arbitrary<Duty> quota = Combinators.combine(Arbitraries.longs().between(1, 999_999_999_999L),
        Arbitraries.of(QuotaPeriod.class)).as((l, p) -> new Duty.Quota(l, p, null));
    return Arbitraries.oneOf(attribution, payment, quota);
  }

  static Arbitrary<String> names() {
    Arbitrary<String> bare = Combinators.combine(Arbitraries.chars().range('a', 'z'),
            Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789_-").ofMaxLength(20))
        .as((first, rest) -> first + rest);
    Arbitrary<String> quoted = Arbitraries.strings()
        .withChars("abcXYZ019 \"\\.&'()-\u00e9\u00fc\u00f1\u0101\u65e5\u672c")
        .ofMinLength(1).ofMaxLength(40)
        .filter(s -> !s.isBlank() && s.equals(s.strip()) && !s.contains("  ")); // names' one rule for spaces
    Arbitrary<String> keywordNames = Arbitraries.of("search", "eval-only", "no-train", "open-weights", "item", "per");
    return Arbitraries.oneOf(bare, quoted, keywordNames);
  }

  static Arbitrary<Duty.Amount> amounts() {
    Arbitrary<BigDecimal> values = Combinators.combine(
            Arbitraries.bigIntegers().between(BigInteger.ZERO, new BigInteger("999999999999999999999")),
            Arbitraries.integers().between(0, 9))
        .as(BigDecimal::new)
        .filter(v -> v.precision() - v.scale() <= 12);
    return Combinators.combine(values, Arbitraries.of("EUR", "USD", "NZD", "XOF")).as(Duty.Amount::new);
  }

  static Arbitrary<TimeWindow> windows() {
    Arbitrary<Instant> instants = Arbitraries.oneOf(
        Arbitraries.longs().between(EARLIEST_DAY, LATEST_DAY).map(d -> Instant.ofEpochSecond(d * 86_400)),
        Combinators.combine(Arbitraries.longs().between(0, LATEST_DAY * 86_400),
            Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond));
    return Combinators.combine(instants.injectNull(0.5), instants.injectNull(0.5))
        .as((a, b) -> a != null && b != null && !a.isBefore(b) ? TimeWindow.ALWAYS : new TimeWindow(a, b));
  }

  /** Strings made of language tokens, near-misses and hostile characters: they reach deep into the parser. */
  static Arbitrary<String> tokenSoup() {
    Arbitrary<String> token = Arbitraries.of("allow", "deny", "if", "and", "until", "from", "pay", "collective",
        "limit", "per", "item", "attribution", "month", "open-weights", "noncommercial", "train", "eval",
        "train-genai", "search", "input", "ai", "any", "eval-only", "no-train", "masakhane", "\"Te Hiku Media\"",
        "\"unterminated", "2027-01-01", "2027-02-30", "2027-01-01T10:00:00Z", "0.002", "EUR", "5000", ";", ",",
        "TRAIN", "trian", "\u0435val", "\u200B", "\u202E", "\u0000", "\uD800", "\"", "\\", "1e5", "-1");
    return token.list().ofMaxSize(14).map(ts -> String.join(" ", ts));
  }
}
