package dev.flywheel.policy;

/** How serious a {@link Diagnostic} is. Any {@link #ERROR} makes the input it describes unusable. */
public enum Severity {
  /** The input is rejected; a decision over it is a deny with basis {@link Decision.Basis#ERROR}. */
  ERROR,
  /** The input is accepted, but probably does not say what its author meant. */
  WARNING;

  // Worked out once: JSON output writes it for every diagnostic, often per line of a run.
  private final String word = name().toLowerCase(java.util.Locale.ROOT);

  /** {@return the lower-case word used in text and JSON output ({@code error}, {@code warning})} */
  public String word() {
    return word;
  }
}
