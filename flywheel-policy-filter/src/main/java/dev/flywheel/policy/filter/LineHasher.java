package dev.flywheel.policy.filter;

import java.io.InputStream;

/**
 * Hashing of each line that does not depend on the order of the lines, done by a {@link FilterRun} with several
 * deciding threads in its decide stage, on those threads, right after the line was validated and decided and before
 * it is settled. A receipt uses it for each line's SHA-256 and its leaf's hash as the line's decision alone settles
 * it ({@code ReceiptRecorder#lineHasher()}), so that its tree, which must take the lines in order, only appends the
 * leaf. A run with one deciding thread never calls it: that stage runs on the consuming thread, and the receipt
 * hashes those lines on a thread of its own. See {@link RecordFilter#open(InputStream, LineHasher)}.
 *
 * <p>Implementations are thread-safe (called from any deciding thread, on any line) and never throw for anything
 * about the line.
 */
@FunctionalInterface
public interface LineHasher {
  /**
   * Hashes one decided line whose {@link FilteredLine#outcome() outcome} is not yet settled.
   *
   * @param decided the line, validated and, when it is a valid record, decided
   * @return the bytes to carry on the line as {@link FilteredLine#lineHashes()}; never changed by the run
   */
  byte[] hash(FilteredLine decided);
}
