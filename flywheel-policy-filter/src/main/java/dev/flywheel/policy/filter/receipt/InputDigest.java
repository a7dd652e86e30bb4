package dev.flywheel.policy.filter.receipt;

import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The SHA-256 and byte count of a run's input, hashed on the recorder's thread: the bytes the filter reads are copied
 * into buffers of a fixed pool and digested in order there, so the thread that hands out the lines does not hash the
 * input (each line's own digest is the other pass). At most {@value #QUEUED} buffers of {@value #BUFFER_BYTES} bytes
 * exist; a reader ahead of the digest waits for a buffer to come back, so memory stays bounded and nothing is
 * allocated per read but the task that digests a full buffer.
 *
 * <p>The executor must run its tasks one at a time, in the order given (the recorder's one thread, which also appends
 * the decisions tree's leaves between these tasks): that order is the digest's.
 */
final class InputDigest {
  static final int QUEUED = 16;
  static final int BUFFER_BYTES = 1 << 16;

  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(QUEUED);
  private int allocated;
  private final java.security.MessageDigest sha = ReceiptRecorder.sha256();
  private final ExecutorService thread;
  private volatile boolean stopped;
  private byte[] filling; // the buffer the reader copies into, queued when full or at the end; null between buffers
  private int filled;
  private long bytes;
  private String hex; // set on the recorder's thread by the last task; read after waiting for that task

  /** A digest whose buffers are hashed, in order, by {@code thread}: one thread, tasks in the order given. */
  InputDigest(ExecutorService thread) {
    this.thread = java.util.Objects.requireNonNull(thread, "thread");
  }

  /**
   * Adds a copy of {@code n} bytes from {@code b[off]} to the buffer being filled, queueing each buffer that fills up
   * and waiting for a free one when all are queued; never blocks once stopped.
   */
  void add(byte[] b, int off, int n) {
    while (n > 0 && !stopped) {
      if (filling == null) {
        filling = freeBuffer();
        if (filling == null) {
          return;
        }
        filled = 0;
      }
      int take = Math.min(n, filling.length - filled);
      System.arraycopy(b, off, filling, filled, take);
      filled += take;
      bytes += take;
      off += take;
      n -= take;
      if (filled == filling.length) {
        queueFilling();
      }
    }
  }

  /** Queues the buffer being filled for the recorder's thread; once the recorder is closed, stops instead. */
  private void queueFilling() {
    byte[] buffer = filling;
    int length = filled;
    filling = null;
    try {
      thread.execute(() -> digest(buffer, length));
    } catch (RejectedExecutionException e) {
      stopped = true; // the recorder was closed: the digest is abandoned
    }
  }

  /** On the recorder's thread: one buffer's bytes digested, the buffer given back to the pool. */
  private void digest(byte[] buffer, int length) {
    sha.update(buffer, 0, length);
    free.offer(buffer); // never full: the pool holds every buffer ever made, at most QUEUED
  }

  /** A buffer from the pool, a new one while fewer than {@value #QUEUED} exist; null once stopped. */
  private byte[] freeBuffer() {
    byte[] buffer = free.poll();
    if (buffer != null) {
      return buffer;
    }
    if (allocated < QUEUED) {
      allocated++;
      return new byte[BUFFER_BYTES];
    }
    boolean interrupted = false;
    try {
      while (!stopped) {
        try {
          buffer = free.poll(100, TimeUnit.MILLISECONDS);
          if (buffer != null) {
            return buffer;
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

  /** {@return the bytes read so far} */
  long bytes() {
    return bytes;
  }

  /**
   * Waits for every queued buffer to be digested and returns the SHA-256 in hex.
   *
   * @throws IllegalStateException if the recorder was closed before
   */
  String finish() {
    if (hex == null) {
      if (filling != null) {
        queueFilling();
      }
      Future<?> digested;
      try {
        // After every buffer queued before it (one thread, in order); its result is read once it is done.
        digested = thread.submit(() -> {
          hex = HexFormat.of().formatHex(sha.digest());
        });
      } catch (RejectedExecutionException e) {
        throw new IllegalStateException("the recorder is closed", e);
      }
      try {
        Uninterruptibly.await(digested::get);
      } catch (ExecutionException e) {
        throw new IllegalStateException("digesting the input failed", e.getCause());
      }
    }
    return hex;
  }

  /** Stops queueing (a run that did not complete): a reader waiting for a buffer returns. */
  void close() {
    stopped = true;
  }
}
