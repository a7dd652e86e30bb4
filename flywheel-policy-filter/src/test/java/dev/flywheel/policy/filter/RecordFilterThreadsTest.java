package dev.flywheel.policy.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.testkit.GeneratedDataset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chunked pipeline (read, decide on N threads, settle in order, hand out in order) gives the same allowed and
 * denied outputs and the same ledger, byte for byte, for every number of threads and every chunk size.
 */
class RecordFilterThreadsTest {

  private static final Request TRAIN = Request.of(Purpose.TRAIN).at(Instant.parse("2027-03-01T00:00:00Z"))
      .honouring(ObligationType.ATTRIBUTION, ObligationType.PAYMENT, ObligationType.QUOTA);
  private static final byte[] INPUT = GeneratedDataset.jsonl(20_000, 7);

  /** Both outputs and the ledger of one run, as the command line writes them. */
  private record Outputs(byte[] allowed, byte[] denied, String ledger) {}

  private static Outputs run(int threads, FilterLimits limits) throws IOException {
    RecordFilter filter = RecordFilter.builder(PolicyEngine.builder().build())
        .request(TRAIN).threads(threads).limits(limits).build();
    ByteArrayOutputStream allowed = new ByteArrayOutputStream();
    ByteArrayOutputStream denied = new ByteArrayOutputStream();
    Ledger ledger;
    try (FilteredLineJson a = FilteredLineJson.to(allowed); FilteredLineJson d = FilteredLineJson.to(denied)) {
      ledger = filter.filter(new ByteArrayInputStream(INPUT), line -> {
        try {
          (line.isAllowed() ? a : d).write(line);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
    return new Outputs(allowed.toByteArray(), denied.toByteArray(),
        LedgerJson.toJson(ledger).toString() + "\n" + LedgerJson.summary(ledger));
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4, 7})
  void filter_nThreads_outputsAndLedgerByteIdenticalToOneThread(int threads) throws IOException {
    Outputs one = run(1, FilterLimits.DEFAULTS);
    String summary = one.ledger();
    assertTrue(summary.contains("\"quota\""), "the dataset exercises quotas");
    assertTrue(new String(one.denied(), StandardCharsets.UTF_8).contains("\"outcome\":\"invalid\""));
    assertTrue(new String(one.denied(), StandardCharsets.UTF_8).contains("\"reason\":\"quota\""));
    Outputs many = run(threads, FilterLimits.DEFAULTS);
    assertArrayEquals(one.allowed(), many.allowed());
    assertArrayEquals(one.denied(), many.denied());
    assertEquals(one.ledger(), many.ledger());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 7})
  void filter_smallChunks_outputsAndLedgerByteIdenticalToDefaultChunks(int threads) throws IOException {
    Outputs reference = run(1, FilterLimits.DEFAULTS);
    for (FilterLimits small : List.of(new FilterLimits(10, 1_000_000, 1, 1 << 20),
        new FilterLimits(10, 1_000_000, 7, 1 << 20), new FilterLimits(10, 1_000_000, 256, 1000))) {
      Outputs chunked = run(threads, small);
      assertArrayEquals(reference.allowed(), chunked.allowed());
      assertArrayEquals(reference.denied(), chunked.denied());
      assertEquals(reference.ledger(), chunked.ledger());
    }
  }
}
