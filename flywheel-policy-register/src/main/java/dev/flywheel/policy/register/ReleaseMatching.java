package dev.flywheel.policy.register;

/** How a record read by a consumer is matched against the digests of a release. */
final class ReleaseMatching {
  private ReleaseMatching() {}

  /**
   * {@return the record's release digest ({@link RecordDigest#of}), or {@code null} when the text has no canonical
   * form (then it matches no release)}
   *
   * @param json the record's JSON text as read
   */
  static String digestOf(byte[] json) {
    return RecordDigest.of(json).orElse(null);
  }
}
