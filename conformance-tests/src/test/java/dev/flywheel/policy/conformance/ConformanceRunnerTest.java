package dev.flywheel.policy.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Decision.Basis;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.QuotaPeriod;
import dev.flywheel.policy.Reason;
import dev.flywheel.policy.Span;
import dev.flywheel.policy.terms.OnlyClause;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.Policy;
import dev.flywheel.policy.terms.TimeWindow;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceRunnerTest {
  static final Reason REASON = new Reason(Layer.TERMS, "eval-only", new Span(0, 9, 1, 1), "'eval-only' allows eval");
  static final Decision ALLOW = new Decision.Allow(Basis.EXPLICIT, List.of(REASON));
  static final Decision DENY = new Decision.Deny(Basis.EXPLICIT, List.of(REASON), List.of(), List.of());

  @TempDir
  Path dir;

  private Path write(String name, String json) throws IOException {
    Path path = dir.resolve(name);
    Files.createDirectories(path.getParent());
    Files.writeString(path, json);
    return path;
  }

  private static String decisionFile(String request, String expect) {
    return CaseFileReaderTest.file(CaseFileReaderTest.decisionGroup(request, expect));
  }

  private static ConformanceRunner runner(BiFunction<String, dev.flywheel.policy.Request, Decision> decide) {
    FakeEngine engine = FakeEngine.deciding(decide);
    return new ConformanceRunner(setting -> engine, policy -> "printed");
  }

  private Report runOne(Decision actual, String expect) throws IOException {
    Path file = write("case.json", decisionFile(CaseFileReaderTest.REQUEST, expect));
    return runner((t, r) -> actual).execute(List.of(file));
  }

  @Test
  void execute_matchingDecision_passes() throws IOException {
    Report report = runOne(ALLOW, "{\"decision\": \"allow\", \"basis\": \"explicit\", \"allowed\": true}");
    assertEquals(1, report.passed());
    assertTrue(report.successful());
    assertEquals("1 passed, 0 failed", report.summary());
    assertEquals("1 tests run, 0 errors, 0 invalid files", report.details());
  }

  @Test
  void execute_differentDecision_failsWithExpectedAndActual() throws IOException {
    Report report = runOne(DENY, "{\"decision\": \"allow\", \"basis\": \"explicit\"}");
    assertEquals(1, report.failed());
    assertFalse(report.successful());
    Outcome outcome = report.problems().get(0);
    assertEquals(List.of("decision: expected allow, actual deny"), outcome.differences());
    String text = report.toText();
    assertTrue(text.contains("FAILED: " + dir.resolve("case.json") + " / g / t"), text);
    assertTrue(text.contains("expected allow, basis explicit"), text);
    assertTrue(text.contains("actual   deny, basis explicit, allowed false"), text);
    assertTrue(text.contains("reason: terms: 'eval-only' - 'eval-only' allows eval"), text);
  }

  @Test
  void toJson_failedOutcome_carriesStatusDifferencesAndSummary() throws Exception {
    Report report = runOne(DENY, "{\"decision\": \"allow\", \"basis\": \"explicit\"}");
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(report.toJson());
    assertEquals(1, json.get("summary").get("failed").asInt());
    assertFalse(json.get("summary").get("successful").asBoolean());
    com.fasterxml.jackson.databind.JsonNode outcome = json.get("outcomes").get(0);
    assertEquals("failed", outcome.get("status").asText());
    assertEquals("t", outcome.get("test").asText());
    assertEquals("decision: expected allow, actual deny", outcome.get("differences").get(0).asText());
    assertTrue(outcome.get("reasons").get(0).asText().contains("'eval-only'"));
  }

  @Test
  void execute_differentBasis_fails() throws IOException {
    Decision actual = new Decision.Deny(Basis.DEFAULT, List.of(), List.of(), List.of());
    Report report = runOne(actual, "{\"decision\": \"deny\", \"basis\": \"explicit\"}");
    assertEquals(List.of("basis: expected explicit, actual default"), report.problems().get(0).differences());
  }

  @Test
  void execute_obligationsInSpecOrder_pass() throws IOException {
    Decision actual = new Decision.Obligation(List.of(Duty.Attribution.INSTANCE,
        new Duty.Payment("m", new Duty.Amount(new BigDecimal("0.0020"), "EUR")),
        new Duty.Quota(10, QuotaPeriod.DAY, null), new Duty.Quota(1000, QuotaPeriod.MONTH, "m")),
        Basis.EXPLICIT, List.of(), true);
    Report report = runOne(actual, "{\"decision\": \"obligation\", \"basis\": \"explicit\", \"allowed\": true,"
        + " \"obligations\": [{\"type\": \"attribution\"}, {\"type\": \"payment\", \"collective\": \"m\","
        + " \"amount\": \"0.002\", \"currency\": \"EUR\"}, {\"type\": \"quota\", \"limit\": 1000,"
        + " \"period\": \"month\", \"scope\": \"m\"}, {\"type\": \"quota\", \"limit\": 10, \"period\": \"day\"}]}");
    assertTrue(report.successful(), report.toText());
  }

  @Test
  void execute_paymentsOutOfOrder_fail() throws IOException {
    Decision actual = new Decision.Obligation(List.of(new Duty.Payment("zulu", null), new Duty.Payment("amara", null)),
        Basis.EXPLICIT, List.of(), false);
    Report report = runOne(actual, "{\"decision\": \"obligation\", \"basis\": \"explicit\", \"obligations\": ["
        + "{\"type\": \"payment\", \"collective\": \"amara\"}, {\"type\": \"payment\", \"collective\": \"zulu\"}]}");
    assertEquals(List.of("obligations: expected [payment amara, payment zulu], actual [payment zulu, payment amara]"),
        report.problems().get(0).differences());
  }

  @Test
  void execute_quotaScopeDiffers_fails() throws IOException {
    Decision actual = new Decision.Obligation(List.of(new Duty.Quota(10, QuotaPeriod.DAY, null)),
        Basis.EXPLICIT, List.of(), false);
    Report report = runOne(actual, "{\"decision\": \"obligation\", \"basis\": \"explicit\", \"obligations\": ["
        + "{\"type\": \"quota\", \"limit\": 10, \"period\": \"day\", \"scope\": \"m\"}]}");
    assertEquals(1, report.failed());
  }

  @Test
  void execute_paymentAmountMissing_fails() throws IOException {
    Decision actual = new Decision.Obligation(List.of(new Duty.Payment("m", null)), Basis.EXPLICIT, List.of(), false);
    Report report = runOne(actual, "{\"decision\": \"obligation\", \"basis\": \"explicit\", \"obligations\": ["
        + "{\"type\": \"payment\", \"collective\": \"m\", \"amount\": \"1\", \"currency\": \"EUR\"}]}");
    assertEquals(1, report.failed());
  }

  @Test
  void execute_allowedDiffers_fails() throws IOException {
    Decision actual = new Decision.Obligation(List.of(Duty.Attribution.INSTANCE), Basis.EXPLICIT, List.of(), false);
    Report report = runOne(actual, "{\"decision\": \"obligation\", \"basis\": \"explicit\", \"allowed\": true,"
        + " \"obligations\": [{\"type\": \"attribution\"}]}");
    assertEquals(List.of("allowed: expected true, actual false"), report.problems().get(0).differences());
  }

  @Test
  void execute_wouldAllowWithInAnyOrder_passes() throws IOException {
    Decision actual = new Decision.Deny(Basis.EXPLICIT, List.of(), List.of(),
        List.of(Fact.OPEN_WEIGHTS, Fact.NONCOMMERCIAL));
    Report report = runOne(actual, "{\"decision\": \"deny\", \"basis\": \"explicit\","
        + " \"wouldAllowWith\": [\"noncommercial\", \"open-weights\"]}");
    assertTrue(report.successful(), report.toText());
  }

  @Test
  void execute_wouldAllowWithMissingFact_fails() throws IOException {
    Decision actual = new Decision.Deny(Basis.EXPLICIT, List.of(), List.of(), List.of(Fact.OPEN_WEIGHTS));
    Report report = runOne(actual, "{\"decision\": \"deny\", \"basis\": \"explicit\","
        + " \"wouldAllowWith\": [\"noncommercial\", \"open-weights\"]}");
    assertEquals(1, report.failed());
  }

  @Test
  void execute_errorCodesPresent_pass_andMissing_fail() throws IOException {
    Decision actual = new Decision.Deny(Basis.ERROR, List.of(),
        List.of(Diagnostic.of(DiagnosticCode.UNKNOWN_WORD, "unknown word 'trian'", new Span(0, 5, 1, 1))), List.of());
    assertTrue(runOne(actual, "{\"decision\": \"deny\", \"basis\": \"error\", \"errorCodes\": [\"unknown-word\"]}")
        .successful());
    Report report = runOne(actual, "{\"decision\": \"deny\", \"basis\": \"error\", \"errorCodes\": [\"empty-terms\"]}");
    assertEquals(List.of("errorCodes: expected to include [empty-terms], actual [unknown-word]"),
        report.problems().get(0).differences());
  }

  @Test
  void execute_reasonLayerMissing_fails() throws IOException {
    Report report = runOne(ALLOW, "{\"decision\": \"allow\", \"basis\": \"explicit\", \"reasonLayers\": [\"licence\"]}");
    assertEquals(List.of("reasonLayers: expected to include [licence], actual [terms]"),
        report.problems().get(0).differences());
  }

  @Test
  void execute_engineThrows_reportsErrorAndContinues() throws IOException {
    String group = CaseFileReaderTest.decisionGroup(CaseFileReaderTest.REQUEST, CaseFileReaderTest.ALLOW);
    Path file = write("two.json", CaseFileReaderTest.file(group + ", " + group.replace("\"g\"", "\"h\"")));
    List<String> seen = new ArrayList<>();
    Report report = runner((t, r) -> {
      seen.add(t);
      if (seen.size() == 1) {
        throw new IllegalStateException("boom");
      }
      return ALLOW;
    }).execute(List.of(file));
    assertEquals(1, report.errors());
    assertEquals(1, report.passed());
    assertTrue(report.problems().get(0).actual().contains("boom"));
  }

  @Test
  void execute_engineCannotBeBuilt_everyTestIsAnErrorNamingTheProblem() throws IOException {
    Path file = write("c.json", decisionFile(CaseFileReaderTest.REQUEST, CaseFileReaderTest.ALLOW));
    ConformanceRunner runner = new ConformanceRunner(setting -> {
      throw new IllegalStateException("no PolicyEngineProvider found");
    }, policy -> "printed");
    Report report = runner.execute(List.of(file));
    assertEquals(1, report.errors());
    assertTrue(report.toText().contains("no PolicyEngineProvider found"), report.toText());
  }

  @Test
  void execute_schemaViolation_reportsInvalidFileWithPointerAndRunsNothing() throws IOException {
    Path bad = write("bad.json", decisionFile("{\"purpose\": \"eval\", \"at\": \"yesterday\"}", CaseFileReaderTest.ALLOW));
    List<String> calls = new ArrayList<>();
    Report report = runner((t, r) -> {
      calls.add(t);
      return ALLOW;
    }).execute(List.of(bad));
    assertEquals(1, report.invalidFiles());
    assertEquals(0, report.testsRun());
    assertTrue(calls.isEmpty());
    assertFalse(report.successful());
    String text = report.toText();
    assertTrue(text.contains("INVALID_FILE: " + bad), text);
    assertTrue(text.contains("schema: /groups/0/tests/0/request/at"), text);
  }

  @Test
  void execute_directory_runsEveryJsonFileInPathOrder() throws IOException {
    write("b/second.json", decisionFile(CaseFileReaderTest.REQUEST, CaseFileReaderTest.ALLOW));
    write("a/first.json", decisionFile(CaseFileReaderTest.REQUEST, CaseFileReaderTest.ALLOW));
    write("a/notes.txt", "not a case file");
    Report report = runner((t, r) -> ALLOW).execute(List.of(dir));
    assertEquals(2, report.passed());
    assertTrue(report.outcomes().get(0).file().endsWith("first.json"));
    assertTrue(report.outcomes().get(1).file().endsWith("second.json"));
  }

  @Test
  void execute_missingPath_reportsInvalidFile() {
    Report report = runner((t, r) -> ALLOW).execute(List.of(dir.resolve("missing.json")));
    assertEquals(1, report.invalidFiles());
    assertFalse(report.successful());
  }

  @Test
  void execute_noFiles_isNotSuccessful() {
    assertFalse(runner((t, r) -> ALLOW).execute(List.of(dir)).successful());
  }

  @Test
  void execute_defaultSetting_buildsOneEnginePerSetting() throws IOException {
    String deny = CaseFileReaderTest.decisionGroup(CaseFileReaderTest.REQUEST, CaseFileReaderTest.ALLOW);
    String allow = deny.replace("\"g\"", "\"h\", \"engine\": {\"default\": \"allow\"}");
    Path file = write("engines.json", CaseFileReaderTest.file(deny + ", " + allow + ", " + allow.replace("\"h\"", "\"i\"")));
    List<DefaultDecision> built = new ArrayList<>();
    ConformanceRunner runner = new ConformanceRunner(setting -> {
      built.add(setting);
      return FakeEngine.deciding((t, r) -> setting == DefaultDecision.ALLOW ? ALLOW : DENY);
    }, policy -> "printed");
    Report report = runner.execute(List.of(file));
    assertEquals(List.of(DefaultDecision.DENY, DefaultDecision.ALLOW), built);
    assertEquals(2, report.passed());
    assertEquals(1, report.failed());
  }

  @Test
  void execute_requestTime_isPassedExplicitly() throws IOException {
    List<String> seen = new ArrayList<>();
    runner((t, r) -> {
      seen.add(String.valueOf(r.at()));
      return ALLOW;
    }).execute(List.of(write("c.json", decisionFile(
        "{\"purpose\": \"eval\", \"at\": \"2027-01-01T01:00:00+01:00\"}", CaseFileReaderTest.ALLOW))));
    assertEquals(List.of("2027-01-01T00:00:00Z"), seen);
  }

  // ---- parse tests ----

  private Report runParse(ParseResult actual, String printed, String parseExpectation) throws IOException {
    String group = "{\"description\": \"g\", \"terms\": \"x\", \"tests\": [{\"description\": \"t\", \"parse\": "
        + parseExpectation + "}]}";
    Path file = write("parse.json", CaseFileReaderTest.file(group));
    FakeEngine engine = new FakeEngine((t, r) -> ALLOW, (i, r) -> ALLOW, t -> actual);
    return new ConformanceRunner(setting -> engine, policy -> printed).execute(List.of(file));
  }

  static final ParseResult VALID = ParseResult.valid(
      Policy.of(new OnlyClause(dev.flywheel.policy.Purpose.EVAL, TimeWindow.ALWAYS, null)), List.of());

  static ParseResult invalid(Diagnostic... diagnostics) {
    return ParseResult.invalid(List.of(diagnostics));
  }

  @Test
  void execute_parseCanonicalMatches_passes() throws IOException {
    assertTrue(runParse(VALID, "eval-only",
        "{\"valid\": true, \"canonical\": \"eval-only\", \"diagnostics\": []}").successful());
  }

  @Test
  void execute_parseCanonicalDiffers_fails() throws IOException {
    Report report = runParse(VALID, "eval-only ;",
        "{\"valid\": true, \"canonical\": \"eval-only\", \"diagnostics\": []}");
    assertEquals(List.of("canonical: expected 'eval-only', actual 'eval-only ;'"),
        report.problems().get(0).differences());
  }

  @Test
  void execute_parseValidityDiffers_fails() throws IOException {
    Report report = runParse(VALID, "eval-only", "{\"valid\": false, \"diagnostics\": [{\"code\": \"unknown-word\","
        + " \"line\": 1, \"column\": 1}]}");
    assertEquals(1, report.failed());
    assertTrue(report.problems().get(0).differences().get(0).startsWith("valid: expected false, actual true"));
  }

  @Test
  void execute_parseDiagnosticsPositionAndHelp_compared() throws IOException {
    ParseResult actual = invalid(Diagnostic.of(DiagnosticCode.UNKNOWN_WORD, "unknown word 'tarin'",
        new Span(5, 5, 1, 6)).withHelp("did you mean 'train'?"));
    assertTrue(runParse(actual, "", "{\"valid\": false, \"diagnostics\": [{\"code\": \"unknown-word\", \"line\": 1,"
        + " \"column\": 6, \"helpContains\": \"'train'\"}]}").successful());
    Report wrongColumn = runParse(actual, "", "{\"valid\": false, \"diagnostics\": [{\"code\": \"unknown-word\","
        + " \"line\": 1, \"column\": 7}]}");
    assertEquals(List.of("diagnostics: expected [unknown-word@1:7], actual [unknown-word@1:6]"
        + " (help: unknown-word: did you mean 'train'?)"), wrongColumn.problems().get(0).differences());
    assertEquals(1, runParse(actual, "", "{\"valid\": false, \"diagnostics\": [{\"code\": \"unknown-word\","
        + " \"line\": 1, \"column\": 6, \"helpContains\": \"'eval'\"}]}").failed());
  }

  @Test
  void execute_parseDiagnosticWithoutSpan_matchesNullPosition() throws IOException {
    ParseResult actual = invalid(
        Diagnostic.of(DiagnosticCode.UNKNOWN_WORD, "unknown word 'q'", new Span(0, 1, 1, 1)),
        Diagnostic.of(DiagnosticCode.TOO_MANY_DIAGNOSTICS, "too many"));
    assertTrue(runParse(actual, "", "{\"valid\": false, \"diagnostics\": [{\"code\": \"unknown-word\", \"line\": 1,"
        + " \"column\": 1}, {\"code\": \"too-many-diagnostics\", \"line\": null, \"column\": null}]}").successful());
  }

  @Test
  void execute_parseExtraWarning_fails() throws IOException {
    ParseResult actual = ParseResult.valid(VALID.policy().orElseThrow(),
        List.of(Diagnostic.of(DiagnosticCode.DUPLICATE_ENTRY, "twice", new Span(0, 1, 1, 1))));
    assertEquals(1, runParse(actual, "eval-only",
        "{\"valid\": true, \"canonical\": \"eval-only\", \"diagnostics\": []}").failed());
  }
}
