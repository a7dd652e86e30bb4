package dev.flywheel.policy.conformance;

import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.Request;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One conformance case file, already checked against {@code case-file.schema.json} and mapped to API values.
 *
 * <p>The format is described in {@code conformance-tests/suite/README.md}; these records are its typed form. Every
 * group has either plain {@code terms} or a layered {@code item}, never both.
 *
 * @param path where the file was read from
 * @param description what the file covers
 * @param groups the groups of tests, in file order
 */
public record CaseFile(Path path, String description, List<Group> groups) {

  public CaseFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(description, "description");
    groups = List.copyOf(groups);
  }

  /** The number of tests in all groups. */
  public int testCount() {
    return groups.stream().mapToInt(g -> g.tests().size()).sum();
  }

  /**
   * Tests that share one subject (terms or an item) and one engine setting.
   *
   * @param description what the group is about
   * @param terms the terms under test, or {@code null} when {@code item} is given
   * @param item the layered item under test, or {@code null} when {@code terms} is given
   * @param defaultDecision the engine's default for uncovered purposes (the suite's default is deny)
   * @param tests the tests, in file order
   */
  public record Group(String description, String terms, ItemTerms item, DefaultDecision defaultDecision,
      List<Test> tests) {
    public Group {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(defaultDecision, "defaultDecision");
      if ((terms == null) == (item == null)) {
        throw new IllegalArgumentException("a group has exactly one of terms and item");
      }
      tests = List.copyOf(tests);
    }
  }

  /** One test: a decision test or a parse test. */
  public sealed interface Test permits DecisionTest, ParseTest {
    /** What the test checks, unique within its group. */
    String description();
  }

  /**
   * Decide {@code request} and compare with {@code expect}.
   *
   * @param description what the test checks
   * @param request the request, always with an explicit time
   * @param expect the expected decision
   */
  public record DecisionTest(String description, Request request, ExpectedDecision expect) implements Test {
    public DecisionTest {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(request.at(), "request.at");
      Objects.requireNonNull(expect, "expect");
    }
  }

  /**
   * Parse the group's terms and compare with {@code expect}.
   *
   * @param description what the test checks
   * @param expect the expected parse result
   */
  public record ParseTest(String description, ExpectedParse expect) implements Test {
    public ParseTest {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(expect, "expect");
    }
  }

  /**
   * The expected decision. {@code null} members are not compared.
   *
   * @param decision {@code allow}, {@code deny} or {@code obligation}
   * @param obligations the expected duties in order (empty for allow and deny)
   * @param basis {@code explicit}, {@code default} or {@code error}
   * @param allowed the expected {@code isAllowed()}, or {@code null}
   * @param wouldAllowWith the expected facts in order, or {@code null}
   * @param errorCodes codes that must all appear among the decision's diagnostics, or {@code null}
   * @param reasonLayers layer kinds ({@code licence}, {@code collective}, ...) that must all appear among the
   *     decision's reasons, or {@code null}
   */
  public record ExpectedDecision(String decision, List<ExpectedDuty> obligations, String basis, Boolean allowed,
      List<String> wouldAllowWith, List<String> errorCodes, List<String> reasonLayers) {
    public ExpectedDecision {
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(basis, "basis");
      obligations = List.copyOf(obligations);
      wouldAllowWith = wouldAllowWith == null ? null : List.copyOf(wouldAllowWith);
      errorCodes = errorCodes == null ? null : List.copyOf(errorCodes);
      reasonLayers = reasonLayers == null ? null : List.copyOf(reasonLayers);
    }
  }

  /**
   * One expected duty.
   *
   * @param type {@code attribution}, {@code payment} or {@code quota}
   * @param collective the payment's collective, else {@code null}
   * @param amount the payment's amount, or {@code null} when the terms give none
   * @param currency the payment's currency, or {@code null} when the terms give no amount
   * @param limit the quota's limit, else 0
   * @param period the quota's period word, else {@code null}
   * @param scope the quota's scope (a collective name), or {@code null}
   */
  public record ExpectedDuty(String type, String collective, BigDecimal amount, String currency, long limit,
      String period, String scope) {
    public ExpectedDuty {
      Objects.requireNonNull(type, "type");
    }
  }

  /**
   * The expected parse result.
   *
   * @param valid whether a policy is produced
   * @param canonical the canonical printing of the policy when valid, or {@code null} when not compared
   * @param diagnostics the full expected list of diagnostics, errors and warnings, in order
   */
  public record ExpectedParse(boolean valid, String canonical, List<ExpectedDiagnostic> diagnostics) {
    public ExpectedParse {
      diagnostics = List.copyOf(diagnostics);
    }
  }

  /**
   * One expected diagnostic.
   *
   * @param code the stable code
   * @param line the 1-based line, or {@code null} for a diagnostic without a position
   * @param column the 1-based column in code points, or {@code null} for a diagnostic without a position
   * @param helpContains text the help must contain, or {@code null} when the help is not compared
   */
  public record ExpectedDiagnostic(String code, Integer line, Integer column, String helpContains) {
    public ExpectedDiagnostic {
      Objects.requireNonNull(code, "code");
    }
  }
}
