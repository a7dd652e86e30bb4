package dev.flywheel.policy.terms;

/**
 * Bounds on the terms the parser accepts. Exceeding any is an error with its own code, never a crash or a partial
 * policy.
 *
 * @param maxLength the longest input, in code points, checked before lexing (default {@value #DEFAULT_MAX_LENGTH})
 * @param maxClauses the most clauses in one statement (default {@value #DEFAULT_MAX_CLAUSES})
 * @param maxNameLength the longest collective name, in code points (default {@value #DEFAULT_MAX_NAME_LENGTH})
 * @param maxDiagnostics the most diagnostics reported for one input; past it, one {@code too-many-diagnostics} error
 *     ends the list (default {@value #DEFAULT_MAX_DIAGNOSTICS})
 */
public record TermsLimits(int maxLength, int maxClauses, int maxNameLength, int maxDiagnostics) {

  /** Default longest input, in code points. */
  public static final int DEFAULT_MAX_LENGTH = 4096;
  /** Default most clauses in one statement. */
  public static final int DEFAULT_MAX_CLAUSES = 64;
  /** Default longest collective name, in code points. */
  public static final int DEFAULT_MAX_NAME_LENGTH = 128;
  /** Default most diagnostics reported for one input. */
  public static final int DEFAULT_MAX_DIAGNOSTICS = 32;

  /** Upper bound on {@code maxLength}: the parser is built for short strings. */
  public static final int HARD_MAX_LENGTH = 1 << 20;

  /** The defaults. */
  public static final TermsLimits DEFAULTS =
      new TermsLimits(DEFAULT_MAX_LENGTH, DEFAULT_MAX_CLAUSES, DEFAULT_MAX_NAME_LENGTH, DEFAULT_MAX_DIAGNOSTICS);

  /**
   * Creates the record.
   *
   * @param maxLength the longest input, in code points, checked before lexing (default {@value #DEFAULT_MAX_LENGTH})
   * @param maxClauses the most clauses in one statement (default {@value #DEFAULT_MAX_CLAUSES})
   * @param maxNameLength the longest collective name, in code points (default {@value #DEFAULT_MAX_NAME_LENGTH})
   * @param maxDiagnostics the most diagnostics reported for one input; past it, one {@code too-many-diagnostics} error
   *     ends the list (default {@value #DEFAULT_MAX_DIAGNOSTICS})
   * @throws IllegalArgumentException if a limit is below 1, or {@code maxLength} is above {@link #HARD_MAX_LENGTH}
   */
  public TermsLimits {
    requireAtLeastOne("maxLength", maxLength);
    requireAtLeastOne("maxClauses", maxClauses);
    requireAtLeastOne("maxNameLength", maxNameLength);
    requireAtLeastOne("maxDiagnostics", maxDiagnostics);
    if (maxLength > HARD_MAX_LENGTH) {
      throw new IllegalArgumentException("maxLength " + maxLength + " is above " + HARD_MAX_LENGTH);
    }
  }

  private static void requireAtLeastOne(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
  }
}
