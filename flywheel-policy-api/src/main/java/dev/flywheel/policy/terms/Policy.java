package dev.flywheel.policy.terms;

import dev.flywheel.policy.Span;
import java.util.List;
import java.util.Objects;

/**
 * A parsed statement of terms: its clauses in source order. Clause order never changes a decision, but it is kept so
 * that printing preserves the author's layout.
 *
 * @param clauses the clauses, at least one
 * @param span the whole source text, or {@code null} for a tree built by hand
 */
public record Policy(List<Clause> clauses, Span span) {

  /**
   * Creates the record: copies the collections, so the record is immutable.
   *
   * @param clauses the clauses, at least one
   * @param span the whole source text, or {@code null} for a tree built by hand
   * @throws IllegalArgumentException if a component is outside what the type's description allows
   */
  public Policy {
    clauses = List.copyOf(clauses);
    if (clauses.isEmpty()) {
      throw new IllegalArgumentException("a policy has at least one clause");
    }
  }

  /**
   * {@return a policy built by hand, with no source position}
   *
   * @param clauses the clauses, in order
   */
  public static Policy of(Clause... clauses) {
    return new Policy(List.of(clauses), null);
  }

  /** Equal when the clauses are equal in order; spans are ignored. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Policy other && clauses.equals(other.clauses);
  }

  @Override
  public int hashCode() {
    return clauses.hashCode();
  }

  @Override
  public String toString() {
    return "Policy" + clauses;
  }

  static <T> T nonNull(T value, String name) {
    return Objects.requireNonNull(value, name);
  }
}
