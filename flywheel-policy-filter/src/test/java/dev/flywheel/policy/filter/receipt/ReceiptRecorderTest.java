package dev.flywheel.policy.filter.receipt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.filter.DenialReason;
import dev.flywheel.policy.filter.FilterRun;
import dev.flywheel.policy.filter.FilteredLine;
import dev.flywheel.policy.filter.LineHasher;
import dev.flywheel.policy.filter.RecordFilter;
import dev.flywheel.policy.records.RecordLimits;
import dev.flywheel.policy.records.RecordValidator;
import dev.flywheel.policy.register.MerkleTree;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The recorder: lines hashed in the run's decide stage give the receipt its own thread gives; its bounds. */
class ReceiptRecorderTest {
  private static final Request REQUEST = Request.of(Purpose.TRAIN).at(Instant.parse("2026-06-01T00:00:00Z"))
      .honouring(ObligationType.ATTRIBUTION, ObligationType.QUOTA);
  private static final Instant T = Instant.parse("2026-06-01T00:00:01Z");
  private static final int MAX_RECORD_BYTES = 2000;

  private static String record(String id, String contributor, String preference) {
    return "{\"schemaVersion\":1,\"id\":\"" + id + "\",\"contributor\":\"" + contributor + "\","
        + "\"collectives\":[],\"provenance\":{\"source\":\"s\",\"method\":\"chat\","
        + "\"created\":\"2026-03-01T00:00:00Z\"},\"licence\":\"LicenseRef-x\",\"released\":null,"
        + "\"preference\":\"" + preference + "\",\"statements\":[],\"tags\":{}}";
  }

