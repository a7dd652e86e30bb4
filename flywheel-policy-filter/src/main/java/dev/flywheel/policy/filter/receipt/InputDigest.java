package dev.flywheel.policy.filter.receipt;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The SHA-256 and byte count of a run's input, hashed on a thread of its own: the bytes the filter reads are copied
 * into a bounded queue and digested in order there, so the thread that hands out the lines does not hash every byte
 * twice (its own digest of each line is the other pass). At most {@value #QUEUED} chunks wait; a reader ahead of the
 * digest waits for room, so memory stays bounded.
 */
final class InputDigest {
  private static final int QUEUED = 16;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(QUEUED);
  private final java.security.MessageDigest sha = ReceiptRecorder.sha256();
  private final Thread thread;
  private volatile boolean stopped;
  private long bytes;
  private String hex;

  InputDigest() {
    thread = new Thread(this::digestChunks, "flywheel-receipt-digest");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a copy of {@code n} bytes from {@code b[off]}, waiting for room; never blocks once stopped. */
  void add(byte[] b, int off, int n) {
    if (n <= 0) {
      return;
    }
    bytes += n;
    put(Arrays.copyOfRange(b, off, off + n));
  }

  private void put(byte[] chunk) {
    boolean interrupted = false;
    while (!stopped) {
      try {
        chunks.put(chunk);
        break;
      } catch (InterruptedException e) {
        // Keep the digest whole; the interrupt is restored for the reader to see.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void digestChunks() {
    try {
      while (true) {
        byte[] chunk = chunks.take();
        if (chunk == END) {
          return;
        }
        sha.update(chunk);
      }
    } catch (InterruptedException e) {
      // stopped by close(): the digest is abandoned
    }
  }

  /** {@return the bytes read so far} */
  long bytes() {
    return bytes;
  }

  /** Waits for every queued chunk to be digested and returns the SHA-256 in hex; the thread ends. */
  String finish() {
    if (hex == null) {
      put(END);
      boolean interrupted = false;
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      hex = HexFormat.of().formatHex(sha.digest());
    }
    return hex;
  }

  /** Stops the thread without a digest (a run that did not complete). */
  void close() {
    stopped = true;
    thread.interrupt();
  }
}
