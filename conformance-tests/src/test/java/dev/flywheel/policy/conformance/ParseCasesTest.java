package dev.flywheel.policy.conformance;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.conformance.CaseFile.Group;
import dev.flywheel.policy.conformance.CaseFile.ParseTest;
import dev.flywheel.policy.conformance.CaseFile.Test;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.grammar.TermsPrinter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The suite's parse tests run straight against the parser facade ({@link TermsParser#withDefaults()}), which needs no
 * engine; {@link SuiteTest} runs them again through {@code PolicyEngine.parse} once an engine is on the class path.
 */
class ParseCasesTest {

  @TestFactory
  Stream<DynamicTest> parseCases_againstParserFacade_matchExpectation() throws IOException {
    return SuiteTest.dynamicTests(parseTestsOnly(), parserRunner(), "", TimeZone.getDefault(), Locale.getDefault());
  }

  /** Dates and upper-case keywords must not depend on the JVM's default time zone or locale. */
  @TestFactory
  Stream<DynamicTest> parseCases_underOtherTimeZoneAndLocale_matchExpectation() throws IOException {
    return SuiteTest.dynamicTests(parseTestsOnly(), parserRunner(), "[America/St_Johns, tr-TR] ",
        TimeZone.getTimeZone("America/St_Johns"), Locale.forLanguageTag("tr-TR"));
  }

  private static ConformanceRunner parserRunner() {
    TermsParser parser = TermsParser.withDefaults();
    FakeEngine parserOnly = new FakeEngine(
        (terms, request) -> unexpectedDecision(),
        (item, request) -> unexpectedDecision(),
        parser::parse);
    return new ConformanceRunner(setting -> parserOnly, TermsPrinter::print);
  }

  /** The suite and examples with every group reduced to its parse tests (groups without any dropped). */
  private static List<CaseFile> parseTestsOnly() throws IOException {
    List<CaseFile> files = new ArrayList<>();
    for (CaseFile file : SuiteTest.loadAll()) {
      List<Group> groups = new ArrayList<>();
      for (Group group : file.groups()) {
        List<Test> tests = group.tests().stream().filter(t -> t instanceof ParseTest).toList();
        if (!tests.isEmpty()) {
          groups.add(new Group(group.description(), group.terms(), group.item(), group.defaultDecision(), tests));
        }
      }
      files.add(new CaseFile(file.path(), file.description(), groups));
    }
    return files;
  }

  private static Decision unexpectedDecision() {
    throw new AssertionError("parse tests never decide");
  }
}
