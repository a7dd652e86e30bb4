package dev.flywheel.policy.register;

/** How a record read by a consumer is matched against the digests of a release. */
final class ReleaseMatching {
  private ReleaseMatching() {}

  /**
   * {@return the record's release digest ({@link RecordDigest#of(byte[])}), or {@code null} when the text has no
   * canonical form (then it matches no release: fail closed)}
   *
   * @param json the record's JSON text as read
   */
  static String digestOf(byte[] json) {
    try {
      return RecordDigest.of(json);
    } catch (RuntimeException e) { // not one JSON value with finite numbers: in no release
      return null;
    }
  }
}
