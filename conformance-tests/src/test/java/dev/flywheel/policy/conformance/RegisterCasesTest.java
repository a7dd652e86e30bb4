package dev.flywheel.policy.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Register sections of case files: the runner materialises them as real signed registers, verification decides what
 * is wrong with them, and each expectation (verification code and seq, the register's effect on a record) is compared
 * so that a wrong one fails.
 */
class RegisterCasesTest {
  private static final String RECORD = """
      {"schemaVersion": 1, "id": "rec-1", "contributor": "c-1", "collectives": ["masakhane"],
       "provenance": {"source": "flywheel.example/chat", "method": "chat", "created": "2025-12-01T00:00:00Z"},
       "licence": "LicenseRef-flywheel-contribution", "released": null, "preference": "allow train, eval",
       "tags": {"language": "yo", "kind": "text"}}""";

  private static final String ENTRIES = """
      [{"kind": "admit", "issuedAt": "2026-01-01T00:00:00Z", "subject": "masakhane", "key": "m1"},
       {"kind": "statement", "issuer": "masakhane", "issuedAt": "2026-01-02T00:00:00Z",
        "terms": "deny train until 2027-01-01"},
       {"kind": "admit", "issuedAt": "2026-01-03T00:00:00Z", "subject": "steward", "key": "s1"},
       {"kind": "withdrawal", "issuer": "steward", "issuedAt": "2026-01-04T00:00:00Z",
        "effective": "2026-03-01T00:00:00Z", "items": ["rec-1"]}]""";

  @TempDir
  Path dir;

  private Report run(String registerExtra, String group) throws IOException {
    Path file = dir.resolve("case.json");
    Files.writeString(file, "{\"description\": \"d\", \"registers\": {\"reg\": {\"entries\": " + ENTRIES
        + registerExtra + "}}, \"groups\": [" + group + "]}");
    return ConformanceRunner.run(List.of(file));
  }

  private static String verifyGroup(String verify) {
    return "{\"description\": \"g\", \"register\": \"reg\", \"tests\": [{\"description\": \"t\", \"verify\": "
        + verify + "}]}";
  }

  private static String decisionGroup(String purpose, String at, String expect) {
    return "{\"description\": \"g\", \"register\": \"reg\", \"record\": " + RECORD + ", \"tests\": [{\"description\": "
        + "\"t\", \"request\": {\"purpose\": \"" + purpose + "\", \"at\": \"" + at + "\"}, \"expect\": " + expect
        + "}]}";
  }

  @Test
  void verifyTest_soundRegisterExpectedSound_passes() throws IOException {
    Report report = run("", verifyGroup("{\"valid\": true, \"entries\": 4, \"checkpointed\": 4}"));
    assertTrue(report.successful(), report.toText());
    assertEquals(1, report.testsRun());
  }

  @Test
  void verifyTest_checkpointOverPrefix_countsCheckpointedEntries() throws IOException {
    Report report = run(", \"checkpoint\": {\"size\": 2}",
        verifyGroup("{\"valid\": true, \"entries\": 4, \"checkpointed\": 2}"));
    assertTrue(report.successful(), report.toText());
  }

  @Test
  void verifyTest_wrongCheckpointedCount_fails() throws IOException {
    Report report = run(", \"checkpoint\": {\"size\": 2}",
        verifyGroup("{\"valid\": true, \"entries\": 4, \"checkpointed\": 4}"));
    assertEquals(List.of("checkpointed: expected 4, actual 2"), report.problems().get(0).differences());
  }

  @Test
  void verifyTest_changedByteExpectedOtherCodeAndSeq_failsNamingActual() throws IOException {
    Report report = run(", \"faults\": [{\"fault\": \"change-byte\", \"seq\": 3}]",
        verifyGroup("{\"valid\": false, \"code\": \"seq-gap\", \"seq\": 2}"));
    assertFalse(report.successful());
    assertEquals(List.of("code: expected seq-gap, actual bad-signature", "seq: expected 2, actual 3"),
        report.problems().get(0).differences());
  }

  @Test
  void verifyTest_faultyRegisterExpectedSound_fails() throws IOException {
    Report report = run(", \"faults\": [{\"fault\": \"remove-checkpoint\"}]", verifyGroup("{\"valid\": true}"));
    assertEquals(List.of("valid: expected true, actual false"), report.problems().get(0).differences());
    assertTrue(report.problems().get(0).actual().contains("checkpoint-missing"), report.toText());
  }

  @Test
  void decisionTest_underRefusedRegister_failsNamingTheFaultAndDecidesNothing() throws IOException {
    Report report = run(", \"faults\": [{\"fault\": \"change-byte\", \"seq\": 1}]",
        decisionGroup("eval", "2026-02-01T00:00:00Z", "{\"decision\": \"allow\", \"basis\": \"explicit\"}"));
    assertEquals(1, report.failed());
    String difference = report.problems().get(0).differences().get(0);
    assertTrue(difference.startsWith("register: refused (bad-signature at seq 1"), difference);
  }

  @Test
  void decisionTest_withdrawnItem_passesWithEffectAndEntry() throws IOException {
    Report report = run("", decisionGroup("eval", "2026-03-01T00:00:00Z",
        "{\"decision\": \"deny\", \"basis\": \"explicit\", \"reasonLayers\": [\"register\"],"
            + " \"register\": {\"effect\": \"withdrawn\", \"entry\": 3, \"matchedRelease\": false}}"));
    assertTrue(report.successful(), report.toText());
  }

  @Test
  void decisionTest_wrongRegisterExpectations_failEachField() throws IOException {
    Report report = run("", decisionGroup("eval", "2026-03-01T00:00:00Z",
        "{\"decision\": \"deny\", \"basis\": \"explicit\", \"register\": {\"effect\": \"unreleased\", \"entry\": 1,"
            + " \"embeddedIgnored\": 2, \"matchedRelease\": true}}"));
    assertEquals(List.of("register.effect: expected unreleased, actual withdrawn",
            "register.entry: expected 1, actual 3", "register.embeddedIgnored: expected 2, actual 0",
            "register.matchedRelease: expected true, actual false"),
        report.problems().get(0).differences());
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> actual =
        (java.util.Map<String, Object>) report.problems().get(0).actualFields().get("register");
    assertEquals("withdrawn", actual.get("effect"));
    assertEquals(3L, actual.get("entry"));
    assertTrue(report.toJson().contains("\"unreleased\""), report.toJson());
  }

  @Test
  void decisionTest_beforeWithdrawalTakesEffect_publishedEmbargoDecides() throws IOException {
    Report report = run("", decisionGroup("train", "2026-02-28T23:59:59.999999999Z",
        "{\"decision\": \"deny\", \"basis\": \"explicit\", \"reasonLayers\": [\"collective\"],"
            + " \"register\": {\"effect\": \"none\"}}"));
    assertTrue(report.successful(), report.toText());
  }

  @Test
  void run_registerCases_leaveNoTemporaryFolder() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long before = registerFolders(tmp);
    run(", \"faults\": [{\"fault\": \"swap-lines\", \"seq\": 1}]", verifyGroup("{\"valid\": false, \"code\": "
        + "\"seq-gap\", \"seq\": 1}"));
    assertEquals(before, registerFolders(tmp));
  }

  private static long registerFolders(Path tmp) throws IOException {
    try (Stream<Path> list = Files.list(tmp)) {
      return list.filter(p -> p.getFileName().toString().startsWith("flywheel-register-case-")).count();
    }
  }

  @Test
  void read_groupNamingUnknownRegister_invalidFile() throws IOException {
    Report report = run("", verifyGroup("{\"valid\": true}").replace("\"register\": \"reg\"",
        "\"register\": \"other\""));
    assertEquals(1, report.invalidFiles());
    assertTrue(report.toText().contains("/groups/0/register"), report.toText());
  }

  @Test
  void read_verifyTestWithoutRegister_invalidFile() throws IOException {
    Report report = run("", "{\"description\": \"g\", \"terms\": \"eval-only\", \"tests\": [{\"description\": \"t\","
        + " \"verify\": {\"valid\": true}}]}");
    assertEquals(1, report.invalidFiles());
    assertTrue(report.toText().contains("/groups/0/tests/0/verify"), report.toText());
  }

  @Test
  void read_decisionTestInRegisterGroupWithoutRecord_invalidFile() throws IOException {
    Report report = run("", "{\"description\": \"g\", \"register\": \"reg\", \"tests\": [{\"description\": \"t\","
        + " \"request\": {\"purpose\": \"eval\", \"at\": \"2026-01-01T00:00:00Z\"},"
        + " \"expect\": {\"decision\": \"deny\", \"basis\": \"explicit\"}}]}");
    assertEquals(1, report.invalidFiles());
  }

  @Test
  void read_registerExpectationsWithoutRegister_invalidFile() throws IOException {
    Report report = run("", "{\"description\": \"g\", \"terms\": \"eval-only\", \"tests\": [{\"description\": \"t\","
        + " \"request\": {\"purpose\": \"eval\", \"at\": \"2026-01-01T00:00:00Z\"},"
        + " \"expect\": {\"decision\": \"allow\", \"basis\": \"explicit\", \"register\": {\"effect\": \"none\"}}}]}");
    assertEquals(1, report.invalidFiles());
    assertTrue(report.toText().contains("/groups/0/tests/0/expect/register"), report.toText());
  }

  @Test
  void read_requireReleaseWithoutRegister_invalidFile() throws IOException {
    Report report = run("", "{\"description\": \"g\", \"record\": " + RECORD + ", \"requireRelease\": true,"
        + " \"tests\": [{\"description\": \"t\", \"request\": {\"purpose\": \"eval\","
        + " \"at\": \"2026-01-01T00:00:00Z\"}, \"expect\": {\"decision\": \"allow\", \"basis\": \"explicit\"}}]}");
    assertEquals(1, report.invalidFiles(), report.toText());
  }

  @Test
  void read_invalidVerifyExpectation_schemaViolation() throws IOException {
    // A refused register's expectation names its code and seq; a schema violation, not a silently weaker test.
    Report report = run("", verifyGroup("{\"valid\": false}"));
    assertEquals(1, report.invalidFiles());
  }

  @Test
  void read_releasedRecordThatIsNoRecord_invalidFile() throws IOException {
    Path file = dir.resolve("release.json");
    Files.writeString(file, "{\"description\": \"d\", \"registers\": {\"reg\": {\"entries\": [{\"kind\": \"release\","
        + " \"issuedAt\": \"2026-01-01T00:00:00Z\", \"release\": \"r1\", \"records\": [\"{\\\"id\\\": 1}\"]}]}},"
        + " \"groups\": [" + verifyGroup("{\"valid\": true}") + "]}");
    Report invalid = ConformanceRunner.run(List.of(file));
    assertEquals(1, invalid.invalidFiles());
    assertTrue(invalid.toText().contains("/registers/reg/entries/0/records/0"), invalid.toText());
  }

  @Test
  void read_checkpointBeyondTheLog_invalidFile() throws IOException {
    Report report = run(", \"checkpoint\": {\"size\": 5}", verifyGroup("{\"valid\": true}"));
    assertEquals(1, report.invalidFiles());
    assertTrue(report.toText().contains("/registers/reg/checkpoint/size"), report.toText());
  }

  @Test
  void run_faultOnLineThatDoesNotExist_errorOutcomeNotAPass() throws IOException {
    Report report = run(", \"faults\": [{\"fault\": \"remove-line\", \"seq\": 9}]", verifyGroup("{\"valid\": true}"));
    assertEquals(1, report.errors());
    assertFalse(report.successful());
  }

  @Test
  void run_sameCaseTwice_sameOutcomesThoughKeysDiffer() throws IOException {
    String group = decisionGroup("train", "2026-02-01T00:00:00Z",
        "{\"decision\": \"deny\", \"basis\": \"explicit\", \"register\": {\"effect\": \"none\"}}");
    Report first = run("", group);
    Report second = run("", group);
    assertTrue(first.successful(), first.toText());
    assertEquals(first.toText(), second.toText());
  }
}
