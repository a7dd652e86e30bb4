package dev.flywheel.policy.engine;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Run in a child JVM with a small heap by {@code CacheBytesTest}: decides N distinct terms of about 4,096 chars, most
 * of them invalid (long unknown words, many unknown words, non-Latin-1 words) and some valid, through an engine whose
 * cache is bounded by bytes only (its bound on entries is far above N). Exits non-zero on a wrong decision, on an
 * error decision that is not about the terms (the engine's own out-of-memory deny included), or on an
 * OutOfMemoryError (which exits non-zero by itself).
 *
 * <p>Arguments: N, then the byte bound or {@code default}.
 */
final class LargeTermsMain {
  static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
  private static final Request TRAIN = Request.of(Purpose.TRAIN).at(AT);
  private static final Request EVAL = Request.of(Purpose.EVAL).at(AT);
  /** Four kinds of invalid terms, then one valid, in turn. */
  static final int KINDS = 5;
  private static final LocalDate FIRST_DAY = LocalDate.of(2030, 1, 1);

  private LargeTermsMain() {}

  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    PolicyEngine.Builder builder = PolicyEngine.builder().maximumCacheSize(PolicyEngine.Builder.MAX_MAXIMUM_CACHE_SIZE);
    if (!args[1].equals("default")) {
      builder.maximumCacheBytes(Long.parseLong(args[1]));
    }
    PolicyEngine engine = builder.build();
    for (int round = 0; round < 2; round++) { // the second round, over a sample, meets evicted and kept entries
      for (int i = 0; i < n; i += round == 0 ? 1 : 7) {
        String terms = terms(i);
        String wrong = check(terms, i, engine.decide(terms, TRAIN), engine.decide(terms, EVAL));
        if (wrong != null) {
          System.err.println("round " + round + ", terms " + i + ": " + wrong);
          System.exit(2);
        }
      }
    }
    System.out.println("decided " + n + " distinct terms of about 4 KB, and a seventh of them again");
  }

  /** Distinct terms number {@code i}, about 4,096 chars long; invalid unless {@link #isValid}. */
  static String terms(int i) {
    StringBuilder b = new StringBuilder(4200);
    switch (i % KINDS) {
      case 0 -> { // one unknown word of 4,000 letters: a diagnostic that quotes it
        b.append("deny ");
        appendLetters(b, i, 4000);
      }
      case 1 -> { // many unknown words: more diagnostics than the parser lists
        b.append("deny ");
        for (int w = 0; b.length() < 4000; w++) {
          b.append(w == 0 ? "" : ", ").append("tarin").append(i).append('x').append(w);
        }
      }
      case 2 -> { // non-Latin-1 words: two bytes per char in a String
        b.append("allow eval; deny ");
        for (int w = 0; b.length() < 4000; w++) {
          b.append(w == 0 ? "" : ", ").append("\u0442\u0440\u0435\u043d").append(i).append('x').append(w);
        }
      }
      case 3 -> { // a valid statement followed by a broken clause: no clause of it may be used
        b.append("allow any; pay collective \"c").append(i).append("\" 1 EUR per item; ");
        for (int c = 0; c < 60; c++) {
          b.append("allow eval, search if attribution until ").append(FIRST_DAY.plusDays(c)).append("; ");
        }
        b.append("allow train until 2027-02-30");
      }
      default -> { // valid: train denied, eval allowed with a payment, many clauses
        b.append("deny train; pay collective \"c").append(i).append("\" 1 EUR per item");
        for (int c = 0; c < 60; c++) {
          b.append("; allow eval, search if attribution until ").append(FIRST_DAY.plusDays(c + i % 1000));
        }
      }
    }
    return b.toString();
  }

  /** Whether {@link #terms(int)} gives valid terms for {@code i}. */
  static boolean isValid(int i) {
    return i % KINDS == KINDS - 1;
  }

  private static void appendLetters(StringBuilder b, int i, int count) {
    long state = 0x9E3779B97F4A7C15L * (i + 1);
    for (int k = 0; k < count; k++) {
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
      b.append((char) ('a' + Math.floorMod(state, 26)));
    }
  }

  /** Null when both decisions are right for terms {@code i}, else what is wrong. */
  static String check(String terms, int i, Decision train, Decision eval) {
    for (Decision d : new Decision[] {train, eval}) {
      for (Diagnostic diagnostic : d.diagnostics()) {
        if (diagnostic.code() == DiagnosticCode.INTERNAL_ERROR) {
          return "the engine failed: " + d;
        }
      }
    }
    if (isValid(i)) {
      boolean right = train.kind() == Decision.Kind.DENY && train.basis() == Decision.Basis.EXPLICIT
          && eval.kind() == Decision.Kind.OBLIGATION && eval.basis() == Decision.Basis.EXPLICIT;
      return right ? null : "valid terms decided wrongly: " + train + " / " + eval;
    }
    for (Decision d : new Decision[] {train, eval}) {
      if (d.kind() != Decision.Kind.DENY || d.basis() != Decision.Basis.ERROR || d.diagnostics().isEmpty()
          || d.diagnostics().size() > KeptDiagnostics.MAX_DIAGNOSTICS) {
        return "invalid terms not denied with their diagnostics: " + d.kind() + " " + d.basis() + " "
            + d.diagnostics().size() + " diagnostics, terms of " + terms.length() + " chars";
      }
    }
    return null;
  }
}
