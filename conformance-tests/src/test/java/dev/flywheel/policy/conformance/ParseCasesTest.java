package dev.flywheel.policy.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.conformance.CaseFile.Group;
import dev.flywheel.policy.conformance.CaseFile.ParseTest;
import dev.flywheel.policy.conformance.CaseFile.Test;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.grammar.TermsPrinter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
    TermsParser parser = TermsParser.withDefaults();
    FakeEngine parserOnly = new FakeEngine(
        (terms, request) -> unexpectedDecision(),
        (item, request) -> unexpectedDecision(),
        parser::parse);
    ConformanceRunner runner = new ConformanceRunner(setting -> parserOnly, TermsPrinter::print);
    List<DynamicTest> tests = new ArrayList<>();
    for (CaseFile file : SuiteTest.loadAll()) {
      String fileName = SuiteTest.name(file);
      for (Group group : file.groups()) {
        for (Test test : group.tests()) {
          if (test instanceof ParseTest) {
            tests.add(DynamicTest.dynamicTest(fileName + " / " + group.description() + " / " + test.description(),
                () -> {
                  Outcome outcome = runner.runTest(file, group, test);
                  if (!outcome.passed()) {
                    fail(outcome.describe());
                  }
                }));
          }
        }
      }
    }
    return tests.stream();
  }

  private static Decision unexpectedDecision() {
    throw new AssertionError("parse tests never decide");
  }
}
