package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Terms files, fmt --check / --write, lints and hints on the command line. */
class AuthoringCommandsTest {
  private static final String WRITTEN = "#terms\nno-train until 2027-01-01 #embargo\n;allow eval\n";
  private static final String CANONICAL = "# terms\ndeny train until 2027-01-01; # embargo\nallow eval\n";

  @TempDir
  Path dir;

  private Path file(String name, String text) throws IOException {
    Path path = dir.resolve(name);
    Files.writeString(path, text, StandardCharsets.UTF_8);
    return path;
  }

  @Test
  void validate_file_readsTheTermsFileWithComments() throws IOException {
    Path terms = file("ajo.terms", WRITTEN);
    CliRunner.Result r = CliRunner.run("validate", "--at", "2026-06-01", "--file", terms.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertEquals(terms + ": valid: deny train until 2027-01-01; allow eval\n", r.out());
  }

  @Test
  void validate_fileAtTheLengthLimit_isValid_andOneCodePointMoreIsTooLong() throws IOException {
    // Comments count toward the limit of 4096 code points.
    String atLimit = "eval-only #" + "x".repeat(4096 - 11);
    CliRunner.Result at = CliRunner.run("validate", "--file", file("at.terms", atLimit).toString());
    assertEquals(0, at.exitCode(), at.out());
    CliRunner.Result past = CliRunner.run("validate", "--file", file("past.terms", atLimit + "x").toString());
    assertEquals(1, past.exitCode());
    assertTrue(past.out().contains("error input-too-long: terms are longer than the limit of 4096 characters"),
        past.out());
  }

  @Test
  void validate_hugeFile_readsABoundedPrefixAndIsTooLong() throws IOException {
    Path huge = file("huge.terms", "eval-only #" + "y".repeat(4 << 20));
    CliRunner.Result r = CliRunner.run("validate", "--file", huge.toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.out().contains("error input-too-long"), r.out());
  }

  @Test
  void validate_fileNameAsTerms_checksTheTextAndHintsAtFile() {
    CliRunner.Result r = CliRunner.run("validate", "ajo.terms");
    assertEquals(1, r.exitCode());
    assertTrue(r.out().startsWith("<input>:1:1: error unknown-word: unknown word 'ajo.terms'\n"), r.out());
    assertTrue(r.out().endsWith("<input>: hint: did you mean --file ajo.terms?\n"), r.out());
  }

  @Test
  void validate_json_carriesTheHint() throws IOException {
    CliRunner.Result r = CliRunner.run("validate", "--format", "json", "ajo.terms");
    JsonNode node = Json.MAPPER.readTree(r.out());
    assertEquals("did you mean --file ajo.terms?", node.get("hint").asText());
  }

  @Test
  void validate_expiredClauseAtTime_warnsAndStaysValid() {
    CliRunner.Result r = CliRunner.run("validate", "--at", "2027-03-01", "deny train until 2027-01-01; allow eval");
    assertEquals(0, r.exitCode());
    assertEquals("<input>:1:1: warning expired-clause: 'deny train until 2027-01-01' ended at 2027-01-01, before"
        + " 2027-03-01: it decides nothing from then on\n"
        + "  deny train until 2027-01-01; allow eval\n"
        + "  ^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        + "  help: remove the clause, or check its 'until' date\n"
        + "<input>: valid: deny train until 2027-01-01; allow eval\n", r.out());
  }

  @Test
  void validate_deadClause_warnsWithCodeInJson() throws IOException {
    CliRunner.Result r = CliRunner.run("validate", "--format", "json", "no-train; allow train");
    assertEquals(0, r.exitCode());
    JsonNode d = Json.MAPPER.readTree(r.out()).get("diagnostics").get(0);
    assertEquals("dead-clause", d.get("code").asText());
    assertEquals("warning", d.get("severity").asText());
    assertEquals(11, d.get("column").asInt());
  }

  @Test
  void validate_missingSemicolon_asksForIt() {
    CliRunner.Result r = CliRunner.run("validate", "deny train until 2027-01-01 allow eval");
    assertEquals(1, r.exitCode());
    assertTrue(r.out().startsWith("<input>:1:29: error missing-semicolon: missing ';' before 'allow'?\n"), r.out());
  }

  @Test
  void validate_notUtf8File_isAUsageErrorOfOneProblemAndOneHelpLine() throws IOException {
    Path bad = dir.resolve("bad.terms");
    Files.write(bad, new byte[] {'e', 'v', (byte) 0xC3, '\n'});
    CliRunner.Result r = CliRunner.run("validate", "--file", bad.toString());
    assertEquals(2, r.exitCode());
    assertEquals("flywheel-policy validate: cannot read --file " + bad + ": not UTF-8 text\n"
        + "Run 'flywheel-policy validate --help' for usage.\n", r.err());
  }

  @Test
  void fmt_file_printsTheCanonicalFormWithComments() throws IOException {
    CliRunner.Result r = CliRunner.run("fmt", "--file", file("a.terms", WRITTEN).toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(CANONICAL, r.out());
  }

  @Test
  void fmtCheck_notCanonical_printsAUnifiedDiffAndExitsOne() throws IOException {
    Path terms = file("a.terms", WRITTEN);
    CliRunner.Result r = CliRunner.run("fmt", "--check", "--file", terms.toString());
    assertEquals(1, r.exitCode());
    assertEquals("--- " + terms + "\n+++ " + terms + " (canonical)\n@@ -1,3 +1,3 @@\n"
        + "-#terms\n-no-train until 2027-01-01 #embargo\n-;allow eval\n"
        + "+# terms\n+deny train until 2027-01-01; # embargo\n+allow eval\n", r.out());
  }

  @Test
  void fmtCheck_severalFilesAfterOneFileOption_checksEach() throws IOException {
    Path good = file("good.terms", CANONICAL);
    Path bad = file("bad.terms", WRITTEN);
    CliRunner.Result r = CliRunner.run("fmt", "--check", "--file", good.toString(), bad.toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.out().startsWith("--- " + bad + "\n"), r.out());
    assertEquals("", r.err());
  }

  @Test
  void fmtCheck_canonical_printsNothingAndExitsZero() throws IOException {
    CliRunner.Result r = CliRunner.run("fmt", "--check", "--file", file("a.terms", CANONICAL).toString());
    assertEquals(0, r.exitCode(), r.out());
    assertEquals("", r.out());
  }

  @Test
  void fmtCheck_missingFinalLineBreak_isNotCanonical() throws IOException {
    CliRunner.Result r = CliRunner.run("fmt", "--check", "--file", file("a.terms", "eval-only").toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.out().contains("@@ line breaks differ: the canonical form uses '\\n' and ends with one @@"), r.out());
  }

  @Test
  void fmtWrite_rewritesTheFileAtomicallyAndLeavesNoTemporaryFile() throws IOException {
    Path terms = file("a.terms", WRITTEN);
    CliRunner.Result r = CliRunner.run("fmt", "--write", "--file", terms.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("reformatted " + terms + "\n", r.out());
    assertEquals(CANONICAL, Files.readString(terms));
    try (var listing = Files.list(dir)) {
      assertEquals(List.of(terms), listing.toList());
    }
  }

  @Test
  void fmtWrite_invalidTerms_leavesTheFileAsItWasAndExitsOne() throws IOException {
    Path terms = file("a.terms", "deny tarin # typo\n");
    CliRunner.Result r = CliRunner.run("fmt", "--write", "--file", terms.toString());
    assertEquals(1, r.exitCode());
    assertEquals("deny tarin # typo\n", Files.readString(terms));
    assertTrue(r.err().contains("error unknown-word"), r.err());
  }

  @Test
  void fmtWrite_withTermsArgument_isAUsageError() {
    CliRunner.Result r = CliRunner.run("fmt", "--write", "eval-only");
    assertEquals(2, r.exitCode());
    assertEquals("flywheel-policy fmt: --write rewrites files: give each with --file FILE (not TERMS, not stdin)\n"
        + "Run 'flywheel-policy fmt --help' for usage.\n", r.err());
  }

  @Test
  void decide_file_decidesTheTermsFile() throws IOException {
    CliRunner.Result r = CliRunner.run("decide", "--purpose", "eval", "--file", file("a.terms", WRITTEN).toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().startsWith("allow (explicit)"), r.out());
  }

  @Test
  void decide_fileNameAsTerms_deniesAndHintsAtFile() {
    CliRunner.Result r = CliRunner.run("decide", "--purpose", "eval", "ajo.terms");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().startsWith("deny (error)"), r.out());
    assertEquals("<input>: hint: did you mean --file ajo.terms?\n", r.err());
  }

  @Test
  void export_termsNamingAFile_neverReadsTheFile() throws IOException {
    Path named = file("eval-only", "deny train");
    CliRunner.Result r = CliRunner.run("export", "--to", "aipref", named.toString());
    assertEquals(1, r.exitCode(), r.out());
    assertTrue(r.err().contains("hint: did you mean --file " + named + "?"), r.err());
  }

  @Test
  void export_file_readsTheTermsFile() throws IOException {
    CliRunner.Result r = CliRunner.run("export", "--to", "aipref", "--file",
        file("a.terms", "# none for genai\ndeny train-genai; allow search\n").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("train-ai=n, search=y", r.out().lines().findFirst().orElseThrow());
  }

  @Test
  void usageError_printsTheProblemAndOneHelpLine() {
    CliRunner.Result r = CliRunner.run("validate", "--purpose", "x");
    assertEquals(2, r.exitCode());
    assertEquals("flywheel-policy validate: Unknown option: '--purpose'\n"
        + "Run 'flywheel-policy validate --help' for usage.\n", r.err());
  }

  @Test
  void decide_mistypedPurpose_suggestsTheWord() {
    CliRunner.Result r = CliRunner.run("decide", "--purpose", "trian", "eval-only");
    assertEquals(2, r.exitCode());
    assertEquals("flywheel-policy decide: Invalid value for option '--purpose': unknown purpose 'trian': use one of"
        + " any, ai, train, train-genai, eval, input, search (did you mean 'train'?)\n"
        + "Run 'flywheel-policy decide --help' for usage.\n", r.err());
  }

  @Test
  void decide_mistypedFact_suggestsTheWord() {
    CliRunner.Result r = CliRunner.run("decide", "--purpose", "train", "--fact", "open-weight", "eval-only");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("flywheel-policy decide: Invalid value for option '--fact' (<facts>): unknown fact"
        + " 'open-weight': use one of open-weights, noncommercial (did you mean 'open-weights'?)\n"), r.err());
  }

  @Test
  void decide_mistypedHonour_suggestsTheWord() {
    CliRunner.Result r = CliRunner.run("decide", "--purpose", "train", "--honour", "payement", "eval-only");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("unknown obligation type 'payement'") && r.err().contains("(did you mean 'payment'?)"),
        r.err());
  }

  @Test
  void help_topLevelSummaries_areWholeSentences() {
    CliRunner.Result r = CliRunner.run("--help");
    String commands = r.out().substring(r.out().indexOf("Commands:"));
    // Each summary, joined across its wrapped lines, ends a sentence.
    String[] entries = commands.substring(commands.indexOf('\n') + 1, commands.indexOf("\n\n")).split("\n  (?=\\S)");
    assertTrue(entries.length >= 8, commands);
    for (String entry : entries) {
      assertTrue(entry.strip().endsWith("."), "summary cut: " + entry);
    }
  }

  @Test
  void help_everyCommand_endsWithAnExample() {
    // Every command the top-level help lists (help itself aside), so that a new command cannot miss its example.
    List<String> commands = Main.commandLine(new String[0], picocli.CommandLine.defaultFactory()).getSubcommands()
        .keySet().stream().filter(name -> !name.equals("help")).toList();
    assertTrue(commands.size() >= 14, commands.toString());
    for (String command : commands) {
      CliRunner.Result r = CliRunner.run(command, "--help");
      List<String> lines = r.out().strip().lines().toList();
      assertEquals("Example:", lines.get(lines.size() - 2), command);
      assertTrue(lines.get(lines.size() - 1).startsWith("  flywheel-policy " + command + " "), command);
    }
  }
}
