package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate --records} and {@code decide --item} on the bundled examples and on files made here. */
class RecordsCommandsTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "records");
  /** The bad lines of mixed.jsonl, as docs/RECORDS.md lists them. */
  private static final List<Integer> MIXED_BAD_LINES =
      List.of(2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 22);

  @Test
  void validateRecords_mixedFile_reportsExactlyTheBadLinesAndCounts() {
    CliRunner.Result r = CliRunner.run("validate", "--records", EXAMPLES.resolve("mixed.jsonl").toString());
    assertEquals(1, r.exitCode());
    Matcher m = Pattern.compile("mixed\\.jsonl:(\\d+)[ :][^\\n]*: error ").matcher(r.out());
    List<Integer> lines = new ArrayList<>();
    while (m.find()) {
      int line = Integer.parseInt(m.group(1));
      if (!lines.contains(line)) {
        lines.add(line);
      }
    }
    assertEquals(MIXED_BAD_LINES, lines);
    assertTrue(r.out().endsWith("5 valid, 18 invalid\n"), r.out());
  }

  @Test
  void validateRecords_json_givesOneObjectPerReportedLineThenTheSummary() throws IOException {
    CliRunner.Result r = CliRunner.run("validate", "--records", EXAMPLES.resolve("mixed.jsonl").toString(),
        "--format", "json");
    assertEquals(1, r.exitCode());
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : r.out().split("\n")) {
      nodes.add(Json.MAPPER.readTree(line));
    }
    JsonNode summary = nodes.get(nodes.size() - 1).get("summary");
    assertEquals(23, summary.get("lines").asInt());
    assertEquals(5, summary.get("valid").asInt());
    assertEquals(18, summary.get("invalid").asInt());
    List<Integer> invalid = nodes.stream().filter(n -> n.has("line") && !n.get("valid").asBoolean())
        .map(n -> n.get("line").asInt()).collect(Collectors.toList());
    assertEquals(MIXED_BAD_LINES, invalid);
    JsonNode typo = nodes.stream().filter(n -> n.path("line").asInt() == 8).findFirst().orElseThrow();
    JsonNode d = typo.get("diagnostics").get(0);
    assertEquals("unknown-word", d.get("code").asText());
    assertEquals("/preference", d.get("pointer").asText());
    assertEquals(6, d.get("column").asInt());
  }

  @Test
  void validateRecords_allValid_exitsZero(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("good.jsonl");
    StringBuilder sb = new StringBuilder();
    try (var files = Files.list(EXAMPLES)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        sb.append(Json.MAPPER.readTree(p.toFile()).toString()).append('\n');
      }
    }
    Files.writeString(file, sb.toString());
    CliRunner.Result r = CliRunner.run("validate", "--records", file.toString());
    assertEquals(0, r.exitCode(), r.out());
    long count = sb.chars().filter(c -> c == '\n').count();
    assertTrue(r.out().endsWith(count + " valid, 0 invalid\n"), r.out());
  }

  @Test
  void validateRecords_usageErrors_exitTwo() {
    assertEquals(2, CliRunner.run("validate", "--records", "no-such-file.jsonl").exitCode());
    assertEquals(2, CliRunner.run("validate", "--records", EXAMPLES.resolve("mixed.jsonl").toString(), "eval-only")
        .exitCode());
    assertEquals(2, CliRunner.run("validate").exitCode());
  }

  @Test
  void decideItem_layersAndLicenceDecide() throws IOException {
    JsonNode collective = decideItem("collective-statement-by-tag.json", "train");
    assertEquals("deny", collective.get("decision").asText());
    assertEquals("collective", collective.get("reasons").get(0).get("layer").asText());
    JsonNode cc0 = decideItem("cc0-licence-with-deny.json", "train");
    assertEquals("allow", cc0.get("decision").asText());
    assertEquals("licence", cc0.get("reasons").get(0).get("layer").asText());
  }

  @Test
  void decideItem_invalidRecord_isDenyWithTheRecordsDiagnostics(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"schemaVersion\": 1, \"preference\": \"allow any\", \"preference\": \"deny any\"}");
    CliRunner.Result r = CliRunner.run("decide", "--purpose", "train", "--format", "json", "--item", bad.toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode node = Json.MAPPER.readTree(r.out());
    assertEquals("deny", node.get("decision").asText());
    assertEquals("error", node.get("basis").asText());
    assertEquals("duplicate-key", node.get("diagnostics").get(0).get("code").asText());
    assertFalse(node.get("allowed").asBoolean());
  }

  @Test
  void decideItem_missingFile_exitsTwo() {
    assertEquals(2, CliRunner.run("decide", "--purpose", "train", "--item", "no-such.json").exitCode());
  }

  private static JsonNode decideItem(String example, String purpose) throws IOException {
    CliRunner.Result r = CliRunner.run("decide", "--purpose", purpose, "--at", "2027-03-01", "--format", "json",
        "--item", EXAMPLES.resolve(example).toString());
    assertEquals(0, r.exitCode(), r.err());
    return Json.MAPPER.readTree(r.out());
  }
}
