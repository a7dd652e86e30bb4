package dev.flywheel.policy.register;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Objects;

/**
 * Loads and verifies a register folder ({@code entries.jsonl}, {@code checkpoint.json}, {@code releases/}) against
 * the pinned operator key. Verification is all or nothing: the result is the whole log or the first reason it was
 * refused; nothing is thrown for a bad register.
 */
public final class RegisterLog {
  private RegisterLog() {
  }

  /**
   * Loads and verifies the register in {@code dir}.
   *
   * @param dir the register folder
   * @param operator the pinned operator key
   * @param limits the bounds the register must keep
   * @return the verified log, or the first bad entry and why
   * @throws NullPointerException if an argument is null
   */
  public static LoadResult load(Path dir, PublicKey operator, RegisterLimits limits) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(limits, "limits");
    return new LoadResult.Rejected(LoadResult.Rejected.NO_ENTRY, "not-implemented",
        "register verification is not built yet: every register is refused");
  }
}
