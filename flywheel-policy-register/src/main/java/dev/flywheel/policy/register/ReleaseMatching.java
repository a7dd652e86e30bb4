package dev.flywheel.policy.register;

/** How a record read by a consumer is matched against the digests of a release. */
final class ReleaseMatching {
  private ReleaseMatching() {}

  /**
   * {@return the record's release digest (lower-case hex SHA-256 of its RFC 8785 canonical JSON), or {@code null}
   * when the text cannot be canonicalised (then it matches no release)}
   *
   * @param json the record's JSON text as read
   */
  static String digestOf(byte[] json) {
    return null;
  }
}
