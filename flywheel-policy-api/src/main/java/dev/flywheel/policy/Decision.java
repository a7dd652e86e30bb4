package dev.flywheel.policy;

import java.util.List;
import java.util.Objects;

/**
 * The answer to a {@link Request}: {@link Allow}, {@link Deny}, or {@link Obligation} (allowed only if the listed
 * duties are performed).
 *
 * <p>Every decision carries its {@link Basis} and its {@link Reason reasons}. A caller that only checks
 * {@link #isAllowed()} is safe: it is false for a deny and for an obligation the request did not declare it can
 * honour, so an obligation can never be mistaken for a plain allow. Decisions are immutable; the engine may return the
 * same instance for many calls.
 */
public sealed interface Decision permits Decision.Allow, Decision.Deny, Decision.Obligation {

  /** The three outcomes, with the words used in JSON. */
  enum Kind {
    /** The item may be used ({@link Allow}). */
    ALLOW,
    /** The item may not be used ({@link Deny}). */
    DENY,
    /** The item may be used if the listed duties are performed ({@link Obligation}). */
    OBLIGATION;

    // Worked out once: JSON output writes it for every decision, often per line of a run.
    private final String word = name().toLowerCase(java.util.Locale.ROOT);

    /** {@return {@code allow}, {@code deny} or {@code obligation}} */
    public String word() {
      return word;
    }
  }

  /** What a decision rests on. */
  enum Basis {
    /** A clause of the terms, or an irrevocable licence, decided. */
    EXPLICIT,
    /** Nothing covered the purpose; the engine's configured default decided. */
    DEFAULT,
    /** The terms could not be used (invalid, over a limit, internal failure); always a deny. */
    ERROR;

    // Worked out once: JSON output writes it for every decision, often per line of a run.
    private final String word = name().toLowerCase(java.util.Locale.ROOT);

    /** {@return {@code explicit}, {@code default} or {@code error}} */
    public String word() {
      return word;
    }
  }

  /** {@return the outcome} */
  Kind kind();

  /** {@return what the decision rests on} */
  Basis basis();

  /** {@return the deciding clauses (or the default, or the error), in a deterministic order} */
  List<Reason> reasons();

  /** {@return the duties to perform; empty unless this is an {@link Obligation}} */
  List<Duty> obligations();

  /** {@return the problems behind a decision with basis {@link Basis#ERROR}; empty otherwise} */
  List<Diagnostic> diagnostics();

  /**
   * {@return true when the item may be used as requested without any further step} That is an allow, or an
   * obligation whose every duty is of a type the request said it can honour.
   */
  boolean isAllowed();

  /**
   * Use is allowed without duties.
   *
   * @param basis {@link Basis#EXPLICIT} or {@link Basis#DEFAULT}
   * @param reasons why
   */
  record Allow(Basis basis, List<Reason> reasons) implements Decision {
    /**
     * Creates the record: rejects a missing required component; copies the collections, so the record is immutable.
     *
     * @param basis {@link Basis#EXPLICIT} or {@link Basis#DEFAULT}
     * @param reasons why
     * @throws IllegalArgumentException if a component is outside what the type's description allows
     * @throws NullPointerException if a required component is null
     */
    public Allow {
      Objects.requireNonNull(basis, "basis");
      if (basis == Basis.ERROR) {
        throw new IllegalArgumentException("an error is always a deny");
      }
      reasons = List.copyOf(reasons);
    }

    @Override
    public Kind kind() {
      return Kind.ALLOW;
    }

    @Override
    public List<Duty> obligations() {
      return List.of();
    }

    @Override
    public List<Diagnostic> diagnostics() {
      return List.of();
    }

    @Override
    public boolean isAllowed() {
      return true;
    }
  }

  /**
   * Use is not allowed.
   *
   * @param basis what the deny rests on
   * @param reasons why
   * @param diagnostics the problems, for basis {@link Basis#ERROR}
   * @param wouldAllowWith for a deny caused by failed fact conditions, the facts that would have allowed it (e.g.
   *     {@code open-weights}); empty otherwise
   */
  record Deny(Basis basis, List<Reason> reasons, List<Diagnostic> diagnostics, List<Fact> wouldAllowWith)
      implements Decision {
    /**
     * Creates the record: rejects a missing required component; copies the collections, so the record is immutable.
     *
     * @param basis what the deny rests on
     * @param reasons why
     * @param diagnostics the problems, for basis {@link Basis#ERROR}
     * @param wouldAllowWith for a deny caused by failed fact conditions, the facts that would have allowed it (e.g.
     *     {@code open-weights}); empty otherwise
     * @throws NullPointerException if a required component is null
     */
    public Deny {
      Objects.requireNonNull(basis, "basis");
      reasons = List.copyOf(reasons);
      diagnostics = List.copyOf(diagnostics);
      wouldAllowWith = List.copyOf(wouldAllowWith);
    }

    @Override
    public Kind kind() {
      return Kind.DENY;
    }

    @Override
    public List<Duty> obligations() {
      return List.of();
    }

    @Override
    public boolean isAllowed() {
      return false;
    }
  }

  /**
   * Use is allowed only if every listed duty is performed.
   *
   * @param obligations the duties, at least one, without repeats, in a deterministic order
   * @param basis {@link Basis#EXPLICIT} or {@link Basis#DEFAULT}
   * @param reasons why
   * @param honoured true when the request declared it can honour every obligation's type
   */
  record Obligation(List<Duty> obligations, Basis basis, List<Reason> reasons, boolean honoured)
      implements Decision {
    /**
     * Creates the record: rejects a missing required component; copies the collections, so the record is immutable.
     *
     * @param obligations the duties, at least one, without repeats, in a deterministic order
     * @param basis {@link Basis#EXPLICIT} or {@link Basis#DEFAULT}
     * @param reasons why
     * @param honoured true when the request declared it can honour every obligation's type
     * @throws IllegalArgumentException if a component is outside what the type's description allows
     * @throws NullPointerException if a required component is null
     */
    public Obligation {
      obligations = List.copyOf(obligations);
      if (obligations.isEmpty()) {
        throw new IllegalArgumentException("an obligation decision lists at least one duty");
      }
      Objects.requireNonNull(basis, "basis");
      if (basis == Basis.ERROR) {
        throw new IllegalArgumentException("an error is always a deny");
      }
      reasons = List.copyOf(reasons);
    }

    @Override
    public Kind kind() {
      return Kind.OBLIGATION;
    }

    @Override
    public List<Diagnostic> diagnostics() {
      return List.of();
    }

    @Override
    public boolean isAllowed() {
      return honoured;
    }
  }
}
