package dev.flywheel.policy.usage;

/**
 * A store's answer for one {@link Reservation}. Only {@link #COUNTED}, {@link #ALREADY_COUNTED} and
 * {@link #NO_QUOTA} admit the item; every other answer denies it (fail closed).
 */
public enum Admission {
  /** Admitted, and now counted in every period instance of its caps where it was not counted before. */
  COUNTED(true),
  /** Admitted without counting: the item was already counted in every period instance of its caps. */
  ALREADY_COUNTED(true),
  /** Admitted: the reservation carries no cap. */
  NO_QUOTA(true),
  /** Denied: a cap's period instance already holds {@code limit} other items. Nothing was counted. */
  QUOTA(false),
  /** Denied: the store could not be read or written (see {@link QuotaCounter#lastError()}). Nothing was counted. */
  UNAVAILABLE(false);

  private final boolean admitted;

  Admission(boolean admitted) {
    this.admitted = admitted;
  }

  /** {@return true when the item may be used} */
  public boolean isAdmitted() {
    return admitted;
  }
}
