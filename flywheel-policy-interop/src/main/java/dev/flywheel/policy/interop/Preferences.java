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
 * wins, else any conditional allow, else any allow. The policy lists one clause per purpose in the order of the
 * purpose tree ({@link Purpose} declaration order), so the same preferences always print the same terms, whatever
 * order the signal listed them in.
 */
final class Preferences {
  private final Map<Purpose, Preference> byPurpose = new EnumMap<>(Purpose.class);

  /** Records {@code preference} for {@code purpose}, combined with what is already there. */
  void combine(Purpose purpose, Preference preference) {
    byPurpose.merge(purpose, preference, Preference::combine);
  }

  /** Records {@code preference} for {@code purpose}, replacing what is there (last duplicate wins). */
  void put(Purpose purpose, Preference preference) {
    byPurpose.put(purpose, preference);
  }

  void combineAll(Preferences other) {
    other.byPurpose.forEach(this::combine);
  }

  boolean isEmpty() {
    return byPurpose.isEmpty();
  }

  Optional<Preference> get(Purpose purpose) {
    return Optional.ofNullable(byPurpose.get(purpose));
  }

  Optional<Policy> toPolicy() {
    if (byPurpose.isEmpty()) {
      return Optional.empty();
    }
    List<Clause> clauses = new ArrayList<>();
    byPurpose.forEach((purpose, preference) -> clauses.add(preference.toClause(purpose)));
    return Optional.of(new Policy(clauses, null));
  }
}
