package dev.flywheel.policy.engine.semantics;

/** The four kinds of clause the rules tell apart (LANGUAGE.md section 1). */
public enum ClauseKind {
  /** {@code allow P [if CONDITIONS]} (and the {@code P if ...} shorthand). */
  ALLOW,
  /** {@code deny P} (and {@code no-P}). */
  DENY,
  /** {@code P-only}. */
  ONLY,
  /** A duty standing alone: {@code attribution}, {@code pay collective NAME}, {@code limit N per PERIOD}. */
  DUTY
}
