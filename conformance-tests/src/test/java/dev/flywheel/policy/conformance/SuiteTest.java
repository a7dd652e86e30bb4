package dev.flywheel.policy.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.conformance.CaseFile.DecisionTest;
import dev.flywheel.policy.conformance.CaseFile.ExpectedDiagnostic;
import dev.flywheel.policy.conformance.CaseFile.Group;
import dev.flywheel.policy.conformance.CaseFile.ParseTest;
import dev.flywheel.policy.conformance.CaseFile.Test;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance suite in {@code suite/tests}: every file must be valid against the schema, and every case must pass
 * against the engine on the class path.
 */
class SuiteTest {
  static final Path SUITE = Path.of("suite", "tests");
  /** The worked example of docs/CONFORMANCE.md; it must stay valid and pass like the suite. */
  static final Path EXAMPLES = Path.of("..", "examples", "conformance");

  /** The parser codes of the specification's "Parser diagnostics" section; the suite must exercise each. */
  static final Set<String> PARSER_CODES = Set.of(
      "empty-terms", "input-too-long", "too-many-clauses", "too-many-diagnostics", "invisible-character",
      "bidi-control", "control-character", "invalid-unicode", "confusable-character", "non-ascii-character",
      "invalid-name", "uppercase-keyword", "unknown-word", "incomplete-clause", "unexpected-token", "empty-clause",
      "invalid-date", "duplicate-time-bound", "empty-time-window", "invalid-amount", "invalid-limit",
      "name-too-long", "invalid-escape", "unterminated-string", "duplicate-entry", "conflicting-only",
      "deny-with-conditions", "missing-semicolon");

  static List<CaseFile> loadSuite() throws IOException {
    return load(SUITE);
  }

  /** The suite and the worked examples. */
  static List<CaseFile> loadAll() throws IOException {
    List<CaseFile> all = new ArrayList<>(load(SUITE));
    all.addAll(load(EXAMPLES));
    return all;
  }

  static String name(CaseFile file) {
    Path path = file.path().startsWith(SUITE) ? SUITE.relativize(file.path()) : file.path();
    return path.toString();
  }

  private static List<CaseFile> load(Path root) throws IOException {
    CaseFileReader reader = new CaseFileReader();
    List<CaseFile> files = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path path : ConformanceRunner.caseFiles(root)) {
      CaseFileReader.Result result = reader.read(path);
      if (result instanceof CaseFileReader.Loaded loaded) {
        files.add(loaded.file());
      } else {
        problems.add(path + ": " + ((CaseFileReader.Invalid) result).problems());
      }
    }
    if (!problems.isEmpty()) {
      fail("case files that are not valid against case-file.schema.json:\n" + String.join("\n", problems));
    }
    return files;
  }

  @org.junit.jupiter.api.Test
  void caseFiles_checkedAgainstSchema_allValid() throws IOException {
    List<CaseFile> files = loadSuite();
    assertTrue(files.size() >= 10, "expected the suite's case files under " + SUITE.toAbsolutePath());
  }

  @org.junit.jupiter.api.Test
  void exampleCaseFiles_checkedAgainstSchema_allValid() throws IOException {
    assertTrue(load(EXAMPLES).size() >= 1, "expected the worked example under " + EXAMPLES.toAbsolutePath());
  }

  @org.junit.jupiter.api.Test
  void suite_counted_hasAtLeast400Tests() throws IOException {
    int tests = loadSuite().stream().mapToInt(CaseFile::testCount).sum();
    assertTrue(tests >= 400, "the suite has only " + tests + " tests");
  }

  @org.junit.jupiter.api.Test
  void suite_requests_coverEveryPurpose() throws IOException {
    Set<Purpose> seen = EnumSet.noneOf(Purpose.class);
    for (CaseFile file : loadSuite()) {
      for (Group group : file.groups()) {
        for (Test test : group.tests()) {
          if (test instanceof DecisionTest d) {
            seen.add(d.request().purpose());
          }
        }
      }
    }
    assertEquals(EnumSet.allOf(Purpose.class), seen);
  }

  @org.junit.jupiter.api.Test
  void suite_parseTests_coverEveryParserCodeAndNoOther() throws IOException {
    Set<String> seen = new TreeSet<>();
    for (CaseFile file : loadSuite()) {
      for (Group group : file.groups()) {
        for (Test test : group.tests()) {
          if (test instanceof ParseTest p) {
            p.expect().diagnostics().stream().map(ExpectedDiagnostic::code).forEach(seen::add);
          }
        }
      }
    }
    assertEquals(new TreeSet<>(PARSER_CODES), seen);
  }

  /** One dynamic test per case, named {@code file / group / test}. */
  @TestFactory
  Stream<DynamicTest> suite_eachCase_matchesExpectation() throws IOException {
    return dynamicTests(loadAll(), ConformanceRunner.withClassPathEngine(), "", TimeZone.getDefault(),
        Locale.getDefault());
  }

  /**
   * The whole suite again, with fresh engines, under a default time zone far from UTC and a locale whose case mapping
   * differs from ASCII ({@code I} lower-cases to dotless {@code ı} in Turkish): decisions and diagnostics must not
   * depend on either.
   */
  @TestFactory
  Stream<DynamicTest> suite_underOtherTimeZoneAndLocale_matchesExpectation() throws IOException {
    return dynamicTests(loadAll(), ConformanceRunner.withClassPathEngine(), "[Pacific/Kiritimati, tr-TR] ",
        TimeZone.getTimeZone("Pacific/Kiritimati"), Locale.forLanguageTag("tr-TR"));
  }

  /** The entry point of {@code flywheel-policy test}, end to end over the suite and the worked example. */
  @org.junit.jupiter.api.Test
  void run_suiteAndExampleWithClassPathEngine_everyTestPasses() throws IOException {
    Report report = ConformanceRunner.run(List.of(SUITE, EXAMPLES));
    int expected = loadAll().stream().mapToInt(CaseFile::testCount).sum();
    assertEquals(expected, report.testsRun(), report.summary());
    assertTrue(report.successful(), report.toText());
  }

  /**
   * One dynamic test per test of {@code files}, each run with {@code zone} and {@code locale} as the JVM defaults
   * (restored afterwards), failing with the outcome's full description.
   */
  static Stream<DynamicTest> dynamicTests(List<CaseFile> files, ConformanceRunner runner, String prefix,
      TimeZone zone, Locale locale) {
    List<DynamicTest> tests = new ArrayList<>();
    for (CaseFile file : files) {
      String fileName = name(file);
      for (Group group : file.groups()) {
        for (Test test : group.tests()) {
          tests.add(DynamicTest.dynamicTest(
              prefix + fileName + " / " + group.description() + " / " + test.description(),
              () -> {
                Outcome outcome = withDefaults(zone, locale, () -> runner.runTest(file, group, test));
                if (!outcome.passed()) {
                  fail(outcome.describe());
                }
              }));
        }
      }
    }
    return tests.stream();
  }

  static <T> T withDefaults(TimeZone zone, Locale locale, Supplier<T> action) {
    TimeZone savedZone = TimeZone.getDefault();
    Locale savedLocale = Locale.getDefault();
    TimeZone.setDefault(zone);
    Locale.setDefault(locale);
    try {
      return action.get();
    } finally {
      TimeZone.setDefault(savedZone);
      Locale.setDefault(savedLocale);
    }
  }
}
