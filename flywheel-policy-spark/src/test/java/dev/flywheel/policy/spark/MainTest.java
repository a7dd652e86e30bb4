package dev.flywheel.policy.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.filter.Ledger;
import dev.flywheel.policy.filter.LedgerJson;
import dev.flywheel.policy.filter.RecordFilter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local-mode job prints the summary of {@code flywheel-policy filter} and writes its outputs. */
class MainTest {
  private static final String EXAMPLE = Path.of("..", "examples", "contributions.jsonl").toString();

  @TempDir
  Path tmp;

  private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static Ledger reference() throws IOException {
    Request request = new Request(Purpose.TRAIN, Set.of(), Instant.parse("2027-03-01T00:00:00Z"),
        Set.of(ObligationType.ATTRIBUTION, ObligationType.PAYMENT, ObligationType.QUOTA));
    try (InputStream in = Files.newInputStream(Path.of(EXAMPLE))) {
      return RecordFilter.builder(PolicyEngine.builder().build()).request(request).build().filter(in, line -> {});
    }
  }

  private static long jsonLines(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      long n = 0;
      for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
        n += Files.readAllLines(p).size();
      }
      return n;
    }
  }

  /** Equal once both are read back from text (a parsed tree holds ints where the ledger put longs). */
  private static boolean sameJson(JsonNode expected, JsonNode actual) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    return mapper.readTree(mapper.writeValueAsString(expected)).equals(actual);
  }

  @Test
  void run_exampleDataset_printsFilterSummaryAndWritesOutputs() throws IOException {
    LocalSpark.session();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path ledgerFile = tmp.resolve("out/ledger.json");
    int status = run(out, err, "filter", "--purpose", "train", "--honour", "attribution", "--honour", "payment",
        "--honour", "quota", "--at", "2027-03-01", "--in", EXAMPLE, "--split-bytes", "100000",
        "--out", tmp.resolve("allowed").toString(), "--denied", tmp.resolve("denied").toString(),
        "--ledger", ledgerFile.toString());
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    Ledger expected = reference();
    assertEquals(LedgerJson.summary(expected), out.toString(StandardCharsets.UTF_8));
    assertTrue(sameJson(LedgerJson.toJson(expected), new ObjectMapper().readTree(ledgerFile.toFile())), "ledger");
    assertEquals(expected.allowed(), jsonLines(tmp.resolve("allowed")));
    assertEquals(expected.denied() + expected.invalid(), jsonLines(tmp.resolve("denied")));
  }

  @Test
  void run_formatJson_printsLedgerJson() throws IOException {
    LocalSpark.session();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = run(out, err, "--purpose", "train", "--honour", "attribution", "--honour", "payment", "--honour",
        "quota", "--at", "2027-03-01T00:00:00Z", "--in", EXAMPLE, "--format", "json");
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    assertTrue(sameJson(LedgerJson.toJson(reference()), new ObjectMapper().readTree(out.toByteArray())), "ledger");
  }

  @Test
  void run_missingInput_exitTwoWithMessage() {
    LocalSpark.session();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = run(new ByteArrayOutputStream(), err, "--purpose", "train", "--at", "2027-03-01", "--in",
        tmp.resolve("no-such-file.jsonl").toString());
    assertEquals(2, status, err.toString(StandardCharsets.UTF_8));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read --in"), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void run_usageErrors_exitTwoWithMessage() {
    for (List<String> args : List.of(List.of("--purpose", "training", "--in", EXAMPLE), List.of("--in", EXAMPLE),
        List.of("--purpose", "train"), List.of("--purpose", "train", "--in", EXAMPLE, "--at", "2027-02-30"),
        List.of("--purpose", "train", "--in", EXAMPLE, "--split-bytes", "0"),
        List.of("--purpose", "train", "--in", EXAMPLE, "--threads"))) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      assertEquals(2, run(new ByteArrayOutputStream(), err, args.toArray(String[]::new)), args.toString());
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage:"), args.toString());
    }
  }

  private static Ledger referenceWithUsage(dev.flywheel.policy.usage.QuotaCounter counter, String at)
      throws IOException {
    Request request = new Request(Purpose.TRAIN, Set.of(), Instant.parse(at),
        Set.of(ObligationType.ATTRIBUTION, ObligationType.PAYMENT, ObligationType.QUOTA));
    try (InputStream in = Files.newInputStream(Path.of(EXAMPLE))) {
      return RecordFilter.builder(PolicyEngine.builder().build()).request(request).usage(counter).build()
          .filter(in, line -> {});
    }
  }

  @Test
  void run_usageStoreTwoRuns_sameLedgersAsTheFilterWithItsOwnStore() throws IOException {
    LocalSpark.session();
    Path sparkStore = tmp.resolve("spark-usage.db");
    Path filterStore = tmp.resolve("filter-usage.db");
    try (dev.flywheel.policy.usage.UsageStore store = ((dev.flywheel.policy.usage.StoreResult.Ok<
        dev.flywheel.policy.usage.UsageStore>) dev.flywheel.policy.usage.UsageStore.open(filterStore.toString()))
        .value()) {
      for (String at : List.of("2027-03-01T00:00:00Z", "2027-03-20T00:00:00Z")) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = run(out, err, "filter", "--purpose", "train", "--honour", "attribution", "--honour", "payment",
            "--honour", "quota", "--at", at, "--in", EXAMPLE, "--split-bytes", "100000", "--format", "json",
            "--usage", sparkStore.toString(), "--consumer", "acme");
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        Ledger expected = referenceWithUsage(store.counter("acme"), at);
        JsonNode actual = new ObjectMapper().readTree(out.toByteArray());
        assertEquals("sqlite:" + sparkStore.toAbsolutePath(), actual.get("usage").get("store").asText());
        ((com.fasterxml.jackson.databind.node.ObjectNode) actual.get("usage")).put("store",
            "sqlite:" + filterStore.toAbsolutePath());
        assertTrue(sameJson(LedgerJson.toJson(expected), actual), at + ": " + actual);
      }
    }
  }

  @Test
  void run_usageWithoutConsumer_usageError() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(2, run(out, err, "--purpose", "train", "--in", EXAMPLE, "--usage", tmp.resolve("u.db").toString()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--usage needs --consumer"));
  }
}
