package dev.flywheel.policy.filter;

import java.util.Locale;

/** What the filter did with one line of a records file. Every line gets exactly one outcome. */
public enum Outcome {
  /** A valid record the request may use: an allow, or an obligation whose duties are all honoured and within quota. */
  ALLOWED,
  /** A valid record the request may not use; {@link FilteredLine#reason()} says why. */
  DENIED,
  /** A line that is not a valid record; its diagnostics say why. Reason {@link DenialReason#INVALID_RECORD}. */
  INVALID;

  // Worked out once: the word is written for every line of a run's output and receipt.
  private final String word = name().toLowerCase(Locale.ROOT);

  /** {@return {@code allowed}, {@code denied} or {@code invalid}: the word used in JSON output} */
  public String word() {
    return word;
  }
}
