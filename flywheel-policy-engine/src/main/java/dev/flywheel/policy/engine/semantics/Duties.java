package dev.flywheel.policy.engine.semantics;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.ObligationType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/** Orders and joins duties so that obligations never depend on the order clauses or layers were written in. */
public final class Duties {
  private Duties() {}

  /**
   * Attribution first, then payments by collective (then amount), then quotas by scope, period and limit. A total
   * order on distinct duties, so sorting a set always gives the same list.
   */
  public static final Comparator<Duty> ORDER = Duties::compare;

  private static int compare(Duty a, Duty b) {
    int byType = Integer.compare(a.type().ordinal(), b.type().ordinal());
    if (byType != 0) {
      return byType;
    }
    if (a instanceof Duty.Payment pa && b instanceof Duty.Payment pb) {
      int c = pa.collective().compareTo(pb.collective());
      if (c != 0) {
        return c;
      }
      return compareAmounts(pa.amount(), pb.amount());
    }
    if (a instanceof Duty.Quota qa && b instanceof Duty.Quota qb) {
      int c = compareNullableStrings(qa.scope(), qb.scope());
      if (c != 0) {
        return c;
      }
      c = Integer.compare(qa.period().ordinal(), qb.period().ordinal());
      return c != 0 ? c : Long.compare(qa.limit(), qb.limit());
    }
    return 0; // two attributions: equal
  }

  private static int compareAmounts(Duty.Amount a, Duty.Amount b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    int c = a.currency().compareTo(b.currency());
    return c != 0 ? c : a.value().compareTo(b.value());
  }

  /**
   * Compares two strings that may be null, null first.
   *
   * @param a one string, or null
   * @param b the other, or null
   * @return negative, zero or positive as {@code a} sorts before, with or after {@code b}
   */
  public static int compareNullableStrings(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return a.compareTo(b);
  }

  /**
   * The union of {@code duties}, without repeats, in {@link #ORDER}.
   *
   * @param duties the duties to join; not changed
   * @return an immutable list
   */
  public static List<Duty> union(Collection<Duty> duties) {
    List<Duty> distinct = new ArrayList<>(new LinkedHashSet<>(duties));
    distinct.sort(ORDER);
    return List.copyOf(distinct);
  }

  /**
   * Bit {@code type.ordinal()} set for the type of each duty.
   *
   * @param duties the duties
   * @return the mask of their obligation types
   */
  public static int typeMask(List<Duty> duties) {
    int mask = 0;
    for (Duty d : duties) {
      mask |= 1 << d.type().ordinal();
    }
    return mask;
  }

  /**
   * Bit {@code type.ordinal()} set for each type the request can honour; allocation-free.
   *
   * @param request the request
   * @return the mask of the obligation types it can honour
   */
  public static int honouredMask(dev.flywheel.policy.Request request) {
    if (request.honoured().isEmpty()) {
      return 0; // the common request: no lookups per obligation type
    }
    int mask = 0;
    ObligationType[] types = OBLIGATION_TYPES;
    for (int i = 0; i < types.length; i++) {
      if (request.honoured().contains(types[i])) {
        mask |= 1 << i;
      }
    }
    return mask;
  }

  private static final ObligationType[] OBLIGATION_TYPES = ObligationType.values();
}
