package dev.flywheel.policy.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.testkit.GeneratedDataset;
import dev.flywheel.policy.usage.StoreResult;
import dev.flywheel.policy.usage.UsageRow;
import dev.flywheel.policy.usage.UsageStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RecordFilter} with a usage store: the same outcomes for 1 and 4 threads, and a second pass re-admits. */
class RecordFilterUsageTest {
  private static final Request REQUEST = Request.of(Purpose.TRAIN).at(Instant.parse("2027-03-01T00:00:00Z"))
      .honouring(ObligationType.ATTRIBUTION, ObligationType.PAYMENT, ObligationType.QUOTA);

  @TempDir
  Path dir;

  private static List<String> outcomes(RecordFilter filter, byte[] jsonl) throws IOException {
    List<String> out = new ArrayList<>();
    filter.filter(new ByteArrayInputStream(jsonl), line -> out.add(line.toString()));
    return out;
  }

  private static UsageStore sqlite(Path file) {
    return ((StoreResult.Ok<UsageStore>) UsageStore.open(file.toString())).value();
  }

  @Test
  void filter_usageStoreOneAndFourThreadsAcrossChunks_sameOutcomesAsARunWithoutStore() throws IOException {
    byte[] jsonl = GeneratedDataset.jsonl(LineSettler.USAGE_CHUNK_LINES * 2 + 100, 7);
    PolicyEngine engine = PolicyEngine.builder().build();
    List<String> perRun = outcomes(RecordFilter.builder(engine).request(REQUEST).build(), jsonl);
    try (UsageStore one = sqlite(dir.resolve("one.db")); UsageStore four = sqlite(dir.resolve("four.db"))) {
      List<String> single = outcomes(RecordFilter.builder(engine).request(REQUEST).usage(one.counter("acme"))
          .build(), jsonl);
      List<String> threaded = outcomes(RecordFilter.builder(engine).request(REQUEST).threads(4)
          .usage(four.counter("acme")).build(), jsonl);
      // Generated ids are distinct, so a first pass with a fresh store admits what a pass without one does.
      assertEquals(perRun, single);
      assertEquals(single, threaded);
      assertTrue(single.stream().anyMatch(s -> s.endsWith("(quota)")), "the dataset reaches a cap");
      List<UsageRow> rows = ((StoreResult.Ok<List<UsageRow>>) one.usage("acme")).value();
      assertEquals(rows, ((StoreResult.Ok<List<UsageRow>>) four.usage("acme")).value());
      // A second pass over the same store admits the same records, counting nothing new.
      assertEquals(single, outcomes(RecordFilter.builder(engine).request(REQUEST).usage(one.counter("acme"))
          .build(), jsonl));
      assertEquals(rows, ((StoreResult.Ok<List<UsageRow>>) one.usage("acme")).value());
    }
  }

  @Test
  void ledger_withAndWithoutStore_namesWhereCountsAreKept() throws IOException {
    byte[] jsonl = GeneratedDataset.jsonl(50, 7);
    PolicyEngine engine = PolicyEngine.builder().build();
    Ledger perRun = RecordFilter.builder(engine).request(REQUEST).build()
        .filter(new ByteArrayInputStream(jsonl), l -> {});
    assertTrue(LedgerJson.summary(perRun).endsWith("quota counts are for this run only\n"));
    Ledger kept = RecordFilter.builder(engine).request(REQUEST).usage(UsageStore.inMemory().counter("acme")).build()
        .filter(new ByteArrayInputStream(jsonl), l -> {});
    assertTrue(LedgerJson.summary(kept).endsWith("quota counts kept in usage store memory for consumer acme\n"));
    assertEquals("memory", LedgerJson.toJson(kept).get("usage").get("store").asText());
  }
}
