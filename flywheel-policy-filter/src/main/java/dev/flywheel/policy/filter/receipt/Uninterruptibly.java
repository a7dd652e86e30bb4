package dev.flywheel.policy.filter.receipt;

/**
 * Waiting that an interrupt does not cut short: a receipt must stay whole, so a thread that is interrupted while it
 * waits for the receipt's own threads waits on, and its interrupt is restored afterwards for its caller to see.
 */
final class Uninterruptibly {
  /** Something to wait for, which an interrupt may cut short. */
  @FunctionalInterface
  interface Wait<E extends Exception> {
    void await() throws InterruptedException, E;
  }

  private Uninterruptibly() {}

  /**
   * Waits until {@code wait} returns or throws anything but {@link InterruptedException}; restores the interrupt
   * when there was one.
   *
   * @throws E what {@code wait} throws
   */
  static <E extends Exception> void await(Wait<E> wait) throws E {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          wait.await();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
