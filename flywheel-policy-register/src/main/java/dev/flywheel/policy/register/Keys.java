package dev.flywheel.policy.register;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;

/**
 * Ed25519 keys of a register: key ids, and reading and writing keys as PEM.
 *
 * <p>A key's id is the lower-case hex SHA-256 of its X.509 SubjectPublicKeyInfo DER encoding (the bytes inside the
 * {@code .pub} file's PEM armour): stable, the same in every implementation, and 64 characters long.
 */
public final class Keys {
  private Keys() {
  }

  /**
   * The id of a public key.
   *
   * @param key an Ed25519 public key
   * @return 64 lower-case hex digits
   */
  public static String keyId(PublicKey key) {
    return HexFormat.of().formatHex(sha256(key.getEncoded()));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
