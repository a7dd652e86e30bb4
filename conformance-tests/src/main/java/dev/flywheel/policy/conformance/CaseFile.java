package dev.flywheel.policy.conformance;

import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.records.ContributionRecord;
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
   * @param register the register the group's record is decided under, or {@code null}; a group with a register and
   *     neither terms nor item holds only verify tests
   */
  public record Group(String description, String terms, ItemTerms item, DefaultDecision defaultDecision,
      List<Test> tests, RegisterSubject register) {
    public Group {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(defaultDecision, "defaultDecision");
      if (terms != null && item != null || terms == null && item == null && register == null) {
        throw new IllegalArgumentException("a group has exactly one of terms and item, or only a register");
      }
      if (register != null && (terms != null || (item == null) != (register.record() == null))) {
        throw new IllegalArgumentException("a register group decides its record, and nothing else");
      }
      tests = List.copyOf(tests);
    }

    /** A group without a register. */
    public Group(String description, String terms, ItemTerms item, DefaultDecision defaultDecision,
        List<Test> tests) {
      this(description, terms, item, defaultDecision, tests, null);
    }
  }

  /**
   * A group's register and the record decided under it.
   *
   * @param register the register, as the case file describes it
   * @param record the group's record, validated, or {@code null} for a group of verify tests only
   * @param json the record's JSON text (what the register's release digests are compared with), or {@code null}
   * @param requireRelease whether records in no release in force are denied (rule R7)
   */
  public record RegisterSubject(RegisterCase register, ContributionRecord record, byte[] json,
      boolean requireRelease) {
    public RegisterSubject {
      Objects.requireNonNull(register, "register");
      if ((record == null) != (json == null)) {
        throw new IllegalArgumentException("a record comes with its JSON text");
      }
    }
  }

  /** One test: a decision test, a parse test or a verify test. */
  public sealed interface Test permits DecisionTest, ParseTest, VerifyTest {
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
   * Load and verify the group's register and compare with {@code expect}.
   *
   * @param description what the test checks
   * @param expect the expected verification result
   */
  public record VerifyTest(String description, ExpectedVerify expect) implements Test {
    public VerifyTest {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(expect, "expect");
    }
  }

  /**
   * The expected result of verifying a register. {@code null} members are not compared.
   *
   * @param valid whether the register verifies
   * @param code for an invalid register, the stable code of the first fault (docs/REGISTER.md section 7)
   * @param seq for an invalid register, the {@code seq} the fault is reported at ({@code -1}: no one entry)
   * @param entries for a valid register, how many entries the log holds
   * @param checkpointed for a valid register, how many of them the operator's checkpoint covers
   */
  public record ExpectedVerify(boolean valid, String code, Long seq, Long entries, Long checkpointed) {
  }

  /**
   * What the register is expected to have done to a record. {@code null} members are not compared.
   *
   * @param effect {@code none}, {@code withdrawn} or {@code unreleased}: which register rule replaced the record's
   *     terms
   * @param entry the {@code seq} of the withdrawal that covers the record, for {@code withdrawn}
   * @param embeddedIgnored how many statements embedded in the record were ignored (rule R2)
   * @param matchedRelease whether the record's digest is in a release in force (rule R7)
   */
  public record ExpectedRegister(String effect, Long entry, Integer embeddedIgnored, Boolean matchedRelease) {
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
   * @param register what the group's register is expected to have done, or {@code null}
   */
  public record ExpectedDecision(String decision, List<ExpectedDuty> obligations, String basis, Boolean allowed,
      List<String> wouldAllowWith, List<String> errorCodes, List<String> reasonLayers, ExpectedRegister register) {

    /** An expected decision with no register expectations. */
    public ExpectedDecision(String decision, List<ExpectedDuty> obligations, String basis, Boolean allowed,
        List<String> wouldAllowWith, List<String> errorCodes, List<String> reasonLayers) {
      this(decision, obligations, basis, allowed, wouldAllowWith, errorCodes, reasonLayers, null);
    }

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
