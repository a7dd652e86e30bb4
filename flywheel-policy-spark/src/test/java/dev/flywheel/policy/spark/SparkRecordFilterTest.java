package dev.flywheel.policy.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.filter.DenialReason;
import dev.flywheel.policy.filter.FilterLimits;
import dev.flywheel.policy.filter.FilteredLine;
import dev.flywheel.policy.filter.Ledger;
import dev.flywheel.policy.filter.LedgerJson;
import dev.flywheel.policy.filter.RecordFilter;
import dev.flywheel.policy.json.DecisionJson;
import dev.flywheel.policy.json.DiagnosticJson;
import dev.flywheel.policy.testkit.GeneratedDataset;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential tests: the Spark job's outcome, reason, decision and diagnostics for every line, and its ledger, equal
 * those of the single-machine {@link RecordFilter} on the same lines, including quotas, full ledgers and bad lines,
 * whatever the partitioning.
 */
class SparkRecordFilterTest {
  private static final Path EXAMPLE = Path.of("..", "examples", "contributions.jsonl");
  private static final Instant AT = Instant.parse("2027-03-01T00:00:00Z");
  private static final Request TRAIN_HONOURING_ALL = new Request(Purpose.TRAIN, java.util.Set.of(), AT,
      java.util.Set.of(ObligationType.ATTRIBUTION, ObligationType.PAYMENT, ObligationType.QUOTA));

  private static SparkSession spark;

  @TempDir
  static Path tmp;

  @BeforeAll
  static void start() {
    spark = LocalSpark.session();
  }

  /** One line as both filters describe it. */
  private record Settled(long line, String outcome, String reason, String id, String decisionJson,
      String diagnostics, String obligations) {}

