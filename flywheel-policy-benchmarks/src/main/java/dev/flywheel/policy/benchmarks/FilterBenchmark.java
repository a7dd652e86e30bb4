package dev.flywheel.policy.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.filter.RecordFilter;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code filter} over JSON Lines on one deciding thread: the dataset of {@code flywheel-policy generate} (valid,
 * invalid and layered records) in memory, validated, decided and entered in the ledger line by line. The score is
 * records per second.
 *
 * <p>{@link #jacksonTokensOnly} is the floor of any filter that reads records with Jackson: the same lines split
 * and tokenized by Jackson's streaming parser, every string materialised, nothing checked or decided.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class FilterBenchmark {
  static final int RECORDS = FilterWorkload.RECORDS;

  private byte[] jsonl;
  private int[] lineStarts;
  private int[] lineEnds;
  private final JsonFactory jackson = JsonFactory.builder().build();
  private RecordFilter filter;
  private long expectedAllowed;

  @Setup
  public void setUp() {
    jsonl = FilterWorkload.dataset(RECORDS);
    filter = RecordFilter.builder(PolicyEngine.builder().build()).request(FilterWorkload.README_REQUEST).threads(1)
        .build();
    int lines = 0;
    lineStarts = new int[RECORDS];
    lineEnds = new int[RECORDS];
    for (int i = 0, start = 0; i < jsonl.length; i++) {
      if (jsonl[i] == '\n') {
        lineStarts[lines] = start;
        lineEnds[lines++] = i;
        start = i + 1;
      }
    }
    if (lines != RECORDS) {
      throw new IllegalStateException("expected " + RECORDS + " lines, got " + lines);
    }
    expectedAllowed = filterAll();
    if (expectedAllowed <= 0 || expectedAllowed >= RECORDS) {
      throw new IllegalStateException("the dataset should mix allowed and other lines: " + expectedAllowed);
    }
  }

  private long filterAll() {
    return FilterWorkload.countAllowed(filter, jsonl, RECORDS);
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long filterJsonl() {
    return filterAll();
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long jacksonTokensOnly() {
    long chars = 0;
    for (int i = 0; i < RECORDS; i++) {
      try (JsonParser parser = jackson.createParser(jsonl, lineStarts[i], lineEnds[i] - lineStarts[i])) {
        for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
          if (t == JsonToken.VALUE_STRING) {
            chars += parser.getText().length();
          }
        }
      } catch (IOException e) { // Jackson's parse errors; there is no I/O in memory
        chars++; // the dataset's malformed lines: counted, as the filter counts them
      }
    }
    return chars;
  }
}
