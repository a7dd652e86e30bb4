package dev.flywheel.policy.usage;

import java.util.List;
import java.util.Optional;

/**
 * Admits items against their caps for one consumer, counting each admitted item in its usage store. Get one from
 * {@link UsageStore#counter(String)}.
 *
 * <p><b>Semantics</b> (docs/USAGE.md, LANGUAGE.md rule 11). A cap counts distinct item ids per consumer, owner and
 * period instance (the calendar day, ISO week, month or year in UTC containing the reservation's time). An item
 * already counted in every period instance of its caps is admitted again without counting ({@link
 * Admission#ALREADY_COUNTED}); otherwise it is admitted and counted where it was not yet ({@link Admission#COUNTED})
 * when each such instance holds fewer than the cap's limit, and denied with {@link Admission#QUOTA}, counting nothing,
 * when one does not. However many counters, threads, processes and machines share a store, no period instance ever
 * holds more than the limit of the items counted in it.
 *
 * <p><b>Batches.</b> {@link #reserve(List)} answers a batch in one transaction, in order (an item may see those
 * before it in the batch), and commits before it returns: an answer that admits is durable. A failure of the store
 * rolls the whole batch back and answers {@link Admission#UNAVAILABLE} for each entry (fail closed); {@link
 * #lastError()} says why. The cost is a few database round trips per batch, not per item.
 *
 * <p>Thread-safe; calls on one store are serialised.
 */
public interface QuotaCounter {

  /** Most reservations one {@link #reserve(List)} call accepts. */
  int MAX_BATCH = 65_536;

  /** {@return the consumer whose use this counter counts} */
  String consumer();

  /** {@return the store, as {@link UsageStore#describe()} names it} */
  String store();

  /** {@return the kind of the store, as {@link UsageStore#kind()} names it} */
  String kind();

  /**
   * Admits or denies each reservation of {@code batch}, in order, in one transaction.
   *
   * @param batch the reservations, at most {@link #MAX_BATCH}
   * @return one answer per reservation, in the same order
   * @throws NullPointerException if {@code batch} or an entry is null
   * @throws IllegalArgumentException if {@code batch} holds more than {@link #MAX_BATCH} reservations
   * @throws IllegalStateException if the store was closed
   */
  List<Admission> reserve(List<Reservation> batch);

  /**
   * Admits or denies one reservation: a batch of one (a transaction per item; a loader deciding many items should
   * gather them into batches).
   *
   * @param reservation the reservation
   * @return the answer
   * @throws NullPointerException if {@code reservation} is null
   * @throws IllegalStateException if the store was closed
   */
  default Admission reserve(Reservation reservation) {
    return reserve(List.of(reservation)).get(0);
  }

  /** {@return the failure of the store behind the most recent batch answered {@link Admission#UNAVAILABLE}, if any} */
  Optional<StoreError> lastError();
}
