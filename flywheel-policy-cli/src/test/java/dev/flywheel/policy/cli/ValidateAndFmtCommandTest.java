package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidateAndFmtCommandTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "eval-only", "train if attribution", "pay collective masakhane", "pay collective \"Te Hiku Media\"",
      "train if attribution and pay collective masakhane", "deny train until 2027-01-01; allow eval",
      "allow any; deny ai", "no-train", "train if open-weights and attribution", "allow eval, search",
      "allow train from 2027-01-01", "search-only"})
  void validate_issueExamples_exitZero(String terms) {
    CliRunner.Result r = CliRunner.run("validate", terms);
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().startsWith("<input>: valid: "), r.out());
  }

  @Test
  void validate_typoAtStart_reportsOneOneWithHint() {
    CliRunner.Result r = CliRunner.run("validate", "trian if attribution");
    assertEquals(1, r.exitCode());
    assertTrue(r.out().startsWith("<input>:1:1: error unknown-word: unknown word 'trian'\n"), r.out());
    assertTrue(r.out().contains("help: did you mean 'train'?"), r.out());
  }

  @Test
  void validate_typoInDeny_reportsOneSixWithHintAndCaret() {
    CliRunner.Result r = CliRunner.run("validate", "deny tarin until 2027-01-01");
    assertEquals(1, r.exitCode());
    assertEquals("<input>:1:6: error unknown-word: unknown word 'tarin'\n"
        + "  deny tarin until 2027-01-01\n"
        + "       ^^^^^\n"
        + "  help: did you mean 'train'?\n", r.out());
  }

  @Test
  void validate_json_hasTheDocumentedFields() throws Exception {
    CliRunner.Result r = CliRunner.run("validate", "--format", "json", "deny tarin until 2027-01-01");
    assertEquals(1, r.exitCode());
    JsonNode node = Json.MAPPER.readTree(r.out());
    assertEquals(false, node.get("valid").asBoolean());
    assertTrue(node.get("canonical").isNull());
    JsonNode d = node.get("diagnostics").get(0);
    assertEquals("unknown-word", d.get("code").asText());
    assertEquals("error", d.get("severity").asText());
    assertEquals("did you mean 'train'?", d.get("help").asText());
    assertEquals(1, d.get("line").asInt());
    assertEquals(6, d.get("column").asInt());
    assertEquals(5, d.get("offset").asInt());
    assertEquals(5, d.get("length").asInt());
  }

  @Test
  void validate_jsonWithSeveralTerms_givesAnArray() throws Exception {
    CliRunner.Result r = CliRunner.run("validate", "--format", "json", "no-train", "eval-only");
    assertEquals(0, r.exitCode());
    JsonNode node = Json.MAPPER.readTree(r.out());
    assertTrue(node.isArray());
    assertEquals("deny train", node.get(0).get("canonical").asText());
    assertEquals("eval-only", node.get(1).get("canonical").asText());
  }

  @Test
  void validate_oneInvalidAmongSeveral_exitsOne() {
    CliRunner.Result r = CliRunner.run("validate", "eval-only", "EVAL-ONLY");
    assertEquals(1, r.exitCode());
    assertTrue(r.out().contains("<input-2>:1:1: error uppercase-keyword"), r.out());
  }

  @Test
  void validate_usageErrors_exitTwo() {
    assertEquals(2, CliRunner.run("validate").exitCode());
    assertEquals(2, CliRunner.run("validate", "--format", "yaml", "eval-only").exitCode());
    assertEquals(2, CliRunner.run("no-such-command").exitCode());
    assertEquals(2, CliRunner.run().exitCode());
  }

  @Test
  void fmt_printsCanonicalForms() {
    CliRunner.Result r = CliRunner.run("fmt", "no-train", "train if attribution", "  allow eval ,search ;");
    assertEquals(0, r.exitCode());
    assertEquals("deny train\nallow train if attribution\nallow eval, search\n", r.out());
  }

  @Test
  void fmt_invalidTerms_reportOnStderrAndExitOne() {
    CliRunner.Result r = CliRunner.run("fmt", "deny tarin");
    assertEquals(1, r.exitCode());
    assertEquals("", r.out());
    assertTrue(r.err().contains("unknown-word"), r.err());
  }
}