  /**
   * Several chunks of lines of every kind: allowed with a quota, denied by that quota once it is used up (settled
   * otherwise than the decision alone), denied by the terms, with an obligation, invalid, too long to keep.
   */
  private static byte[] input() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 700; i++) {
      sb.append(record("q-" + i, "c-" + (i % 50), "allow train if limit 3 per day")).append('\n');
      sb.append(record("d-" + i, "c-d", "deny train")).append('\n');
      sb.append(record("a-" + i, "c-a", "train if attribution")).append('\n');
      sb.append(i % 7 == 0 ? "not json" : "x".repeat(i % 11 == 0 ? MAX_RECORD_BYTES + 1 : 3)).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static RecordFilter filter(int threads) {
    PolicyEngine engine = PolicyEngine.builder().build();
    return RecordFilter.builder(engine).request(REQUEST).threads(threads)
        .validator(RecordValidator.create(RecordLimits.DEFAULTS.withMaxRecordBytes(MAX_RECORD_BYTES), engine))
        .build();
  }

  private static Receipt receipt(int threads, boolean hashInDecideStage, List<FilteredLine> lines) {
    try (ReceiptRecorder recorder = new ReceiptRecorder()) {
      RecordFilter filter = filter(threads);
      ByteArrayInputStream in = new ByteArrayInputStream(input());
      try (FilterRun run = hashInDecideStage ? filter.open(recorder.wrap(in), recorder.lineHasher())
          : filter.open(recorder.wrap(in))) {
        while (run.hasNext()) {
          FilteredLine line = run.next();
          lines.add(line);
          recorder.record(line);
        }
        return finish(recorder, run);
      }
    }
  }

  private static Receipt finish(ReceiptRecorder recorder, FilterRun run) {
    try {
      return recorder.finish(run.ledger(), LedgerBytes.of(run.ledger()), new Receipt.Tool("flywheel-policy", "v",
          "c"), new Receipt.Engine("v", "1"), null, null, T, T);
    } catch (CharacterCodingException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void record_linesHashedInTheDecideStageOfFourThreads_sameReceiptAsHashedByTheRecorder() {
    List<FilteredLine> hashed = new ArrayList<>();
    List<FilteredLine> plain = new ArrayList<>();
    Receipt inDecideStage = receipt(4, true, hashed);
    Receipt onConsumer = receipt(1, false, plain);
    assertEquals(onConsumer, inDecideStage);
    assertEquals(onConsumer.decisionsRoot(), receipt(1, true, new ArrayList<>()).decisionsRoot());
    assertTrue(hashed.stream().allMatch(l -> l.lineHashes() != null), "every line hashed in the decide stage");
    assertTrue(plain.stream().allMatch(l -> l.lineHashes() == null), "nothing hashed without a hasher");
    assertTrue(hashed.stream().anyMatch(l -> l.reason().orElse(null) == DenialReason.QUOTA),
        "a quota settled some allowed decision as denied");
    assertTrue(hashed.stream().anyMatch(l -> !l.hasText()), "some line was too long to keep");
  }

  @Test
  void record_oneDecidingThread_runNeverCallsTheHasherAndTheReceiptIsTheSame() {
    AtomicInteger hasherCalls = new AtomicInteger();
    List<FilteredLine> lines = new ArrayList<>();
    Receipt plain = receipt(1, false, new ArrayList<>());
    try (ReceiptRecorder recorder = new ReceiptRecorder()) {
      LineHasher hasher = recorder.lineHasher();
      try (FilterRun run = filter(1).open(recorder.wrap(new ByteArrayInputStream(input())), line -> {
        hasherCalls.incrementAndGet();
        return hasher.hash(line);
      })) {
        while (run.hasNext()) {
          FilteredLine line = run.next();
          lines.add(line);
          recorder.record(line);
        }
        assertEquals(plain, finish(recorder, run));
      }
    }
    assertEquals(0, hasherCalls.get(), "one deciding thread: nothing hashed in the decide stage");
    assertTrue(lines.stream().allMatch(l -> l.lineHashes() == null), "no line carries hashes");
    assertEquals(plain, receipt(3, true, new ArrayList<>()), "the same receipt as hashed by three deciding threads");
    for (int i = 0; i < lines.size(); i++) {
      assertEquals(i + 1, lines.get(i).lineNumber(), "lines handed out in input order");
    }
  }

  /**
   * A recorder's thread that waits for {@code release} before it takes any work; {@code started} names each one made.
   * The runs it records read their input unwrapped, so that only batches of lines wait for it.
   */
  private static ThreadFactory heldBack(CountDownLatch release,
      List<String> started) {
    return work -> {
      Thread thread = new Thread(() -> {
        started.add(Thread.currentThread().getName());
        try {
          release.await();
        } catch (InterruptedException e) {
          return;
        }
        work.run();
      }, "test-recorder");
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Records {@code lines} with the recorder's thread held back: every line before {@code firstWaiting} is recorded
   * without waiting, the one at {@code firstWaiting} waits until the thread is released; then the rest. Returns the
   * receipt.
   */
  private static Receipt recordHeldBack(ReceiptRecorder recorder, CountDownLatch release,
      FilterRun run, List<FilteredLine> lines, int firstWaiting) throws Exception {
    assertTrue(lines.size() > firstWaiting + 1, "the input has lines past the one that waits");
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      for (int i = 0; i < firstWaiting; i++) {
        recorder.record(lines.get(i));
      }
    });
    CompletableFuture<Void> waiting =
        CompletableFuture.runAsync(() -> recorder.record(lines.get(firstWaiting)));
    Thread.sleep(300);
    assertFalse(waiting.isDone(), "line " + (firstWaiting + 1) + " waits while the batches ahead wait");
    release.countDown();
    waiting.get(30, TimeUnit.SECONDS);
    for (int i = firstWaiting + 1; i < lines.size(); i++) {
      recorder.record(lines.get(i));
    }
    return finish(recorder, run);
  }

  /** The receipt of {@code data} through {@code filter}, its input read unwrapped (the digest of no bytes). */
  private static Receipt unwrappedReceipt(RecordFilter filter, byte[] data) {
    try (ReceiptRecorder plain = new ReceiptRecorder();
        FilterRun run = filter.open(new ByteArrayInputStream(data))) {
      run.forEachRemaining(plain::record);
      return finish(plain, run);
    }
  }

  @Test
  void record_recorderThreadHeldBack_fullBatchesAheadHandedOverWithoutWaitingOneMoreWaits() throws Exception {
    Receipt expected = unwrappedReceipt(filter(1), input());
    // Short lines: batches end at their line bound. The batches ahead, then one more filling; its last line waits.
    int firstWaiting = (ReceiptRecorder.BATCHES_AHEAD + 1) * ReceiptRecorder.BATCH_LINES - 1;
    CountDownLatch release = new CountDownLatch(1);
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    try (ReceiptRecorder recorder = new ReceiptRecorder(ReceiptRecorder.MAX_LINES, heldBack(release, started));
        FilterRun run = filter(1).open(new ByteArrayInputStream(input()))) {
      List<FilteredLine> lines = new ArrayList<>();
      run.forEachRemaining(lines::add);
      assertEquals(expected, recordHeldBack(recorder, release, run, lines, firstWaiting));
    }
    assertEquals(List.of("test-recorder"), started, "one recorder's thread, started with the first batch");
  }

  @Test
  void record_oneDecidingThread_theInputAndTheLinesHashedOnTheRecordersOneThread() {
    Receipt expected = receipt(1, false, new ArrayList<>());
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    ThreadFactory named = work -> {
      started.add("recorder");
      Thread thread = new Thread(work);
      thread.setDaemon(true);
      return thread;
    };
    try (ReceiptRecorder recorder = new ReceiptRecorder(ReceiptRecorder.MAX_LINES, named);
        FilterRun run = filter(1).open(recorder.wrap(new ByteArrayInputStream(input())))) {
      run.forEachRemaining(recorder::record);
      assertEquals(expected, finish(recorder, run));
      assertTrue(recorder.batchesHandedOver() > ReceiptRecorder.BATCHES_AHEAD, "many batches handed over");
    }
    assertEquals(List.of("recorder"), started, "one thread for the input's digest and the lines' leaves");
  }

  @Test
  void wrap_recordersThreadHeldBack_readingPastTheDigestsPoolWaitsForIt() throws Exception {
    // The input's digest runs on the thread that takes the lines' batches: held back, the reader waits once every
    // buffer of the digest's pool is queued, and goes on when the thread is released.
    int size = (InputDigest.QUEUED + 1) * InputDigest.BUFFER_BYTES;
    CountDownLatch release = new CountDownLatch(1);
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    try (ReceiptRecorder recorder = new ReceiptRecorder(ReceiptRecorder.MAX_LINES, heldBack(release, started))) {
      InputStream in = recorder.wrap(new ByteArrayInputStream(new byte[size]));
      CompletableFuture<Long> reading = CompletableFuture.supplyAsync(() -> {
        try {
          return in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      Thread.sleep(300);
      assertFalse(reading.isDone(), "the reader waits for the recorder's thread to digest a buffer");
      release.countDown();
      assertEquals(size, reading.get(30, TimeUnit.SECONDS));
    }
    assertEquals(List.of("test-recorder"), started, "the digest's thread is the recorder's one thread");
  }

  @Test
  void record_longLinesWithTheRecordersThreadHeldBack_batchesEndAtTheirByteBound() throws Exception {
    // Lines of 100,000 bytes (not records: invalid lines are recorded like any other): a batch holds 11 of them.
    int lineBytes = 100_000;
    int perBatch = (ReceiptRecorder.BATCH_BYTES + lineBytes - 1) / lineBytes;
    assertTrue(perBatch < ReceiptRecorder.BATCH_LINES, "the byte bound ends these batches");
    byte[] data = ("x".repeat(lineBytes) + "\n").repeat((ReceiptRecorder.BATCHES_AHEAD + 2) * perBatch)
        .getBytes(StandardCharsets.UTF_8);
    Receipt expected = unwrappedReceipt(filterOfLongLines(), data);
    int firstWaiting = (ReceiptRecorder.BATCHES_AHEAD + 1) * perBatch - 1;
    CountDownLatch release = new CountDownLatch(1);
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    try (ReceiptRecorder recorder = new ReceiptRecorder(ReceiptRecorder.MAX_LINES, heldBack(release, started));
        FilterRun run = filterOfLongLines().open(new ByteArrayInputStream(data))) {
      List<FilteredLine> lines = new ArrayList<>();
      run.forEachRemaining(lines::add);
      assertEquals(expected, recordHeldBack(recorder, release, run, lines, firstWaiting));
    }
  }

  private static RecordFilter filterOfLongLines() {
    PolicyEngine engine = PolicyEngine.builder().build();
    return RecordFilter.builder(engine).request(REQUEST).build();
  }

  @Test
  void record_linesHashedByThreeDecidingThreads_appendedOnTheCallingThreadNoBatchHandedOver() {
    Receipt expected = receipt(1, false, new ArrayList<>());
    try (ReceiptRecorder recorder = new ReceiptRecorder();
        FilterRun run = filter(3).open(recorder.wrap(new ByteArrayInputStream(input())), recorder.lineHasher())) {
      long lines = 0;
      while (run.hasNext()) {
        recorder.record(run.next());
        lines++;
      }
      assertTrue(lines > ReceiptRecorder.BATCH_LINES * (ReceiptRecorder.BATCHES_AHEAD + 1L), "many batches' worth");
      assertEquals(expected, finish(recorder, run));
      assertEquals(0, recorder.batchesHandedOver(), "lines that come hashed are appended on the calling thread");
    }
  }

  @Test
  void record_afterClose_throwsAndCountsNothingMore() {
    List<FilteredLine> lines = new ArrayList<>();
    receipt(1, false, lines);
    ReceiptRecorder recorder = new ReceiptRecorder();
    recorder.record(lines.get(0));
    recorder.close();
    IllegalStateException closed = assertThrows(IllegalStateException.class, () -> recorder.record(lines.get(1)));
    assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    assertEquals(1, recorder.lines());
  }

  @Test
  void record_linesHashedInTheDecideStage_rootIsOverTheLeavesAuditMdDefines() throws Exception {
    List<FilteredLine> lines = new ArrayList<>();
    Receipt receipt = receipt(3, true, lines);
    List<byte[]> leafHashes = new ArrayList<>();
    DecisionLeaf leaf = new DecisionLeaf();
    for (FilteredLine line : lines) {
      byte[] sha = line.hasText()
          ? MessageDigest.getInstance("SHA-256").digest(line.text().getBytes(StandardCharsets.UTF_8))
          : new byte[32];
      leaf.encode(line, sha);
      leafHashes.add(MerkleTree.leafHash(Arrays.copyOf(leaf.bytes(), leaf.length())));
      assertArrayEquals(sha, Arrays.copyOf(line.lineHashes(), 32), "line " + line.lineNumber());
    }
    assertEquals(java.util.HexFormat.of().formatHex(MerkleTree.root(leafHashes)), receipt.decisionsRoot());
    assertEquals(lines.size(), receipt.input().lines());
  }

  @Test
  void record_atItsMostLines_recordsThemAndOneMoreThrowsAndTheReceiptCannotBeFinished() {
    List<FilteredLine> lines = new ArrayList<>();
    receipt(1, false, lines);
    try (ReceiptRecorder recorder = new ReceiptRecorder(3)) {
      for (int i = 0; i < 3; i++) {
        recorder.record(lines.get(i));
      }
      assertEquals(3, recorder.lines());
      IllegalStateException past = assertThrows(IllegalStateException.class, () -> recorder.record(lines.get(3)));
      assertTrue(past.getMessage().contains("at most 3 lines"), past.getMessage());
      assertEquals(3, recorder.lines());
      assertThrows(IllegalStateException.class, () -> recorder.finish(null, new byte[0], null, null, null, null,
          T, T));
    }
  }

  @Test
  void constructor_default_recordsAtMostMaxLinesWhichFitsOneDigestArray() {
    try (ReceiptRecorder recorder = new ReceiptRecorder()) {
      assertEquals(ReceiptRecorder.MAX_LINES, recorder.maxLines());
    }
    assertEquals(20_000_000, ReceiptRecorder.MAX_LINES);
    assertTrue(ReceiptRecorder.MAX_LINES * ReceiptRecorder.LINE_DIGEST_BYTES <= Integer.MAX_VALUE - 8);
    assertThrows(IllegalArgumentException.class, () -> new ReceiptRecorder(ReceiptRecorder.MAX_LINES + 1));
    assertNotNull(new ReceiptRecorder(0).lineHasher());
  }

  @Test
  void lineHasher_lineWithoutText_carriesZerosForItsDigest() {
    List<FilteredLine> lines = new ArrayList<>();
    receipt(2, true, lines);
    FilteredLine tooLong = lines.stream().filter(l -> !l.hasText()).findFirst().orElseThrow();
    assertArrayEquals(new byte[32], Arrays.copyOf(tooLong.lineHashes(), 32));
    assertNull(tooLong.id());
  }
}
