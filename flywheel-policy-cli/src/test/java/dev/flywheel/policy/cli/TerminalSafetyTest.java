package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.policy.filter.TerminalText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text output never passes a terminal control, a bidi control or an invisible character from the input through: each
 * command is run with hostile strings (ESC sequences, BEL, U+202E, zero-width and no-break spaces, a lone surrogate)
 * where it shows user-derived text. JSON output keeps the strings as data, JSON-escaped.
 */
class TerminalSafetyTest {
  private static final String ESC = "\u001b[2J\u001b]0;owned\u0007";
  private static final String BIDI = "\u202Eevil\u202C";

  @TempDir
  Path dir;

  /** Fails on any code point a terminal would act on or not show, except line breaks and tabs. */
  static void assertTerminalSafe(String text) {
    text.codePoints().forEach(cp -> assertTrue(cp == '\n' || cp == '\t' || TerminalText.isSafe(cp),
        () -> String.format("U+%04X reaches the terminal in:%n%s", cp, text)));
  }

  private static String record(String collective, String extraKey) {
    return "{\"schemaVersion\":1,\"id\":\"rec-1\",\"contributor\":\"c-1\",\"collectives\":["
        + Json.MAPPER.valueToTree(collective) + "],\"provenance\":{\"source\":\"voices.example/app\","
        + "\"method\":\"import\",\"created\":\"2026-11-05T15:01:05Z\"},\"licence\":\"proprietary\","
        + "\"released\":null,\"preference\":\"train if attribution\",\"statements\":[],"
        + "\"tags\":{\"language\":\"kn\",\"domain\":\"chat\",\"kind\":\"text\"}"
        + (extraKey == null ? "" : "," + Json.MAPPER.valueToTree(extraKey) + ":1") + "}\n";
  }

  @Test
  void review11_pointerWithEscape_sanitised() throws IOException {
    Path file = Files.writeString(dir.resolve("records.jsonl"),
        record("karya", "x" + ESC) + record("karya", BIDI), StandardCharsets.UTF_8);
    CliRunner.Result r = CliRunner.run("validate", "--records", file.toString());
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTerminalSafe(r.out());
    assertTerminalSafe(r.err());
    assertTrue(r.out().contains("/x?[2J?]0;owned?"), r.out());
    assertTrue(r.out().contains("/?evil?"), r.out());
  }

  @Test
  void review11_pointerWithEscapeAsJson_keptAsJsonData() throws IOException {
    Path file = Files.writeString(dir.resolve("records.jsonl"), record("karya", BIDI), StandardCharsets.UTF_8);
    CliRunner.Result r = CliRunner.run("validate", "--records", file.toString(), "--format", "json");
    JsonNode line = Json.MAPPER.readTree(r.out().lines().findFirst().orElseThrow());
    assertEquals("/" + BIDI, line.get("diagnostics").get(0).get("pointer").asText());
  }

  @Test
  void review11_fileNameWithEscape_sanitisedInDiagnostics() throws IOException {
    Path file = Files.writeString(dir.resolve("a" + ESC.replace('/', '_') + ".jsonl"), "not json\n");
    CliRunner.Result r = CliRunner.run("validate", "--records", file.toString());
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTerminalSafe(r.out());
    CliRunner.Result missing = CliRunner.run("filter", "--purpose", "train", "--in", dir.resolve(ESC.replace('/',
        '_')).toString());
    assertEquals(Main.USAGE, missing.exitCode());
    assertTerminalSafe(missing.err());
  }

  @Test
  void review11_collectiveNamesInFilterSummary_sanitised() throws IOException {
    Path file = Files.writeString(dir.resolve("records.jsonl"),
        record("mas" + BIDI + "akhane", null) + record("kar\u200Bya\u00A0", null) + record("x" + ESC, null)
            + record("lone-SURROGATE", null).replace("lone-SURROGATE", "lone\\ud800"), StandardCharsets.UTF_8);
    CliRunner.Result r = CliRunner.run("filter", "--purpose", "train", "--honour", "attribution", "--in",
        file.toString());
    assertEquals(Main.OK, r.exitCode(), r.err());
    assertTrue(r.out().contains("records read"), r.out());
    assertTerminalSafe(r.out());
    assertTerminalSafe(r.err());
  }

  @Test
  void review11_decideItemAndTerms_sanitised() throws IOException {
    Path item = Files.writeString(dir.resolve("item.json"), record("karya", "k" + ESC + BIDI));
    CliRunner.Result r = CliRunner.run("decide", "--purpose", "train", "--item", item.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().startsWith("deny (error)"), r.out());
    assertTerminalSafe(r.out());
    CliRunner.Result terms = CliRunner.run("decide", "--purpose", "train", "deny train" + BIDI + ESC);
    assertTerminalSafe(terms.out());
    assertTerminalSafe(terms.err());
  }

  @Test
  void review11_validateFmtImportExport_sanitised() {
    for (String[] args : new String[][] {
        {"validate", "pay collective \"a" + BIDI + "\"" + ESC},
        {"fmt", "eval-only" + ESC},
        {"import", "--from", "aipref", "train-ai=n, " + ESC + "=y" + BIDI},
        {"import", "--from", "robots", "User-Agent: *\nContent-Usage: train-ai=" + BIDI + ESC},
        {"export", "--to", "aipref", "deny train" + ESC}}) {
      CliRunner.Result r = CliRunner.run(args);
      assertTerminalSafe(r.out());
      assertTerminalSafe(r.err());
    }
  }

  @Test
  void review11_usageErrorsEchoingArguments_sanitised() {
    CliRunner.Result r = CliRunner.run("decide", "--purpose", "tr" + ESC + BIDI, "eval-only");
    assertEquals(Main.USAGE, r.exitCode());
    assertTrue(r.err().contains("tr?[2J"), r.err());
    assertTerminalSafe(r.err());
    CliRunner.Result unknown = CliRunner.run("--" + ESC);
    assertEquals(Main.USAGE, unknown.exitCode());
    assertTerminalSafe(unknown.err());
  }

  @Test
  void terminalWriter_surrogatePairsSplitAcrossWrites_keptWhole() {
    StringWriter sink = new StringWriter();
    PrintWriter w = TerminalWriter.over(new PrintWriter(sink));
    String emoji = "\uD83D\uDE00";
    w.write(emoji.substring(0, 1));
    w.write(emoji.substring(1) + "\ud800x\u001b\n\u202E");
    w.flush();
    assertEquals(emoji + "?x?\n?", sink.toString());
  }

  @Test
  void terminalText_field_replacesLineBreaksAndUnsafe() {
    assertEquals("a?b?c?d?e?f", TerminalText.field("a\nb\rc\td\u00A0e\uFE0Ff"));
    assertEquals("a\nb\tc?", TerminalText.lines("a\nb\tc\u0085"));
    String safe = "Te Hiku Media, māori, 日本語, \uD83D\uDE00";
    assertTrue(safe == TerminalText.field(safe), "safe text is returned as it is");
  }
}
