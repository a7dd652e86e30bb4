package dev.flywheel.policy.filter.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The input's digest on the recorder's thread, through a fixed pool of buffers. */
class InputDigestTest {
  private final ExecutorService thread = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopThread() {
    thread.shutdownNow();
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  @Test
  void finish_manyTimesThePoolsBytesInPiecesOfEverySize_isTheSha256OfThemAll() throws Exception {
    byte[] data = new byte[InputDigest.QUEUED * InputDigest.BUFFER_BYTES * 3 + 12_345];
    new Random(7).nextBytes(data);
    InputDigest digest = new InputDigest(thread);
    int off = 0;
    int[] sizes = {1, 4093, InputDigest.BUFFER_BYTES, InputDigest.BUFFER_BYTES + 1, 3 * InputDigest.BUFFER_BYTES, 77};
    for (int i = 0; off < data.length; i++) {
      int n = Math.min(sizes[i % sizes.length], data.length - off);
      digest.add(data, off, n);
      off += n;
    }
    assertEquals(data.length, digest.bytes());
    assertEquals(sha256(data), digest.finish());
  }

  @Test
  void finish_nothingAdded_isTheSha256OfNoBytes() throws Exception {
    InputDigest digest = new InputDigest(thread);
    assertEquals(0, digest.bytes());
    assertEquals(sha256(new byte[0]), digest.finish());
  }

  @Test
  void finish_otherWorkOnTheThreadBetweenTheBuffers_isTheSha256OfThemAll() throws Exception {
    // The recorder's thread also appends batches of lines between the input's buffers.
    byte[] data = new byte[InputDigest.BUFFER_BYTES * 5 + 3];
    new Random(11).nextBytes(data);
    InputDigest digest = new InputDigest(thread);
    for (int off = 0; off < data.length; off += 40_000) {
      thread.execute(() -> Thread.onSpinWait());
      digest.add(data, off, Math.min(40_000, data.length - off));
    }
    assertEquals(sha256(data), digest.finish());
  }

  @Test
  void add_threadHeldBack_waitsOncePoolIsQueuedAndGoesOnWhenReleased() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    thread.execute(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    byte[] data = new byte[InputDigest.BUFFER_BYTES * (InputDigest.QUEUED + 1)];
    new Random(13).nextBytes(data);
    InputDigest digest = new InputDigest(thread);
    assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> digest.add(data, 0, InputDigest.BUFFER_BYTES * InputDigest.QUEUED));
    CompletableFuture<Void> waiting = CompletableFuture.runAsync(
        () -> digest.add(data, InputDigest.BUFFER_BYTES * InputDigest.QUEUED, InputDigest.BUFFER_BYTES));
    Thread.sleep(300);
    assertFalse(waiting.isDone(), "every buffer of the pool is queued: the reader waits for one");
    release.countDown();
    waiting.get(30, TimeUnit.SECONDS);
    assertEquals(sha256(data), digest.finish());
  }

  @Test
  void add_afterClose_returnsWithoutWaitingForTheStoppedThread() {
    InputDigest digest = new InputDigest(thread);
    digest.close();
    thread.shutdownNow();
    byte[] data = new byte[InputDigest.QUEUED * InputDigest.BUFFER_BYTES * 4];
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> digest.add(data, 0, data.length));
  }

  @Test
  void add_threadStoppedWithoutClose_returnsAndFinishSaysSo() {
    InputDigest digest = new InputDigest(thread);
    thread.shutdownNow();
    byte[] data = new byte[InputDigest.QUEUED * InputDigest.BUFFER_BYTES * 4];
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> digest.add(data, 0, data.length));
    assertThrows(IllegalStateException.class, digest::finish);
  }
}
