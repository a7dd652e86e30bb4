package dev.flywheel.policy.register;

import java.util.HexFormat;
import java.util.Objects;

/**
 * A register's signed tree head: the number of entries and the RFC 9162 root hash over them. The operator signs it
 * (docs/REGISTER.md, {@code checkpoint.json}); a consumer keeps the last one it verified and, on the next sync,
 * checks that the log only grew from it.
 *
 * @param size the number of entries (leaves)
 * @param rootHash the root hash, 64 lower-case hex digits (the hash of the empty string for an empty log)
 */
public record Checkpoint(long size, String rootHash) {
  /**
   * Creates the checkpoint.
   *
   * @param size the number of entries, not negative
   * @param rootHash 64 lower-case hex digits
   * @throws IllegalArgumentException if {@code size} is negative or {@code rootHash} is not 64 lower-case hex digits
   * @throws NullPointerException if {@code rootHash} is null
   */
  public Checkpoint {
    Objects.requireNonNull(rootHash, "rootHash");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
    if (!rootHash.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("rootHash must be 64 lower-case hex digits");
    }
  }

  /** {@return the root hash's 32 bytes} */
  public byte[] rootHashBytes() {
    return HexFormat.of().parseHex(rootHash);
  }
}
