package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The engine issue's examples, through {@code decide --format json}. */
class DecideCommandTest {

  private static JsonNode decide(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("decide", "--format", "json"));
    all.addAll(List.of(args));
    CliRunner.Result r = CliRunner.run(all.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.err());
    return Json.MAPPER.readTree(r.out());
  }

  @ParameterizedTest(name = "{0} for {1} at {2}: {3}")
  @CsvSource(delimiter = '|', value = {
      "eval-only|eval|2026-06-01|allow|explicit",
      "eval-only|train|2026-06-01|deny|explicit",
      "train if attribution|train|2026-06-01|obligation|explicit",
      "train if attribution|eval|2026-06-01|deny|default",
      "pay collective masakhane|search|2026-06-01|obligation|explicit",
      "allow train; deny train|train|2026-06-01|deny|explicit",
      "deny ai; allow eval|eval|2026-06-01|allow|explicit",
      "deny ai; allow eval|train|2026-06-01|deny|explicit",
      "train if open-weights|train|2026-06-01|deny|explicit",
      "deny train until 2027-01-01; allow train|train|2026-12-31|deny|explicit",
      "deny train until 2027-01-01; allow train|train|2027-01-01|allow|explicit",
      "deny tarin until 2027-01-01|train|2026-06-01|deny|error"})
  void decide_issueExamples(String terms, String purpose, String at, String decision, String basis) throws Exception {
    JsonNode node = decide("--purpose", purpose, "--at", at, terms);
    assertEquals(decision, node.get("decision").asText());
    assertEquals(basis, node.get("basis").asText());
    assertEquals(decision.equals("allow"), node.get("allowed").asBoolean());
  }

  @Test
  void decide_obligations_listTypeAndCollective() throws Exception {
    JsonNode attribution = decide("--purpose", "train", "train if attribution");
    assertEquals("attribution", attribution.get("obligations").get(0).get("type").asText());
    JsonNode payment = decide("--purpose", "search", "pay collective masakhane");
    assertEquals("payment", payment.get("obligations").get(0).get("type").asText());
    assertEquals("masakhane", payment.get("obligations").get(0).get("collective").asText());
    assertEquals(false, payment.get("allowed").asBoolean());
    JsonNode honoured = decide("--purpose", "search", "--honour", "payment", "pay collective masakhane");
    assertEquals(true, honoured.get("allowed").asBoolean());
  }

  @Test
  void decide_failedFact_saysWhatWouldAllow() throws Exception {
    JsonNode node = decide("--purpose", "train", "train if open-weights");
    assertEquals("open-weights", node.get("wouldAllowWith").get(0).asText());
    JsonNode withFact = decide("--purpose", "train", "--fact", "open-weights", "train if open-weights");
    assertEquals("allow", withFact.get("decision").asText());
  }

  @Test
  void decide_defaultAllow_changesOnlyUncoveredPurposes() throws Exception {
    assertEquals("allow", decide("--purpose", "eval", "--default", "allow", "train if attribution")
        .get("decision").asText());
    assertEquals("deny", decide("--purpose", "train", "--default", "allow", "no-train").get("decision").asText());
  }

  @Test
  void decide_text_showsOutcomeReasonAndHint() {
    CliRunner.Result r = CliRunner.run("decide", "--purpose", "train", "train if open-weights");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().startsWith("deny (explicit)\n"), r.out());
    assertTrue(r.out().contains("would be allowed with: open-weights"), r.out());
  }

  @Test
  void decide_usageErrors_exitTwo() {
    assertEquals(2, CliRunner.run("decide", "eval-only").exitCode());
    assertEquals(2, CliRunner.run("decide", "--purpose", "training", "eval-only").exitCode());
    assertEquals(2, CliRunner.run("decide", "--purpose", "eval", "--at", "tomorrow", "eval-only").exitCode());
    assertEquals(2, CliRunner.run("decide", "--purpose", "eval", "--fact", "open", "eval-only").exitCode());
    assertEquals(2, CliRunner.run("decide", "--purpose", "eval", "--default", "maybe", "eval-only").exitCode());
  }
}