  private static List<Settled> reference(Path file, Request request, FilterLimits limits, List<Ledger> ledgerOut)
      throws IOException {
    RecordFilter filter = RecordFilter.builder(PolicyEngine.builder().build()).request(request).limits(limits).build();
    List<Settled> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      ledgerOut.add(filter.filter(in, line -> out.add(settled(line))));
    }
    return out;
  }

  private static Settled settled(FilteredLine line) {
    return new Settled(line.lineNumber(), line.outcome().word(), line.reason().map(DenialReason::word).orElse(null),
        line.id(), line.decision().map(DecisionJson::toJsonString).orElse(null),
        DiagnosticJson.toJson(line.diagnostics()).toString(),
        line.obligations().stream().map(d -> DecisionJson.dutyJson(d).toString()).collect(Collectors.joining(",")));
  }

  private static List<Settled> spark(SparkFilterResult result) {
    List<Settled> out = new ArrayList<>();
    for (Row row : result.lines().orderBy("line").collectAsList()) {
      boolean allowed = row.getString(1).equals("allowed");
      String obligations = allowed ? Rows.duties(row.getList(9)).stream()
          .map(d -> DecisionJson.dutyJson(d).toString()).collect(Collectors.joining(",")) : "";
      out.add(new Settled(row.getLong(0), row.getString(1), row.getString(2), row.getString(3), row.getString(10),
          row.getString(11), obligations));
    }
    return out;
  }

  /** Runs both filters on {@code file} and checks that every line and the ledger agree; returns the ledger. */
  private static Ledger assertSameAsRecordFilter(Path file, Request request, FilterLimits limits, long splitBytes)
      throws IOException {
    List<Ledger> ledgers = new ArrayList<>();
    List<Settled> expected = reference(file, request, limits, ledgers);
    Dataset<Row> lines = SparkRecordFilter.readJsonLines(spark, file.toString(), splitBytes);
    try (SparkFilterResult result = SparkRecordFilter.create(request, limits).filter(lines)) {
      List<Settled> actual = spark(result);
      assertEquals(expected.size(), actual.size(), "lines");
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i), actual.get(i), "line " + (i + 1));
      }
      assertEquals(LedgerJson.toJson(ledgers.get(0)), LedgerJson.toJson(result.ledger()));
      assertEquals(LedgerJson.summary(ledgers.get(0)), LedgerJson.summary(result.ledger()));
      assertEquals(result.allowed().count(), result.ledger().allowed());
      assertEquals(result.denied().count(), result.ledger().denied() + result.ledger().invalid());
      return result.ledger();
    }
  }

  @Test
  void filter_exampleDatasetInManyPartitions_equalsRecordFilter() throws IOException {
    assertEquals(12, SparkRecordFilter.readJsonLines(spark, EXAMPLE.toString(), 64 * 1024).rdd().getNumPartitions());
    Ledger ledger = assertSameAsRecordFilter(EXAMPLE, TRAIN_HONOURING_ALL, FilterLimits.DEFAULTS, 64 * 1024);
    // The example exercises every kind of outcome the differential test must cover.
    assertTrue(ledger.count(DenialReason.QUOTA) > 0, "quota denials");
    assertTrue(ledger.invalid() > 0, "invalid lines");
    assertTrue(ledger.count(DenialReason.DEFAULT) > 0 && ledger.count(DenialReason.EXPLICIT) > 0, "denials");
    assertEquals(2000, ledger.read());
    // The block managers that took part: the driver's alone in local mode, the driver's and one per executor JVM in
    // local-cluster mode (the differential-local-cluster execution), so that run did cross JVMs.
    String master = spark.sparkContext().master();
    int executorJvms = master.startsWith("local-cluster[") ? Integer.parseInt(master.substring(14).split(",")[0]) : 0;
    assertEquals(1 + executorJvms, spark.sparkContext().getExecutorMemoryStatus().size(), master);
  }

  @Test
  void filter_generatedRecordsHonouringNothing_equalsRecordFilter() throws IOException {
    Path file = tmp.resolve("generated-1.jsonl");
    GeneratedDataset.write(file, 3000, 7);
    Request request = Request.of(Purpose.TRAIN).at(AT);
    Ledger ledger = assertSameAsRecordFilter(file, request, FilterLimits.DEFAULTS, 128 * 1024);
    assertTrue(ledger.count(DenialReason.OBLIGATION_NOT_HONOURED) > 0, "obligations not honoured");
  }

  @Test
  void filter_generatedRecordsWithSmallLedger_equalsRecordFilterIncludingLedgerFull() throws IOException {
    Path file = tmp.resolve("generated-2.jsonl");
    GeneratedDataset.write(file, 3000, 11);
    Request request = new Request(Purpose.TRAIN_GENAI, java.util.Set.of(Fact.OPEN_WEIGHTS),
        Instant.parse("2026-12-15T10:00:00Z"), java.util.Set.of(ObligationType.values()));
    Ledger ledger = assertSameAsRecordFilter(file, request, new FilterLimits(2, 40, 256, 1 << 20), 100 * 1024);
    assertTrue(ledger.count(DenialReason.LEDGER_FULL) > 0, "ledger-full denials");
  }

  @Test
  void filter_linesInScrambledPartitions_appliesQuotasInLineOrder() throws IOException {
    List<Ledger> ledgers = new ArrayList<>();
    List<Settled> expected = reference(EXAMPLE, TRAIN_HONOURING_ALL, FilterLimits.DEFAULTS, ledgers);
    // Reverse the line order and spread lines over partitions: the result must not depend on either.
    Dataset<Row> scrambled = SparkRecordFilter.readJsonLines(spark, EXAMPLE.toString(), 0)
        .orderBy(org.apache.spark.sql.functions.col("line").desc()).repartition(5);
    try (SparkFilterResult result = SparkRecordFilter.create(TRAIN_HONOURING_ALL).filter(scrambled)) {
      assertEquals(expected, spark(result));
      assertEquals(LedgerJson.toJson(ledgers.get(0)), LedgerJson.toJson(result.ledger()));
    }
  }

  @Test
  void filter_blankCrlfOverLongAndUnterminatedLines_equalsRecordFilter() throws IOException {
    List<String> example = Files.readAllLines(EXAMPLE, StandardCharsets.UTF_8);
    String text = example.get(0) + "\r\n" + "\n" + "   \t\n" + example.get(1) + "\n" + "{\"id\": \"a\r\"}\n"
        + "\uFEFF" + example.get(2) + "\n" + "{\"content\": \"" + "a".repeat(1_100_000) + "\"}\n" + example.get(3);
    Path file = tmp.resolve("edges.jsonl");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Ledger ledger = assertSameAsRecordFilter(file, TRAIN_HONOURING_ALL, FilterLimits.DEFAULTS, 0);
    assertEquals(8, ledger.read());
    assertEquals(4, ledger.invalid());
  }

  /**
   * Lines whose bytes are not well-formed Unicode (an overlong {@code t} in the terms, an encoded surrogate, a byte
   * above F4, a lone surrogate escape in a collective name): invalid in the Spark job as in the single-machine
   * filter, never allowed, and absent from the allowed rows.
   */
  @Test
  void review01_illFormedBytesInRecords_invalidAsInRecordFilterNeverAllowed() throws IOException {
    List<String> example = Files.readAllLines(EXAMPLE, StandardCharsets.UTF_8);
    String allowTrain = "{\"schemaVersion\":1,\"id\":\"rec-x\",\"contributor\":\"c-x\",\"collectives\":[\"karya\"],"
        + "\"provenance\":{\"source\":\"voices.example/app\",\"method\":\"import\",\"created\":\"2026-11-05T15:01:05Z\"},"
        + "\"licence\":\"proprietary\",\"released\":null,\"preference\":\"allow train\",\"tags\":{}}";
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[][] bad = {
        {(byte) 0xC1, (byte) 0xB4}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF5, (byte) 0x80},
        "\\ud800".getBytes(StandardCharsets.US_ASCII)};
    for (int i = 0; i < bad.length; i++) {
      out.writeBytes((example.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
      String text = i == 3
          ? allowTrain.replace("[\"karya\"]", "[\"karyaXX\"]")
          : allowTrain.replace("allow train", "allow XXrain");
      int at = text.indexOf("XX");
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      out.write(bytes, 0, at);
      out.writeBytes(bad[i]);
      out.write(bytes, at + 2, bytes.length - at - 2);
      out.write('\n');
    }
    Path file = tmp.resolve("ill-formed.jsonl");
    Files.write(file, out.toByteArray());
    Ledger ledger = assertSameAsRecordFilter(file, TRAIN_HONOURING_ALL, FilterLimits.DEFAULTS, 0);
    assertEquals(8, ledger.read());
    Dataset<Row> lines = SparkRecordFilter.readJsonLines(spark, file.toString(), 0);
    try (SparkFilterResult result = SparkRecordFilter.create(TRAIN_HONOURING_ALL).filter(lines)) {
      List<Row> rows = result.lines().orderBy("line").collectAsList();
      for (long line : List.of(2L, 4L, 6L, 8L)) {
        Row row = rows.get((int) line - 1);
        assertEquals("invalid", row.getString(1), "line " + line);
        assertTrue(row.getString(11).contains("invalid-unicode"), row.getString(11));
      }
      List<Long> allowed = result.allowed().collectAsList().stream().map(r -> r.getLong(0)).toList();
      assertTrue(allowed.stream().allMatch(l -> l % 2 == 1), "only the example's lines may be allowed: " + allowed);
    }
  }

  @Test
  void filter_duplicateOrZeroLineNumbers_throws() {
    Dataset<Row> lines = spark.createDataFrame(List.of(RowFactory.create(1L, new byte[] {'{', '}'}),
        RowFactory.create(1L, new byte[] {'{', '}'})), SparkRecordFilter.LINES);
    SparkRecordFilter filter = SparkRecordFilter.create(TRAIN_HONOURING_ALL);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> filter.filter(lines));
    assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
    Dataset<Row> zero = spark.createDataFrame(List.of(RowFactory.create(0L, new byte[] {'{', '}'})),
        SparkRecordFilter.LINES);
    IllegalArgumentException z = assertThrows(IllegalArgumentException.class, () -> filter.filter(zero));
    assertTrue(z.getMessage().contains("start at 1"), z.getMessage());
  }

  @Test
  void create_requestWithoutTime_throws() {
    assertThrows(NullPointerException.class, () -> SparkRecordFilter.create(Request.of(Purpose.TRAIN)));
  }
}
