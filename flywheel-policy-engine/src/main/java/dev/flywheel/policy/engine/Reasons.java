package dev.flywheel.policy.engine;

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
final class Reasons {
  private Reasons() {}

  static final Comparator<Reason> ORDER = Reasons::compare;

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

  /** {@code reasons} sorted by {@link #ORDER}, repeats of the same clause text, layer and message dropped. */
  static List<Reason> sorted(Collection<Reason> reasons) {
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

  private static boolean sameStatement(Reason a, Reason b) {
    return a.layer().equals(b.layer())
        && java.util.Objects.equals(a.clause(), b.clause())
        && a.message().equals(b.message())
        && (a.clause() != null || java.util.Objects.equals(a.span(), b.span()));
  }
}
