package dev.flywheel.policy.register;

import java.util.Objects;

/**
 * What loading a register gives: the whole verified log, or the first reason it was refused. A refused register is
 * not used in part or whole.
 */
public sealed interface LoadResult permits LoadResult.Verified, LoadResult.Rejected {

  /**
   * Every check passed.
   *
   * @param log the verified log
   */
  record Verified(VerifiedLog log) implements LoadResult {
    /**
     * Creates the result.
     *
     * @param log the verified log
     * @throws NullPointerException if {@code log} is null
     */
    public Verified {
      Objects.requireNonNull(log, "log");
    }
  }

  /**
   * The register was refused.
   *
   * @param seq the first bad entry's position, or {@link #NO_ENTRY} when the fault is not in one entry (a missing
   *     file, the checkpoint, the operator key)
   * @param code a stable reason code, listed in docs/REGISTER.md ({@code bad-signature}, {@code seq-gap}, ...)
   * @param message what is wrong, in one line, for a person
   */
  record Rejected(long seq, String code, String message) implements LoadResult {
    /** The {@code seq} of a fault that is in no one entry. */
    public static final long NO_ENTRY = -1;

    /**
     * Creates the result.
     *
     * @param seq the bad entry's position, or {@link #NO_ENTRY}
     * @param code the reason code
     * @param message the reason, for a person
     * @throws NullPointerException if {@code code} or {@code message} is null
     */
    public Rejected {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }
}
