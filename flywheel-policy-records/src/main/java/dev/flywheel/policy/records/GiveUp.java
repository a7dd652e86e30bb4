package dev.flywheel.policy.records;

/**
 * Thrown by a fast reader ({@code ByteRecordReader}, {@code StreamingRecordReader}) to leave a record to the next,
 * more general reading, which explains it; one shared instance without a stack trace, since giving up is a normal
 * outcome on a hot path and never reaches a caller.
 */
final class GiveUp extends RuntimeException {
  private static final long serialVersionUID = 1L;
  static final GiveUp INSTANCE = new GiveUp();

  private GiveUp() {
    super(null, null, false, false);
  }
}
