package dev.flywheel.policy.filter.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The input's digest on its own thread, through a fixed pool of buffers. */
class InputDigestTest {
  @Test
  void finish_manyTimesThePoolsBytesInPiecesOfEverySize_isTheSha256OfThemAll() throws Exception {
    byte[] data = new byte[InputDigest.QUEUED * InputDigest.BUFFER_BYTES * 3 + 12_345];
    new Random(7).nextBytes(data);
    InputDigest digest = new InputDigest();
    int off = 0;
    int[] sizes = {1, 4093, InputDigest.BUFFER_BYTES, InputDigest.BUFFER_BYTES + 1, 3 * InputDigest.BUFFER_BYTES, 77};
    for (int i = 0; off < data.length; i++) {
      int n = Math.min(sizes[i % sizes.length], data.length - off);
      digest.add(data, off, n);
      off += n;
    }
    assertEquals(data.length, digest.bytes());
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)), digest.finish());
  }

  @Test
  void finish_nothingAdded_isTheSha256OfNoBytes() throws Exception {
    InputDigest digest = new InputDigest();
    assertEquals(0, digest.bytes());
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest()), digest.finish());
  }

  @Test
  void add_afterClose_returnsWithoutWaitingForTheStoppedThread() {
    InputDigest digest = new InputDigest();
    digest.close();
    byte[] data = new byte[InputDigest.QUEUED * InputDigest.BUFFER_BYTES * 4];
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> digest.add(data, 0, data.length));
  }
}
