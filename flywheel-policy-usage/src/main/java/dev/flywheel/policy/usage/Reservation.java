package dev.flywheel.policy.usage;

import dev.flywheel.policy.Duty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One item to admit against its caps: its id, the decision time (which picks each cap's period instance) and the
 * caps from the decision's quota obligations.
 *
 * @param itemId the item's id (a record's {@code id}); quotas count distinct ids
 * @param at the decision time
 * @param claims the caps the item must fit, possibly none
 */
public record Reservation(String itemId, Instant at, List<QuotaClaim> claims) {

  /** Longest item id, in characters, a store accepts (a record's id is shorter: docs/RECORDS.md). */
  public static final int MAX_ID_LENGTH = 1024;

  /**
   * Creates the record: copies the claims.
   *
   * @param itemId the item's id, 1 to {@link #MAX_ID_LENGTH} characters
   * @param at the decision time
   * @param claims the caps, possibly empty
   * @throws NullPointerException if a component or a claim is null
   * @throws IllegalArgumentException if the id is empty or too long
   */
  public Reservation {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(at, "at");
    claims = List.copyOf(claims);
    if (itemId.isEmpty() || itemId.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("an item id must have 1 to " + MAX_ID_LENGTH + " characters, had "
          + itemId.length());
    }
  }

  /**
   * The reservation for an item decided at {@code at}, with one claim per {@link Duty.Quota} among
   * {@code obligations} (the other duties are ignored): a quota with a scope is the collective's, one without is
   * {@code contributor}'s own.
   *
   * @param itemId the item's id
   * @param contributor the item's contributor, owner of the caps without scope
   * @param at the decision time
   * @param obligations the decision's obligations
   * @return the reservation
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the id is empty or too long, or a quota without scope meets an empty
   *     contributor
   */
  public static Reservation of(String itemId, String contributor, Instant at, List<Duty> obligations) {
    Objects.requireNonNull(contributor, "contributor");
    List<QuotaClaim> claims = new ArrayList<>(1);
    for (Duty duty : obligations) {
      if (duty instanceof Duty.Quota quota) {
        QuotaOwner owner = quota.scope() != null
            ? new QuotaOwner(QuotaOwner.Kind.COLLECTIVE, quota.scope())
            : new QuotaOwner(QuotaOwner.Kind.CONTRIBUTOR, contributor);
        claims.add(new QuotaClaim(owner, quota.period(), quota.limit()));
      }
    }
    return new Reservation(itemId, at, claims);
  }
}
