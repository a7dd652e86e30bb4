package dev.flywheel.policy.engine.semantics;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.Reason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Orders reasons by what they say, never by where they stand, so that reordering clauses or layers gives the same
 * list: by canonical clause text (reasons without a clause first), then layer, then message; a clause written twice
 * in one layer is reported once (at its first position).
 */
public final class Reasons {
  private Reasons() {}

  /** The order of reasons in every decision: clause text, layer kind, layer name, message, then position. */
  public static final Comparator<Reason> ORDER = Reasons::compare;

  private static int compare(Reason a, Reason b) {
    int c = Duties.compareNullableStrings(a.clause(), b.clause());
    if (c != 0) {
      return c;
    }
    c = Integer.compare(a.layer().kind().ordinal(), b.layer().kind().ordinal());
    if (c != 0) {
      return c;
    }
    c = Duties.compareNullableStrings(a.layer().name(), b.layer().name());
    if (c != 0) {
      return c;
    }
    c = a.message().compareTo(b.message());
    if (c != 0) {
      return c;
    }
    int offsetA = a.span() == null ? -1 : a.span().offset();
    int offsetB = b.span() == null ? -1 : b.span().offset();
    return Integer.compare(offsetA, offsetB);
  }

  /**
   * {@code reasons} sorted by {@link #ORDER}, repeats of the same clause text, layer and message dropped.
   *
   * @param reasons the reasons; not changed
   * @return an immutable list
   */
  public static List<Reason> sorted(Collection<Reason> reasons) {
    List<Reason> all = new ArrayList<>(reasons);
    all.sort(ORDER);
    List<Reason> distinct = new ArrayList<>(all.size());
    Reason previous = null;
    for (Reason r : all) {
      if (previous == null || !sameStatement(previous, r)) {
        distinct.add(r);
        previous = r;
      }
    }
    return List.copyOf(distinct);
  }

  /**
   * Rule 7: the reasons of a statement that cannot be used, one per error diagnostic (a generic one when, oddly, no
   * diagnostic is an error), naming {@code layer}.
   *
   * @param layer the layer of the statement
   * @param diagnostics the parser's diagnostics
   * @return the sorted reasons, never empty
   */
  public static List<Reason> forErrors(Layer layer, List<Diagnostic> diagnostics) {
    List<Reason> reasons = new ArrayList<>();
    for (Diagnostic d : diagnostics) {
      if (d.isError()) {
        reasons.add(new Reason(layer, null, d.span(), d.code().id() + ": " + d.message()));
      }
    }
    if (reasons.isEmpty()) {
      reasons.add(new Reason(layer, null, null, "the terms could not be used"));
    }
    return sorted(reasons);
  }

  private static boolean sameStatement(Reason a, Reason b) {
    return a.layer().equals(b.layer())
        && java.util.Objects.equals(a.clause(), b.clause())
        && a.message().equals(b.message())
        && (a.clause() != null || java.util.Objects.equals(a.span(), b.span()));
  }
}
