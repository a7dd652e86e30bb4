package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code filter} end to end on generated files. */
class FilterCommandTest {

  @TempDir
  static Path dir;

  static Path generated;

  @BeforeAll
  static void generate() {
    generated = dir.resolve("generated.jsonl");
    CliRunner.Result r = CliRunner.run("generate", "--records", "3000", "--seed", "11", "--out", generated.toString());
    assertEquals(0, r.exitCode(), r.err());
  }

  static CliRunner.Result filter(Path in, Path outDir, String... extra) {
    List<String> args = new ArrayList<>(List.of("filter", "--purpose", "train", "--at", "2027-03-01",
        "--honour", "attribution", "--honour", "payment", "--honour", "quota", "--in", in.toString(),
        "--out", outDir.resolve("allowed.jsonl").toString(), "--denied", outDir.resolve("denied.jsonl").toString(),
        "--ledger", outDir.resolve("ledger.json").toString()));
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray(String[]::new));
  }

  /** Every line of a JSON Lines file, parsed; fails on a line that is not one JSON value. */
  static List<JsonNode> readJsonl(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertTrue(text.isEmpty() || text.endsWith("\n"), "a JSON Lines file ends with a line break");
    List<JsonNode> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      out.add(Json.MAPPER.readTree(line));
      assertEquals(-1, line.indexOf('\n'));
    }
    return out;
  }

  static long lines(Path file) throws IOException {
    try (var s = Files.lines(file)) {
      return s.count();
    }
  }

  @Test
  void filter_generatedFile_countsAddUpAndOutputsAreValidJsonl() throws IOException {
    Path out = Files.createDirectories(dir.resolve("counts"));
    CliRunner.Result r = filter(generated, out, "--format", "json");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("", r.err(), "no progress output when stderr is not a terminal");
    JsonNode summary = Json.MAPPER.readTree(r.out());
    JsonNode ledger = Json.MAPPER.readTree(out.resolve("ledger.json").toFile());
    assertEquals(summary, ledger);
    JsonNode records = ledger.get("records");
    long read = records.get("read").asLong();
    assertEquals(lines(generated), read);
    assertEquals(read, records.get("allowed").asLong() + records.get("denied").asLong()
        + records.get("invalid").asLong());
    List<JsonNode> allowed = readJsonl(out.resolve("allowed.jsonl"));
    List<JsonNode> denied = readJsonl(out.resolve("denied.jsonl"));
    assertEquals(records.get("allowed").asLong(), allowed.size());
    assertEquals(records.get("denied").asLong() + records.get("invalid").asLong(), denied.size());
    assertTrue(allowed.stream().allMatch(n -> n.get("outcome").asText().equals("allowed")));
    long withObligations = allowed.stream().filter(n -> n.get("obligations").size() > 0).count();
    assertEquals(records.get("withObligations").asLong(), withObligations);
    Map<String, Long> reasons = new HashMap<>();
    for (JsonNode n : denied) {
      reasons.merge(n.get("reason").asText(), 1L, Long::sum);
      assertTrue(n.get("outcome").asText().equals("denied") || n.get("outcome").asText().equals("invalid"));
    }
    ledger.get("reasons").fields().forEachRemaining(e ->
        assertEquals(e.getValue().asLong(), reasons.getOrDefault(e.getKey(), 0L), e.getKey()));
    assertEquals(records.get("invalid").asLong(), reasons.get("invalid-record"));
    assertTrue(reasons.get("quota") > 0 && reasons.get("explicit") > 0 && reasons.get("default") > 0
        && records.get("invalid").asLong() > 0, "the generated mix reaches every common reason");
    // Every line number appears exactly once across both outputs, in increasing order within each.
    List<Long> numbers = new ArrayList<>();
    allowed.forEach(n -> numbers.add(n.get("line").asLong()));
    denied.forEach(n -> numbers.add(n.get("line").asLong()));
    numbers.sort(null);
    for (int i = 0; i < numbers.size(); i++) {
      assertEquals(i + 1, numbers.get(i));
    }
  }

  @Test
  void filter_ledgerTotals_matchTheObligationsOfTheAllowedRecords() throws IOException {
    Path out = Files.createDirectories(dir.resolve("totals"));
    assertEquals(0, filter(generated, out).exitCode());
    JsonNode ledger = Json.MAPPER.readTree(out.resolve("ledger.json").toFile());
    long attributed = 0;
    Map<String, Long> paidItems = new HashMap<>();
    Map<String, BigDecimal> amounts = new HashMap<>();
    Map<String, Long> quotaUse = new HashMap<>();
    Map<String, Long> creditPerContributor = new HashMap<>();
    for (JsonNode n : readJsonl(out.resolve("allowed.jsonl"))) {
      java.util.Set<String> payees = new java.util.HashSet<>();
      for (JsonNode duty : n.get("obligations")) {
        switch (duty.get("type").asText()) {
          case "attribution" -> {
            attributed++;
            creditPerContributor.merge(n.get("record").get("contributor").asText(), 1L, Long::sum);
          }
          case "payment" -> {
            String c = duty.get("collective").asText();
            if (payees.add(c)) {
              paidItems.merge(c, 1L, Long::sum);
            }
            if (!duty.get("amount").isNull()) {
              amounts.merge(c + " " + duty.get("currency").asText(), new BigDecimal(duty.get("amount").asText()),
                  BigDecimal::add);
            }
          }
          default -> {
            String owner = duty.get("scope").isNull() ? "contributor " + n.get("record").get("contributor").asText()
                : "collective " + duty.get("scope").asText();
            quotaUse.merge(owner + " " + duty.get("period").asText(), 1L, Long::sum);
          }
        }
      }
    }
    assertEquals(attributed, ledger.get("attribution").get("items").asLong());
    assertTrue(attributed > 0);
    for (JsonNode c : ledger.get("attribution").get("contributors")) {
      assertEquals(creditPerContributor.get(c.get("contributor").asText()), c.get("items").asLong());
      assertTrue(c.get("itemIds").size() <= 10);
      assertEquals(c.get("items").asLong(), c.get("itemIds").size() + c.get("itemIdsOmitted").asLong());
    }
    assertEquals(creditPerContributor.size(), ledger.get("attribution").get("contributors").size());
    Map<String, Long> ledgerItems = new HashMap<>();
    Map<String, BigDecimal> ledgerAmounts = new HashMap<>();
    for (JsonNode p : ledger.get("payments")) {
      ledgerItems.put(p.get("collective").asText(), p.get("items").asLong());
      for (JsonNode a : p.get("amounts")) {
        ledgerAmounts.put(p.get("collective").asText() + " " + a.get("currency").asText(),
            new BigDecimal(a.get("total").asText()));
      }
    }
    assertEquals(paidItems, ledgerItems);
    assertEquals(amounts.keySet(), ledgerAmounts.keySet());
    amounts.forEach((k, v) -> assertEquals(0, v.compareTo(ledgerAmounts.get(k)), k));
    Map<String, Long> ledgerQuota = new HashMap<>();
    for (JsonNode q : ledger.get("quotas")) {
      ledgerQuota.put(q.get("ownerKind").asText() + " " + q.get("owner").asText() + " " + q.get("period").asText(),
          q.get("used").asLong());
      assertTrue(q.get("used").asLong() <= q.get("limit").asLong());
    }
    assertEquals(quotaUse, ledgerQuota);
  }

  @Test
  void filter_badLineInTheMiddle_reportedWithItsNumberAndTheRunContinues() throws IOException {
    Path out = Files.createDirectories(dir.resolve("bad-line"));
    List<String> all = Files.readAllLines(generated).subList(0, 5);
    List<String> valid = all.stream().filter(l -> l.startsWith("{") && l.endsWith("}")).limit(4).toList();
    Path in = out.resolve("in.jsonl");
    Files.write(in, List.of(valid.get(0), valid.get(1), "{\"schemaVersion\": 1, oops", valid.get(2), valid.get(3)));
    CliRunner.Result r = filter(in, out);
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().matches("(?s).*records read\\s+5\n.*invalid\\s+1\n.*"), r.out());
    JsonNode bad = readJsonl(out.resolve("denied.jsonl")).stream()
        .filter(n -> n.get("outcome").asText().equals("invalid")).findFirst().orElseThrow();
    assertEquals(3, bad.get("line").asInt());
    assertEquals("invalid-json", bad.get("diagnostics").get(0).get("code").asText());
    assertEquals("{\"schemaVersion\": 1, oops", bad.get("text").asText());
    long after = readJsonl(out.resolve("allowed.jsonl")).stream().filter(n -> n.get("line").asInt() > 3).count()
        + readJsonl(out.resolve("denied.jsonl")).stream().filter(n -> n.get("line").asInt() > 3).count();
    assertEquals(2, after);
  }

  /** Both outputs, the ledger and the summary, byte for byte, for every number of threads against one thread. */
  @ParameterizedTest
  @ValueSource(ints = {2, 4, 7})
  void filter_nThreads_outputsAndLedgerIdenticalToOneThread(int threads) throws IOException {
    Path one = Files.createDirectories(dir.resolve("t1-" + threads));
    Path many = Files.createDirectories(dir.resolve("t" + threads));
    CliRunner.Result r1 = filter(generated, one, "--threads", "1");
    CliRunner.Result rn = filter(generated, many, "--threads", Integer.toString(threads));
    assertEquals(0, r1.exitCode(), r1.err());
    assertEquals(0, rn.exitCode(), rn.err());
    assertEquals(r1.out(), rn.out());
    for (String f : List.of("allowed.jsonl", "denied.jsonl", "ledger.json")) {
      assertArrayEquals(Files.readAllBytes(one.resolve(f)), Files.readAllBytes(many.resolve(f)), f);
    }
    assertTrue(Json.MAPPER.readTree(one.resolve("ledger.json").toFile()).get("reasons").get("quota").asLong() > 0);
  }

  @Test
  void filter_honouringNothing_obligationsDeniedAsNotHonoured() throws IOException {
    CliRunner.Result r = CliRunner.run("filter", "--purpose", "train", "--at", "2027-03-01", "--in",
        generated.toString(), "--format", "json");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode ledger = Json.MAPPER.readTree(r.out());
    assertTrue(ledger.get("reasons").get("obligation-not-honoured").asLong() > 0);
    assertEquals(0, ledger.get("attribution").get("items").asLong());
    assertEquals(0, ledger.get("payments").size());
    assertEquals(0, ledger.get("records").get("withObligations").asLong());
  }

  @Test
  void filter_usageErrors_exitTwo() {
    CliRunner.Result missing = CliRunner.run("filter", "--purpose", "train", "--in", dir.resolve("nope").toString());
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().contains("no such file"), missing.err());
    assertEquals(2, CliRunner.run("filter", "--in", generated.toString()).exitCode());
    assertEquals(2, CliRunner.run("filter", "--purpose", "train", "--threads", "0", "--in", generated.toString())
        .exitCode());
    assertEquals(2, CliRunner.run("filter", "--purpose", "train", "--honour", "fame", "--in", generated.toString())
        .exitCode());
    // A path below a regular file can never be written.
    assertEquals(2, CliRunner.run("filter", "--purpose", "train", "--in", generated.toString(), "--out",
        generated.resolve("x.jsonl").toString()).exitCode());
  }

  @Test
  void filter_outputsInMissingDirectories_usageErrorNothingCreated() {
    java.nio.file.Path out = dir.resolve("new-dir").resolve("nested").resolve("allowed.jsonl");
    java.nio.file.Path ledger = dir.resolve("other-dir").resolve("ledger.json");
    CliRunner.Result r = CliRunner.run("filter", "--purpose", "train", "--in", generated.toString(), "--out",
        out.toString(), "--ledger", ledger.toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("does not exist"), r.err());
    assertTrue(java.nio.file.Files.notExists(dir.resolve("new-dir")));
    assertTrue(java.nio.file.Files.notExists(dir.resolve("other-dir")));
  }

  @Test
  void filter_stats_printsRecordsPerSecondOnStderrOnly() {
    CliRunner.Result plain = CliRunner.run("filter", "--purpose", "train", "--at", "2027-03-01", "--in",
        generated.toString());
    CliRunner.Result stats = CliRunner.run("filter", "--purpose", "train", "--at", "2027-03-01", "--in",
        generated.toString(), "--stats");
    assertEquals(0, stats.exitCode());
    assertEquals(plain.out(), stats.out());
    assertEquals("", plain.err());
    assertTrue(stats.err().matches("(?s)[0-9,]+ records in [0-9.]+ s: [0-9,]+ records/s\n"), stats.err());
  }

  @Test
  void progress_render_barShareRecordsAndRate() {
    FilterCommand.Progress p = new FilterCommand.Progress(new java.io.PrintWriter(new java.io.StringWriter()), 2000);
    assertEquals("\r[###############...............]  50% 1,000 records, 500 records/s ", p.render(1000, 1000, 2.0));
    assertEquals("\r[##############################] 100% 3 records, 3 records/s ", p.render(3, 5000, 1.0));
  }
}
