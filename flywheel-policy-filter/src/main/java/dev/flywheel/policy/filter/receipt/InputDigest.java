package dev.flywheel.policy.filter.receipt;

import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The SHA-256 and byte count of a run's input, hashed on a thread of its own: the bytes the filter reads are copied
 * into buffers of a fixed pool and digested in order there, so the thread that hands out the lines does not hash the
 * input (each line's own digest is the other pass). At most {@value #QUEUED} buffers of {@value #BUFFER_BYTES} bytes
 * exist; a reader ahead of the digest waits for a buffer to come back, so memory stays bounded and nothing is
 * allocated per read.
 */
final class InputDigest {
  static final int QUEUED = 16;
  static final int BUFFER_BYTES = 1 << 16;

  /** A pooled buffer and how many of its bytes are to be digested; {@code length < 0} ends the digest. */
  private static final class Chunk {
    final byte[] bytes;
    int length;

    Chunk(byte[] bytes) {
      this.bytes = bytes;
    }
  }

  private static final Chunk END = new Chunk(new byte[0]);

  private final BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(QUEUED + 1);
  private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(QUEUED);
  private int allocated;
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

  /** Queues a copy of {@code n} bytes from {@code b[off]}, waiting for a free buffer; never blocks once stopped. */
  void add(byte[] b, int off, int n) {
    while (n > 0 && !stopped) {
      Chunk chunk = freeChunk();
      if (chunk == null) {
        return;
      }
      int take = Math.min(n, chunk.bytes.length);
      System.arraycopy(b, off, chunk.bytes, 0, take);
      chunk.length = take;
      bytes += take;
      off += take;
      n -= take;
      put(chunk);
    }
  }

  /** A buffer from the pool, a new one while fewer than {@value #QUEUED} exist; null once stopped. */
  private Chunk freeChunk() {
    Chunk chunk = free.poll();
    if (chunk != null) {
      return chunk;
    }
    if (allocated < QUEUED) {
      allocated++;
      return new Chunk(new byte[BUFFER_BYTES]);
    }
    boolean interrupted = false;
    try {
      while (!stopped) {
        try {
          chunk = free.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
          if (chunk != null) {
            return chunk;
          }
        } catch (InterruptedException e) {
          // Keep the digest whole; the interrupt is restored for the reader to see.
          interrupted = true;
        }
      }
      return null;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void put(Chunk chunk) {
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
        Chunk chunk = chunks.take();
        if (chunk == END) {
          return;
        }
        sha.update(chunk.bytes, 0, chunk.length);
        free.offer(chunk); // never full: the pool holds every buffer ever made, at most QUEUED
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
      Uninterruptibly.await(thread::join);
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
