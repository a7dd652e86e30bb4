package dev.flywheel.policy.filter.receipt;

import dev.flywheel.policy.usage.Admission;
import dev.flywheel.policy.usage.QuotaCounter;
import dev.flywheel.policy.usage.Reservation;
import dev.flywheel.policy.usage.StoreError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The usage store of an audited run, as its receipt tells it: each reservation is answered with the receipt's answer
 * for the next reserved line ({@link Receipt.Usage#answers()}), admitted as {@link Admission#COUNTED} or refused as
 * {@link Admission#QUOTA}. The store's counts themselves cannot be replayed, so these answers are taken on the
 * receipt's word; everything else about each line is decided again. A reservation past the receipt's answers is
 * answered {@link Admission#UNAVAILABLE} (fail closed: the line is denied, and the audit's root then differs).
 *
 * <p>Not thread-safe: one audit's run, whose reservations come in input order from its consuming thread.
 */
final class ReplayedUsage implements QuotaCounter {
  private final Receipt.Usage usage;
  private final boolean[] answers;
  private long asked;

  /**
   * A store answering as {@code usage} says.
   *
   * @param usage the receipt's usage part
   * @param answers its decoded answers
   */
  ReplayedUsage(Receipt.Usage usage, boolean[] answers) {
    this.usage = Objects.requireNonNull(usage, "usage");
    this.answers = Objects.requireNonNull(answers, "answers");
  }

  @Override
  public String consumer() {
    return usage.consumer();
  }

  @Override
  public String store() {
    return usage.store();
  }

  @Override
  public String kind() {
    return usage.kind();
  }

  @Override
  public List<Admission> reserve(List<Reservation> batch) {
    if (batch.size() > MAX_BATCH) {
      throw new IllegalArgumentException("at most " + MAX_BATCH + " reservations per batch");
    }
    List<Admission> out = new ArrayList<>(batch.size());
    for (Reservation r : batch) {
      Objects.requireNonNull(r, "reservation");
      out.add(asked < answers.length ? (answers[(int) asked] ? Admission.COUNTED : Admission.QUOTA)
          : Admission.UNAVAILABLE);
      asked++;
    }
    return out;
  }

  @Override
  public Optional<StoreError> lastError() {
    return Optional.empty();
  }

  /** {@return how many reservations were asked for} */
  long asked() {
    return asked;
  }

  /** {@return how many answers the receipt gives} */
  long answered() {
    return answers.length;
  }

  /** {@return how many of the receipt's answers refuse} */
  long refused() {
    long n = 0;
    for (boolean a : answers) {
      n += a ? 0 : 1;
    }
    return n;
  }
}
