package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCommandTest {
  private static final Path EXAMPLE = Path.of("..", "examples", "conformance", "masakhane-terms.json");

  private static final Path REGISTER_CASES = Path.of("..", "conformance-tests", "suite", "tests", "register");

  private static final String CASE = """
      {"description": "a contract author's cases",
       "groups": [{"description": "eval-only", "terms": "eval-only",
         "tests": [{"description": "training is denied",
                    "request": {"purpose": "train", "at": "2026-06-01T00:00:00Z"},
                    "expect": {"decision": "%s", "basis": "explicit"}}]}]}
      """;

  @Test
  void test_workedExample_allPassAndEndsWithTheCountsLine() {
    CliRunner.Result r = CliRunner.run("test", EXAMPLE.toString());
    assertEquals(0, r.exitCode(), r.out());
    assertTrue(r.out().endsWith("12 passed, 0 failed\n"), r.out());
  }

  @Test
  void test_wrongExpectation_failsWithExpectedActualAndTheDecidingClause(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("cases.json");
    Files.writeString(file, CASE.formatted("allow"));
    CliRunner.Result r = CliRunner.run("test", file.toString());
    assertEquals(1, r.exitCode(), r.out());
    assertTrue(r.out().contains("FAILED: "), r.out());
    assertTrue(r.out().contains("decision: expected allow, actual deny"), r.out());
    assertTrue(r.out().contains("eval-only"), r.out());
    assertTrue(r.out().endsWith("0 passed, 1 failed\n"), r.out());
    Files.writeString(file, CASE.formatted("deny"));
    assertEquals(0, CliRunner.run("test", file.toString()).exitCode());
  }

  @Test
  void test_malformedCaseFile_exitsTwoWithTheJsonPointer(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, CASE.formatted("perhaps"));
    CliRunner.Result r = CliRunner.run("test", file.toString());
    assertEquals(2, r.exitCode(), r.out());
    assertTrue(r.out().contains("INVALID_FILE: "), r.out());
    assertTrue(r.out().contains("/groups/0/tests/0/expect/decision"), r.out());
  }

  @Test
  void test_json_reportsSummary() throws IOException {
    CliRunner.Result r = CliRunner.run("test", "--format", "json", EXAMPLE.toString());
    assertEquals(0, r.exitCode());
    assertEquals(12, Json.MAPPER.readTree(r.out()).get("summary").get("passed").asInt());
  }

  @Test
  void test_suiteRegisterCases_allPassThroughTheCommand() throws IOException {
    // Case files with a register section: the command writes each register signed, verifies and applies it.
    int cases = 0;
    try (var files = Files.list(REGISTER_CASES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        for (var group : Json.MAPPER.readTree(file.toFile()).get("groups")) {
          cases += group.get("tests").size();
        }
      }
    }
    assertTrue(cases > 90, "the suite's register cases: " + cases);
    CliRunner.Result r = CliRunner.run("test", REGISTER_CASES.toString());
    assertEquals(0, r.exitCode(), r.out());
    assertTrue(r.out().endsWith(cases + " passed, 0 failed\n"), r.out());
  }

  @Test
  void test_registerCaseExpectingSoundRegisterThatIsTampered_exitsOneNamingTheCodeAndSeq(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("register.json");
    Files.writeString(file, """
        {"description": "a tampered register",
         "registers": {"reg": {
           "entries": [{"kind": "admit", "issuedAt": "2026-01-01T00:00:00Z", "subject": "masakhane", "key": "m1"},
                       {"kind": "statement", "issuer": "masakhane", "issuedAt": "2026-01-02T00:00:00Z",
                        "terms": "deny train"}],
           "faults": [{"fault": "change-byte", "seq": 1}]}},
         "groups": [{"description": "R1", "register": "reg",
                     "tests": [{"description": "verify", "verify": {"valid": true}}]}]}
        """);
    CliRunner.Result r = CliRunner.run("test", file.toString());
    assertEquals(1, r.exitCode(), r.out());
    assertTrue(r.out().contains("valid: expected true, actual false"), r.out());
    assertTrue(r.out().contains("bad-signature at seq 1"), r.out());
  }

  @Test
  void test_missingPath_exitsTwo() {
    assertEquals(2, CliRunner.run("test", "no-such-dir").exitCode());
  }
}
