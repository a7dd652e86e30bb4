package dev.flywheel.policy.grammar;

import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.TermsLimits;
import java.util.Objects;

/**
 * Parses terms into a {@link dev.flywheel.policy.terms.Policy}, or explains why it cannot.
 *
 * <p>Thread-safe and stateless between calls. Never throws on any input string and never produces a policy from
 * input that had an error: there is no silent repair.
 */
public final class TermsParser {
  private final TermsLimits limits;

  private TermsParser(TermsLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** A parser with {@link TermsLimits#DEFAULTS}. */
  public static TermsParser withDefaults() {
    return new TermsParser(TermsLimits.DEFAULTS);
  }

  /** A parser with {@code limits}. */
  public static TermsParser create(TermsLimits limits) {
    return new TermsParser(limits);
  }

  /** The limits this parser enforces. */
  public TermsLimits limits() {
    return limits;
  }

  /**
   * Parses {@code terms}.
   *
   * @return the policy with any warnings, or every error found (sorted by position, at most the cap)
   * @throws NullPointerException if {@code terms} is null
   */
  public ParseResult parse(String terms) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
