package dev.flywheel.policy.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.conformance.CaseFile.DecisionTest;
import dev.flywheel.policy.conformance.CaseFile.ParseTest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CaseFileReaderTest {
  private static final Path FILE = Path.of("cases.json");
  private final CaseFileReader reader = new CaseFileReader();

  static String file(String groups) {
    return "{\"description\": \"d\", \"groups\": [" + groups + "]}";
  }

  static String decisionGroup(String request, String expect) {
    return "{\"description\": \"g\", \"terms\": \"eval-only\", \"tests\": [{\"description\": \"t\", \"request\": "
        + request + ", \"expect\": " + expect + "}]}";
  }

  static final String REQUEST = "{\"purpose\": \"eval\", \"at\": \"2026-06-01T12:00:00Z\"}";
  static final String ALLOW = "{\"decision\": \"allow\", \"basis\": \"explicit\"}";

  private List<Problem> problems(String json) {
    CaseFileReader.Result result = reader.read(FILE, json);
    return assertInstanceOf(CaseFileReader.Invalid.class, result, "expected problems").problems();
  }

  private CaseFile loaded(String json) {
    CaseFileReader.Result result = reader.read(FILE, json);
    if (result instanceof CaseFileReader.Invalid invalid) {
      throw new AssertionError("unexpected problems: " + invalid.problems());
    }
    return ((CaseFileReader.Loaded) result).file();
  }

  @Test
  void read_decisionTest_mapsRequestAndExpectation() {
    CaseFile file = loaded(file(decisionGroup(
        "{\"purpose\": \"train-genai\", \"facts\": [\"open-weights\"], \"at\": \"2027-01-01T01:00:00+01:00\","
            + " \"honour\": [\"payment\", \"quota\"]}",
        "{\"decision\": \"obligation\", \"basis\": \"explicit\", \"allowed\": false, \"obligations\": ["
            + "{\"type\": \"attribution\"}, {\"type\": \"payment\", \"collective\": \"m\", \"amount\": \"0.0020\","
            + " \"currency\": \"EUR\"}, {\"type\": \"quota\", \"limit\": 5, \"period\": \"month\", \"scope\": null}]}")));
    assertEquals(1, file.testCount());
    CaseFile.Group group = file.groups().get(0);
    assertEquals("eval-only", group.terms());
    assertEquals(DefaultDecision.DENY, group.defaultDecision());
    DecisionTest test = assertInstanceOf(DecisionTest.class, group.tests().get(0));
    assertEquals(Purpose.TRAIN_GENAI, test.request().purpose());
    assertEquals(Set.of(Fact.OPEN_WEIGHTS), test.request().facts());
    assertEquals(Instant.parse("2027-01-01T00:00:00Z"), test.request().at());
    assertEquals(Set.of(ObligationType.PAYMENT, ObligationType.QUOTA), test.request().honoured());
    assertEquals(Boolean.FALSE, test.expect().allowed());
    assertEquals(3, test.expect().obligations().size());
    assertEquals(0, new BigDecimal("0.002").compareTo(test.expect().obligations().get(1).amount()));
    assertEquals(5, test.expect().obligations().get(2).limit());
    assertNull(test.expect().wouldAllowWith());
  }

  @Test
  void read_itemGroupWithDefaultAllow_mapsEveryField() {
    String group = "{\"description\": \"g\", \"engine\": {\"default\": \"allow\"}, \"item\": {"
        + "\"terms\": \"allow any\", \"contributedAt\": \"2026-03-01T12:00:00Z\","
        + "\"preferenceShifts\": [{\"effective\": \"2027-01-01T00:00:00Z\", \"terms\": \"no-train\"}],"
        + "\"collectiveStatements\": [{\"collective\": \"masakhane\", \"terms\": \"eval-only\","
        + " \"effective\": null, \"contributedFrom\": \"2026-06-01T00:00:00Z\", \"contributedUntil\": null,"
        + " \"tags\": [\"language:yo\"]}],"
        + "\"stewardDefaults\": \"deny search\", \"collectives\": [\"masakhane\"], \"tags\": [\"language:yo\"],"
        + "\"licence\": \"CC-BY-4.0\", \"releasedAt\": null},"
        + "\"tests\": [{\"description\": \"t\", \"request\": " + REQUEST + ", \"expect\": " + ALLOW + "}]}";
    CaseFile.Group g = loaded(file(group)).groups().get(0);
    assertEquals(DefaultDecision.ALLOW, g.defaultDecision());
    assertNull(g.terms());
    assertEquals("allow any", g.item().terms());
    assertEquals(1, g.item().preferenceShifts().size());
    assertEquals("masakhane", g.item().collectiveStatements().get(0).collective());
    assertEquals(Instant.parse("2026-06-01T00:00:00Z"), g.item().collectiveStatements().get(0).contributedFrom());
    assertNull(g.item().collectiveStatements().get(0).effective());
    assertEquals(Set.of("language:yo"), g.item().tags());
    assertEquals("CC-BY-4.0", g.item().licence());
    assertNull(g.item().releasedAt());
  }

  @Test
  void read_parseTest_mapsDiagnostics() {
    String group = "{\"description\": \"g\", \"terms\": \"trian\", \"tests\": [{\"description\": \"t\", \"parse\": {"
        + "\"valid\": false, \"diagnostics\": [{\"code\": \"unknown-word\", \"line\": 1, \"column\": 1,"
        + " \"helpContains\": \"'train'\"}, {\"code\": \"too-many-diagnostics\", \"line\": null, \"column\": null}]}}]}";
    ParseTest test = assertInstanceOf(ParseTest.class, loaded(file(group)).groups().get(0).tests().get(0));
    assertEquals(2, test.expect().diagnostics().size());
    assertEquals("'train'", test.expect().diagnostics().get(0).helpContains());
    assertNull(test.expect().diagnostics().get(1).line());
  }

  @Test
  void read_unknownPurpose_reportsPointerToPurpose() {
    List<Problem> problems = problems(file(decisionGroup(
        "{\"purpose\": \"summarise\", \"at\": \"2026-06-01T12:00:00Z\"}", ALLOW)));
    assertTrue(problems.stream().anyMatch(p -> p.pointer().equals("/groups/0/tests/0/request/purpose")),
        problems.toString());
  }

  @Test
  void read_missingTime_reportsPointerToRequest() {
    List<Problem> problems = problems(file(decisionGroup("{\"purpose\": \"eval\"}", ALLOW)));
    assertTrue(problems.stream().anyMatch(p -> p.pointer().startsWith("/groups/0/tests/0")), problems.toString());
  }

  @Test
  void read_obligationWithoutDuties_isRejected() {
    List<Problem> problems = problems(file(decisionGroup(REQUEST,
        "{\"decision\": \"obligation\", \"basis\": \"explicit\"}")));
    assertTrue(problems.stream().anyMatch(p -> p.pointer().startsWith("/groups/0/tests/0")), problems.toString());
  }

  @Test
  void read_errorBasisWithAllow_isRejected() {
    List<Problem> problems = problems(file(decisionGroup(REQUEST, "{\"decision\": \"allow\", \"basis\": \"error\"}")));
    assertTrue(problems.stream().anyMatch(p -> p.pointer().startsWith("/groups/0/tests/0")), problems.toString());
  }

  @Test
  void read_groupWithTermsAndItem_isRejected() {
    String group = "{\"description\": \"g\", \"terms\": \"eval-only\", \"item\": {}, \"tests\": [{\"description\":"
        + " \"t\", \"request\": " + REQUEST + ", \"expect\": " + ALLOW + "}]}";
    List<Problem> problems = problems(file(group));
    assertTrue(problems.stream().anyMatch(p -> p.pointer().equals("/groups/0")), problems.toString());
  }

  @Test
  void read_unknownProperty_isRejected() {
    List<Problem> problems = problems(file(decisionGroup(REQUEST,
        "{\"decision\": \"allow\", \"basis\": \"explicit\", \"alowed\": true}")));
    assertTrue(problems.stream().anyMatch(p -> p.pointer().startsWith("/groups/0/tests/0")), problems.toString());
  }

  @Test
  void read_impossibleInstant_reportsPointer() {
    List<Problem> problems = problems(file(decisionGroup(
        "{\"purpose\": \"eval\", \"at\": \"2027-02-30T00:00:00Z\"}", ALLOW)));
    assertEquals(List.of("/groups/0/tests/0/request/at"), problems.stream().map(Problem::pointer).toList());
  }

  @Test
  void read_duplicateKey_isRejectedNotLastOneWins() {
    List<Problem> problems = problems("{\"description\": \"d\", \"description\": \"e\", \"groups\": []}");
    assertEquals("", problems.get(0).pointer());
    assertTrue(problems.get(0).message().contains("not valid JSON"), problems.toString());
  }

  @Test
  void read_trailingGarbage_isRejected() {
    List<Problem> problems = problems(file(decisionGroup(REQUEST, ALLOW)) + " []");
    assertTrue(problems.get(0).message().contains("not valid JSON"), problems.toString());
  }

  @Test
  void read_duplicateTestDescription_isRejected() {
    String test = "{\"description\": \"same\", \"request\": " + REQUEST + ", \"expect\": " + ALLOW + "}";
    String group = "{\"description\": \"g\", \"terms\": \"eval-only\", \"tests\": [" + test + ", " + test + "]}";
    List<Problem> problems = problems(file(group));
    assertEquals(List.of("/groups/0/tests/1/description"), problems.stream().map(Problem::pointer).toList());
  }

  @Test
  void read_parseTestInItemGroup_isRejected() {
    String group = "{\"description\": \"g\", \"item\": {\"terms\": \"eval-only\"}, \"tests\": [{\"description\": \"t\","
        + " \"parse\": {\"valid\": true, \"canonical\": \"eval-only\", \"diagnostics\": []}}]}";
    List<Problem> problems = problems(file(group));
    assertEquals(List.of("/groups/0/tests/0/parse"), problems.stream().map(Problem::pointer).toList());
  }

  @Test
  void read_invalidParseWithCanonical_isRejected() {
    String group = "{\"description\": \"g\", \"terms\": \"trian\", \"tests\": [{\"description\": \"t\","
        + " \"parse\": {\"valid\": false, \"canonical\": \"x\", \"diagnostics\": [{\"code\": \"unknown-word\","
        + " \"line\": 1, \"column\": 1}]}}]}";
    assertTrue(problems(file(group)).stream().anyMatch(p -> p.pointer().startsWith("/groups/0/tests/0")));
  }
}
