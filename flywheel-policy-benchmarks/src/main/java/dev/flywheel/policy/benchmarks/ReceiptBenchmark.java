package dev.flywheel.policy.benchmarks;

import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.filter.FilterRun;
import dev.flywheel.policy.filter.FilteredLine;
import dev.flywheel.policy.filter.RecordFilter;
import dev.flywheel.policy.filter.receipt.LedgerBytes;
import dev.flywheel.policy.filter.receipt.Receipt;
import dev.flywheel.policy.filter.receipt.ReceiptRecorder;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a receipt costs the filter: {@link FilterBenchmark}'s run on the generated dataset, with and without a
 * {@link ReceiptRecorder}, as {@code filter --receipt} does it (the input hashed as read on the recorder's thread;
 * each line's digest and leaf hash on that thread too with one deciding thread, or in the run's decide stage through
 * {@link ReceiptRecorder#lineHasher()} with several, the Merkle root then appended on the consuming thread; the
 * ledger's bytes and digest at the end), on {@link #threads} deciding threads. The score is records per second; the
 * receipt's cost is the ratio. {@link ReceiptDatasetBenchmark} runs the same two over the whole 1,000,000-line file.
 * {@link #receiptWorkOnly} is all of the receipt's work on lines already decided (the input read through the
 * hashing stream, every line's digest and leaf hashed and appended through {@link ReceiptRecorder#record}, the
 * receipt finished), nearly all of it on the recorder's thread. {@link #lineDigestsOnly} is the SHA-256 of every
 * line's bytes alone, the part of the receipt's work that stays whichever thread does it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ReceiptBenchmark {
  static final int RECORDS = FilterWorkload.RECORDS;
  private static final Receipt.Tool TOOL = new Receipt.Tool("flywheel-policy", "bench", "bench");
  private static final Receipt.Engine ENGINE = new Receipt.Engine("bench", ReceiptRecorder.LANGUAGE_VERSION);

  /** Deciding threads of the run, as {@code filter --threads}. */
  @Param({"1", "2"})
  public int threads;

  private byte[] jsonl;
  private final byte[] digestOut = new byte[32];
  private java.security.MessageDigest lineSha;
  private RecordFilter filter;
  private java.util.List<FilteredLine> decided;
  private java.util.List<FilteredLine> hashed; // decided with each line's hashes computed in the decide stage
  private dev.flywheel.policy.filter.Ledger ledger;

  @Setup
  public void setUp() {
    jsonl = FilterWorkload.dataset(RECORDS);
    try {
      lineSha = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    filter = RecordFilter.builder(PolicyEngine.builder().build()).request(FilterWorkload.README_REQUEST)
        .threads(threads).build();
    decided = new java.util.ArrayList<>(RECORDS);
    try (FilterRun run = filter.open(new ByteArrayInputStream(jsonl))) {
      while (run.hasNext()) {
        decided.add(run.next());
      }
      ledger = run.ledger();
    }
    hashed = new java.util.ArrayList<>(RECORDS);
    try (ReceiptRecorder recorder = new ReceiptRecorder();
        FilterRun run = filter.open(new ByteArrayInputStream(jsonl), recorder.lineHasher())) {
      while (run.hasNext()) {
        hashed.add(run.next());
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long filterWithoutReceipt() {
    return filterWithoutReceipt(filter, jsonl);
  }

  /** {@return the allowed lines of {@code jsonl}}, filtered as {@code filter} without a receipt. */
  static long filterWithoutReceipt(RecordFilter filter, byte[] jsonl) {
    long allowed = 0;
    try (FilterRun run = filter.open(new ByteArrayInputStream(jsonl))) {
      while (run.hasNext()) {
        if (run.next().isAllowed()) {
          allowed++;
        }
      }
    }
    return allowed;
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public Receipt filterWithReceipt() throws CharacterCodingException {
    return filterWithReceipt(filter, jsonl);
  }

  /** {@return the receipt of filtering {@code jsonl} through {@code filter}}, recorded as {@code filter --receipt}. */
  static Receipt filterWithReceipt(RecordFilter filter, byte[] jsonl) throws CharacterCodingException {
    try (ReceiptRecorder recorder = new ReceiptRecorder();
        FilterRun run = filter.open(recorder.wrap(new ByteArrayInputStream(jsonl)), recorder.lineHasher())) {
      while (run.hasNext()) {
        FilteredLine line = run.next();
        recorder.record(line);
      }
      Instant now = Instant.now();
      return recorder.finish(run.ledger(), LedgerBytes.of(run.ledger()), TOOL, ENGINE, null, null, now, now);
    }
  }

  /**
   * The receipt's work left on the consuming thread when the run hashed each line in its decide stage: every line's
   * precomputed leaf hash appended to the tree, in order (the input digest, on the recorder's thread, and the
   * receipt's finishing are left out).
   */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public String receiptOrderedWorkOnly() {
    try (ReceiptRecorder recorder = new ReceiptRecorder()) {
      recorder.lineHasher(); // the lines carry hashes from the decide stage: use them
      for (FilteredLine line : hashed) {
        recorder.record(line);
      }
      return recorder.decisionsRoot();
    }
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public byte[] lineDigestsOnly() throws java.security.DigestException {
    java.security.MessageDigest sha = lineSha;
    byte[] out = digestOut;
    int start = 0;
    for (int i = 0; i < jsonl.length; i++) {
      if (jsonl[i] == '\n') {
        sha.update(jsonl, start, i - start);
        sha.digest(out, 0, 32);
        start = i + 1;
      }
    }
    return out;
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public Receipt receiptWorkOnly() throws java.io.IOException {
    try (ReceiptRecorder recorder = new ReceiptRecorder()) {
      try (InputStream in = recorder.wrap(new ByteArrayInputStream(jsonl))) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      for (FilteredLine line : decided) {
        recorder.record(line);
      }
      Instant now = Instant.now();
      return recorder.finish(ledger, LedgerBytes.of(ledger), TOOL, ENGINE, null, null, now, now);
    }
  }
}
