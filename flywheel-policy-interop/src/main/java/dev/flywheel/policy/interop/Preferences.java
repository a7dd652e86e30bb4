package dev.flywheel.policy.interop;

import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.Policy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Preferences per purpose, gathered from one or more statements. Combining follows AIPREF: per purpose, any refusal
 * wins, else any conditional allow, else any allow. Across the purpose tree the same holds: a refusal (or condition)
 * stated for a purpose also binds every purpose within it, so a statement about a narrower purpose never loosens a
 * wider one (a site-wide {@code ai-train=no} is not undone by a {@code train-ai=y} that names generative training).
 * The policy lists one clause per purpose in the order of the purpose tree ({@link Purpose} declaration order), so
 * the same preferences always print the same terms, whatever order the signal listed them in.
 */
final class Preferences {
  private final Map<Purpose, Preference> byPurpose = new EnumMap<>(Purpose.class);

  /**
   * Records {@code preference} for {@code purpose} as an alternative to what is already there (alternative offers):
   * the more restrictive stays ({@link Preference#combine}).
   */
  void combine(Purpose purpose, Preference preference) {
    byPurpose.merge(purpose, preference, Preference::combine);
  }

  /**
   * Records {@code preference} for {@code purpose} as a statement that applies together with what is already there:
   * any refusal wins, else the conditions of both are required ({@link Preference#both}).
   */
  void require(Purpose purpose, Preference preference) {
    byPurpose.merge(purpose, preference, Preference::both);
  }

  /** Records {@code preference} for {@code purpose}, replacing what is there (last duplicate wins). */
  void put(Purpose purpose, Preference preference) {
    byPurpose.put(purpose, preference);
  }

  /** Adds the preferences of another statement that applies together with these ({@link #require}). */
  void combineAll(Preferences other) {
    other.byPurpose.forEach(this::require);
  }

  /** These preferences without their allows: what stands when no grant may be read from the statements. */
  Preferences refusalsOnly() {
    Preferences refusals = new Preferences();
    byPurpose.forEach((purpose, preference) -> {
      if (!preference.allowed()) {
        refusals.byPurpose.put(purpose, preference);
      }
    });
    return refusals;
  }

  /** True when some purpose is allowed (with or without conditions). */
  boolean anyAllow() {
    return byPurpose.values().stream().anyMatch(Preference::allowed);
  }

  boolean isEmpty() {
    return byPurpose.isEmpty();
  }

  Optional<Preference> get(Purpose purpose) {
    return Optional.ofNullable(byPurpose.get(purpose));
  }

  /** The preference for {@code purpose} bound by those of every wider purpose ({@link Preference#both}). */
  private Preference effective(Purpose purpose) {
    Preference effective = byPurpose.get(purpose);
    for (Purpose wider = purpose.parent(); wider != null; wider = wider.parent()) {
      Preference stated = byPurpose.get(wider);
      if (stated != null) {
        effective = effective.both(stated);
      }
    }
    return effective;
  }

  /** The nearest wider purpose with a stated preference, or null. */
  private Purpose nearestWider(Purpose purpose) {
    for (Purpose wider = purpose.parent(); wider != null; wider = wider.parent()) {
      if (byPurpose.containsKey(wider)) {
        return wider;
      }
    }
    return null;
  }

  Optional<Policy> toPolicy() {
    if (byPurpose.isEmpty()) {
      return Optional.empty();
    }
    List<Clause> clauses = new ArrayList<>();
    for (Purpose purpose : byPurpose.keySet()) {
      // The terms' most specific clause decides a purpose, so a narrower clause must carry every restriction of the
      // wider ones; when it then says just what the nearest wider clause says, that clause covers it already.
      Preference effective = effective(purpose);
      Purpose wider = nearestWider(purpose);
      if (wider == null || !effective.equals(effective(wider))) {
        clauses.add(effective.toClause(purpose));
      }
    }
    return Optional.of(new Policy(clauses, null));
  }
}
