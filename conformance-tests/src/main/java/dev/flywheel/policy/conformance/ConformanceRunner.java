package dev.flywheel.policy.conformance;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Reason;
import dev.flywheel.policy.conformance.CaseFile.DecisionTest;
import dev.flywheel.policy.conformance.CaseFile.ExpectedDecision;
import dev.flywheel.policy.conformance.CaseFile.ExpectedDiagnostic;
import dev.flywheel.policy.conformance.CaseFile.ExpectedDuty;
import dev.flywheel.policy.conformance.CaseFile.ExpectedParse;
import dev.flywheel.policy.conformance.CaseFile.Group;
import dev.flywheel.policy.conformance.CaseFile.ParseTest;
import dev.flywheel.policy.conformance.CaseFile.Test;
import dev.flywheel.policy.conformance.CaseFile.VerifyTest;
import dev.flywheel.policy.register.LoadResult;
import dev.flywheel.policy.register.Register;
import dev.flywheel.policy.register.RegisterMatch;
import dev.flywheel.policy.register.RegisterRuling;
import dev.flywheel.policy.register.VerifiedLog;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs conformance case files against a {@link PolicyEngine} and reports, per test, what was expected and what the
 * engine gave.
 *
 * <p>The algorithm is the one in {@code conformance-tests/suite/README.md}: find the files, read and check each one
 * (a file with any problem runs no test and gives one {@link Outcome.Status#INVALID_FILE} outcome), then decide or
 * parse each test with an engine built for the group's default, and compare field by field. An engine that throws
 * gives an {@link Outcome.Status#ERROR} outcome for that test only.
 *
 * <p>Instances are immutable and thread-safe when the engine factory and printer are.
 */
public final class ConformanceRunner {

  /** Builds the engine for one default-decision setting; called at most once per setting and runner. */
  @FunctionalInterface
  public interface EngineFactory {
    PolicyEngine create(DefaultDecision defaultDecision);
  }

  /** Prints a policy in canonical form, for parse tests. */
  @FunctionalInterface
  public interface CanonicalPrinter {
    String print(Policy policy);
  }

  private final EngineFactory engineFactory;
  private final CanonicalPrinter printer;
  private final CaseFileReader reader = new CaseFileReader();
  private final Map<DefaultDecision, PolicyEngine> engines = new EnumMap<>(DefaultDecision.class);
  /** Each register of a case file, written and verified once per runner, whatever number of tests use it. */
  private final Map<RegisterCase, LoadResult> registers = new java.util.IdentityHashMap<>();

  /**
   * A runner over the engines {@code engineFactory} builds, printing canonical forms with {@code printer}.
   */
  public ConformanceRunner(EngineFactory engineFactory, CanonicalPrinter printer) {
    this.engineFactory = Objects.requireNonNull(engineFactory, "engineFactory");
    this.printer = Objects.requireNonNull(printer, "printer");
  }

  /**
   * A runner over the engine found on the class path ({@link PolicyEngine#builder()}), with the given default and
   * otherwise default settings, and the project's canonical printer.
   */
  public static ConformanceRunner withClassPathEngine() {
    return new ConformanceRunner(
        setting -> PolicyEngine.builder().defaultDecision(setting).executor(Runnable::run).build(),
        TermsPrinter::print);
  }

  /**
   * Runs every case file in {@code paths} (files, or directories searched recursively for {@code *.json}) with the
   * engine on the class path. This is what {@code flywheel-policy test FILE_OR_DIR...} calls.
   *
   * @param paths case files and directories
   * @return the outcomes; {@link Report#successful()} says whether the command should exit 0. Without an engine
   *     implementation on the class path every test is an {@link Outcome.Status#ERROR} naming the problem.
   */
  public static Report run(List<Path> paths) {
    return withClassPathEngine().execute(paths);
  }

  /** Runs every case file in {@code paths} (files, or directories searched recursively for {@code *.json}). */
  public Report execute(List<Path> paths) {
    List<Outcome> outcomes = new ArrayList<>();
    for (Path path : paths) {
      List<Path> files;
      try {
        files = caseFiles(path);
      } catch (IOException e) {
        outcomes.add(invalid(path, List.of(new Problem("", "cannot read: " + e.getMessage()))));
        continue;
      }
      for (Path file : files) {
        CaseFileReader.Result result = reader.read(file);
        if (result instanceof CaseFileReader.Invalid invalid) {
          outcomes.add(invalid(file, invalid.problems()));
        } else {
          CaseFile caseFile = ((CaseFileReader.Loaded) result).file();
          for (Group group : caseFile.groups()) {
            for (Test test : group.tests()) {
              outcomes.add(runTest(caseFile, group, test));
            }
          }
        }
      }
    }
    return new Report(outcomes);
  }

  /**
   * The case files at {@code path}: the file itself, or every {@code *.json} under a directory in path order, except
   * statement files ({@code *.statement.json}).
   *
   * @throws IOException if the path does not exist or cannot be listed
   */
  public static List<Path> caseFiles(Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new java.nio.file.NoSuchFileException(path.toString());
    }
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> walk = Files.walk(path)) {
      // Statement files sit beside the case files that name them; they are not case files.
      return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")
              && !p.getFileName().toString().endsWith(".statement.json"))
          .sorted()
          .toList();
    }
  }

  /** Runs one test of a loaded case file. Never throws: an engine failure becomes an ERROR outcome. */
  public Outcome runTest(CaseFile file, Group group, Test test) {
    String fileName = file.path().toString();
    try {
      PolicyEngine engine = engine(group.defaultDecision());
      if (test instanceof VerifyTest verifyTest) {
        return compare(fileName, group, test, verifyTest.expect(), register(group.register().register()));
      }
      if (test instanceof DecisionTest decisionTest && group.register() != null) {
        return decideUnderRegister(fileName, group, decisionTest, engine);
      }
      if (test instanceof DecisionTest decisionTest) {
        Decision decision = group.terms() != null
            ? engine.decide(group.terms(), decisionTest.request())
            : engine.decide(group.item(), decisionTest.request());
        return compare(fileName, group, test, decisionTest.expect(), decision);
      }
      ParseTest parseTest = (ParseTest) test;
      return compare(fileName, group, test, parseTest.expect(), engine.parse(group.terms()));
    } catch (RuntimeException | StackOverflowError | IOException e) {
      return new Outcome(fileName, group.description(), test.description(), Outcome.Status.ERROR,
          expectedText(test), "threw " + e, List.of("the implementation threw instead of answering"), List.of());
    }
  }

  private synchronized LoadResult register(RegisterCase spec) throws IOException {
    LoadResult result = registers.get(spec);
    if (result == null) {
      result = RegisterMaterialiser.load(spec);
      registers.put(spec, result);
    }
    return result;
  }

  /**
   * Decides the group's record under its register: verified first (rule R1: a register that fails verification
   * decides nothing, so the test fails naming the fault), then the register applied to the record at the request's
   * time and the ruling compared like any decision, and the register's effect with it.
   */
  private Outcome decideUnderRegister(String file, Group group, DecisionTest test, PolicyEngine engine)
      throws IOException {
    CaseFile.RegisterSubject subject = group.register();
    LoadResult loaded = register(subject.register());
    if (loaded instanceof LoadResult.Rejected r) {
      return new Outcome(file, group.description(), test.description(), Outcome.Status.FAILED,
          describe(test.expect()), "register refused: " + r.code() + " at seq " + r.seq(),
          List.of("register: refused (" + r.code() + " at seq " + r.seq() + ": " + r.message()
              + "); nothing is decided under a register that fails verification"), List.of());
    }
    Register register = Register.of(((LoadResult.Verified) loaded).log());
    RegisterRuling ruling = register.at(test.request().at()).apply(subject.record(), subject.json())
        .decide(engine, test.request(), subject.requireRelease());
    Outcome outcome = compare(file, group, test, test.expect(), ruling.decision());
    CaseFile.ExpectedRegister expected = test.expect().register();
    if (expected == null) {
      return outcome;
    }
    List<String> differences = new ArrayList<>(outcome.differences());
    RegisterMatch match = ruling.match();
    if (expected.effect() != null) {
      check(differences, "register.effect", expected.effect(), ruling.effect().name().toLowerCase(Locale.ROOT));
    }
    if (expected.entry() != null && expected.entry() != match.withdrawnBy()) {
      differences.add("register.entry: expected " + expected.entry() + ", actual "
          + (match.withdrawnBy() < 0 ? "none" : match.withdrawnBy()));
    }
    if (expected.embeddedIgnored() != null && expected.embeddedIgnored() != match.embeddedIgnored()) {
      differences.add("register.embeddedIgnored: expected " + expected.embeddedIgnored() + ", actual "
          + match.embeddedIgnored());
    }
    if (expected.matchedRelease() != null && expected.matchedRelease() != match.inRelease()) {
      differences.add("register.matchedRelease: expected " + expected.matchedRelease() + ", actual "
          + match.inRelease());
    }
    String actual = outcome.actual() + ", register " + ruling.effect().name().toLowerCase(Locale.ROOT)
        + (match.withdrawn() ? " by " + match.withdrawnBy() : "") + ", embeddedIgnored " + match.embeddedIgnored()
        + ", matchedRelease " + match.inRelease();
    Map<String, Object> expectedFields = new LinkedHashMap<>(outcome.expectedFields());
    Map<String, Object> expectedRegister = new LinkedHashMap<>();
    expectedRegister.put("effect", expected.effect());
    expectedRegister.put("entry", expected.entry());
    expectedRegister.put("embeddedIgnored", expected.embeddedIgnored());
    expectedRegister.put("matchedRelease", expected.matchedRelease());
    expectedFields.put("register", expectedRegister);
    Map<String, Object> actualFields = new LinkedHashMap<>(outcome.actualFields());
    Map<String, Object> actualRegister = new LinkedHashMap<>();
    actualRegister.put("effect", ruling.effect().name().toLowerCase(Locale.ROOT));
    actualRegister.put("entry", match.withdrawn() ? match.withdrawnBy() : null);
    actualRegister.put("embeddedIgnored", match.embeddedIgnored());
    actualRegister.put("matchedRelease", match.inRelease());
    actualFields.put("register", actualRegister);
    return new Outcome(file, group.description(), test.description(),
        differences.isEmpty() ? Outcome.Status.PASSED : Outcome.Status.FAILED, outcome.expected(), actual,
        differences, outcome.reasons(), expectedFields, actualFields);
  }

  /** Compares a register's verification with what a verify test expects. */
  static Outcome compare(String file, Group group, Test test, CaseFile.ExpectedVerify expect, LoadResult actual) {
    List<String> differences = new ArrayList<>();
    String actualText;
    if (actual instanceof LoadResult.Rejected r) {
      actualText = "refused: " + r.code() + " at seq " + r.seq() + " (" + r.message() + ")";
      if (expect.valid()) {
        differences.add("valid: expected true, actual false");
      }
      if (expect.code() != null) {
        check(differences, "code", expect.code(), r.code());
      }
      if (expect.seq() != null && expect.seq() != r.seq()) {
        differences.add("seq: expected " + expect.seq() + ", actual " + r.seq());
      }
    } else {
      VerifiedLog log = ((LoadResult.Verified) actual).log();
      actualText = "verified: " + log.entries().size() + " entries, " + log.checkpoint().size() + " checkpointed";
      if (!expect.valid()) {
        differences.add("valid: expected false (" + expect.code() + " at seq " + expect.seq() + "), actual true");
      }
      if (expect.entries() != null && expect.entries() != log.entries().size()) {
        differences.add("entries: expected " + expect.entries() + ", actual " + log.entries().size());
      }
      if (expect.checkpointed() != null && expect.checkpointed() != log.checkpoint().size()) {
        differences.add("checkpointed: expected " + expect.checkpointed() + ", actual " + log.checkpoint().size());
      }
    }
    return new Outcome(file, group.description(), test.description(),
        differences.isEmpty() ? Outcome.Status.PASSED : Outcome.Status.FAILED, describe(expect), actualText,
        differences, List.of(), fields(expect), fields(actual));
  }

  static Map<String, Object> fields(CaseFile.ExpectedVerify e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("valid", e.valid());
    m.put("code", e.code());
    m.put("seq", e.seq());
    m.put("entries", e.entries());
    m.put("checkpointed", e.checkpointed());
    return m;
  }

  static Map<String, Object> fields(LoadResult actual) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (actual instanceof LoadResult.Rejected r) {
      m.put("valid", false);
      m.put("code", r.code());
      m.put("seq", r.seq());
    } else {
      VerifiedLog log = ((LoadResult.Verified) actual).log();
      m.put("valid", true);
      m.put("entries", log.entries().size());
      m.put("checkpointed", log.checkpoint().size());
    }
    return m;
  }

  static String describe(CaseFile.ExpectedVerify e) {
    return e.valid()
        ? "verified" + (e.entries() == null ? "" : ": " + e.entries() + " entries")
            + (e.checkpointed() == null ? "" : ", " + e.checkpointed() + " checkpointed")
        : "refused" + (e.code() == null ? "" : ": " + e.code()) + (e.seq() == null ? "" : " at seq " + e.seq());
  }

  private synchronized PolicyEngine engine(DefaultDecision setting) {
    return engines.computeIfAbsent(setting, engineFactory::create);
  }

  private static Outcome invalid(Path file, List<Problem> problems) {
    return new Outcome(file.toString(), null, null, Outcome.Status.INVALID_FILE, null, null,
        problems.stream().map(Problem::toString).toList(), List.of());
  }

  private static String expectedText(Test test) {
    if (test instanceof VerifyTest v) {
      return describe(v.expect());
    }
    return test instanceof DecisionTest d ? describe(d.expect()) : describe(((ParseTest) test).expect());
  }

  // ---- decisions ----

  static Outcome compare(String file, Group group, Test test, ExpectedDecision expect, Decision actual) {
    List<String> differences = new ArrayList<>();
    check(differences, "decision", expect.decision(), actual.kind().word());
    check(differences, "basis", expect.basis(), actual.basis().word());
    List<String> expectedDuties = expect.obligations().stream().map(ConformanceRunner::describe).toList();
    List<String> actualDuties = actual.obligations().stream().map(ConformanceRunner::describe).toList();
    if (!dutiesMatch(expect.obligations(), actual.obligations())) {
      differences.add("obligations: expected " + expectedDuties + ", actual " + actualDuties);
    }
    if (expect.allowed() != null && expect.allowed() != actual.isAllowed()) {
      differences.add("allowed: expected " + expect.allowed() + ", actual " + actual.isAllowed());
    }
    if (expect.wouldAllowWith() != null) {
      List<String> actualFacts = actual instanceof Decision.Deny deny
          ? deny.wouldAllowWith().stream().map(Fact::word).toList()
          : List.of();
      // The specification sorts these facts but does not fix the sort key, so they are compared as sets.
      if (!new java.util.HashSet<>(expect.wouldAllowWith()).equals(new java.util.HashSet<>(actualFacts))
          || expect.wouldAllowWith().size() != actualFacts.size()) {
        differences.add("wouldAllowWith: expected " + expect.wouldAllowWith() + ", actual " + actualFacts);
      }
    }
    if (expect.errorCodes() != null) {
      List<String> actualCodes = actual.diagnostics().stream().map(d -> d.code().id()).distinct().toList();
      if (!actualCodes.containsAll(expect.errorCodes())) {
        differences.add("errorCodes: expected to include " + expect.errorCodes() + ", actual " + actualCodes);
      }
    }
    if (expect.reasonLayers() != null) {
      List<String> actualLayers = actual.reasons().stream().map(r -> r.layer().kind().word()).distinct().toList();
      if (!actualLayers.containsAll(expect.reasonLayers())) {
        differences.add("reasonLayers: expected to include " + expect.reasonLayers() + ", actual " + actualLayers);
      }
    }
    return new Outcome(file, group.description(), test.description(),
        differences.isEmpty() ? Outcome.Status.PASSED : Outcome.Status.FAILED,
        describe(expect), describe(actual), differences,
        actual.reasons().stream().map(ConformanceRunner::describe).toList(), fields(expect), fields(actual));
  }

  /**
   * Attribution and payments must match in order (the specification orders them); quotas must all come after them,
   * and are compared as a multiset because the specification does not order quotas among themselves.
   */
  private static boolean dutiesMatch(List<ExpectedDuty> expected, List<Duty> actual) {
    if (expected.size() != actual.size()) {
      return false;
    }
    List<ExpectedDuty> expectedQuotas = new ArrayList<>();
    List<Duty> actualQuotas = new ArrayList<>();
    List<ExpectedDuty> expectedOthers = new ArrayList<>();
    List<Duty> actualOthers = new ArrayList<>();
    boolean quotaSeen = false;
    for (Duty duty : actual) {
      if (duty instanceof Duty.Quota) {
        quotaSeen = true;
        actualQuotas.add(duty);
      } else if (quotaSeen) {
        return false;
      } else {
        actualOthers.add(duty);
      }
    }
    for (ExpectedDuty duty : expected) {
      (duty.type().equals("quota") ? expectedQuotas : expectedOthers).add(duty);
    }
    if (expectedOthers.size() != actualOthers.size()) {
      return false;
    }
    for (int i = 0; i < expectedOthers.size(); i++) {
      if (!dutyMatches(expectedOthers.get(i), actualOthers.get(i))) {
        return false;
      }
    }
    List<Duty> unmatched = new ArrayList<>(actualQuotas);
    for (ExpectedDuty e : expectedQuotas) {
      boolean found = false;
      for (int i = 0; i < unmatched.size() && !found; i++) {
        if (dutyMatches(e, unmatched.get(i))) {
          unmatched.remove(i);
          found = true;
        }
      }
      if (!found) {
        return false;
      }
    }
    return unmatched.isEmpty();
  }

  private static boolean dutyMatches(ExpectedDuty e, Duty actual) {
    if (!e.type().equals(actual.type().word())) {
      return false;
    }
    if (actual instanceof Duty.Payment p) {
      if (!p.collective().equals(e.collective())) {
        return false;
      }
      if (p.amount() == null || e.amount() == null) {
        return p.amount() == null && e.amount() == null;
      }
      return p.amount().value().compareTo(e.amount()) == 0 && p.amount().currency().equals(e.currency());
    }
    if (actual instanceof Duty.Quota q) {
      return q.limit() == e.limit() && q.period().word().equals(e.period()) && Objects.equals(q.scope(), e.scope());
    }
    return true;
  }

  private static void check(List<String> differences, String field, String expected, String actual) {
    if (!expected.equals(actual)) {
      differences.add(field + ": expected " + expected + ", actual " + actual);
    }
  }

  // ---- structured forms, for the JSON report ----

  static Map<String, Object> fields(ExpectedDecision e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("decision", e.decision());
    m.put("obligations", e.obligations().stream().map(ConformanceRunner::fields).toList());
    m.put("basis", e.basis());
    m.put("allowed", e.allowed());
    m.put("wouldAllowWith", e.wouldAllowWith());
    m.put("errorCodes", e.errorCodes());
    m.put("reasonLayers", e.reasonLayers());
    return m;
  }

  static Map<String, Object> fields(Decision d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("decision", d.kind().word());
    m.put("obligations", d.obligations().stream().map(ConformanceRunner::fields).toList());
    m.put("basis", d.basis().word());
    m.put("allowed", d.isAllowed());
    m.put("wouldAllowWith", d instanceof Decision.Deny deny
        ? deny.wouldAllowWith().stream().map(Fact::word).toList() : List.of());
    m.put("errorCodes", d.diagnostics().stream().map(x -> x.code().id()).distinct().toList());
    m.put("reasonLayers", d.reasons().stream().map(r -> r.layer().kind().word()).distinct().toList());
    return m;
  }

  static Map<String, Object> fields(ExpectedDuty e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", e.type());
    switch (e.type()) {
      case "payment" -> {
        m.put("collective", e.collective());
        m.put("amount", e.amount() == null ? null : e.amount().stripTrailingZeros().toPlainString());
        m.put("currency", e.currency());
      }
      case "quota" -> {
        m.put("limit", e.limit());
        m.put("period", e.period());
        m.put("scope", e.scope());
      }
      default -> { }
    }
    return m;
  }

  static Map<String, Object> fields(Duty duty) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (duty instanceof Duty.Payment p) {
      m.put("type", "payment");
      m.put("collective", p.collective());
      m.put("amount", p.amount() == null ? null : p.amount().plainValue());
      m.put("currency", p.amount() == null ? null : p.amount().currency());
    } else if (duty instanceof Duty.Quota q) {
      m.put("type", "quota");
      m.put("limit", q.limit());
      m.put("period", q.period().word());
      m.put("scope", q.scope() == null || q.scope().isEmpty() ? null : q.scope());
    } else {
      m.put("type", "attribution");
    }
    return m;
  }

  static Map<String, Object> fields(ExpectedParse e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("valid", e.valid());
    m.put("canonical", e.canonical());
    m.put("diagnostics", e.diagnostics().stream().map(d -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("code", d.code());
      x.put("line", d.line());
      x.put("column", d.column());
      return x;
    }).toList());
    return m;
  }

  static Map<String, Object> fields(ParseResult actual, String canonical) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("valid", actual.isValid());
    m.put("canonical", canonical);
    m.put("diagnostics", actual.diagnostics().stream().map(d -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("code", d.code().id());
      x.put("line", d.span() == null ? null : d.span().line());
      x.put("column", d.span() == null ? null : d.span().column());
      return x;
    }).toList());
    return m;
  }

  static String describe(ExpectedDecision e) {
    StringBuilder out = new StringBuilder(e.decision());
    if (!e.obligations().isEmpty()) {
      out.append(' ').append(e.obligations().stream().map(ConformanceRunner::describe).toList());
    }
    out.append(", basis ").append(e.basis());
    if (e.allowed() != null) {
      out.append(", allowed ").append(e.allowed());
    }
    if (e.wouldAllowWith() != null) {
      out.append(", wouldAllowWith ").append(e.wouldAllowWith());
    }
    if (e.errorCodes() != null) {
      out.append(", codes ").append(e.errorCodes());
    }
    if (e.reasonLayers() != null) {
      out.append(", reason layers ").append(e.reasonLayers());
    }
    return out.toString();
  }

  static String describe(Decision d) {
    StringBuilder out = new StringBuilder(d.kind().word());
    if (!d.obligations().isEmpty()) {
      out.append(' ').append(d.obligations().stream().map(ConformanceRunner::describe).toList());
    }
    out.append(", basis ").append(d.basis().word()).append(", allowed ").append(d.isAllowed());
    if (d instanceof Decision.Deny deny && !deny.wouldAllowWith().isEmpty()) {
      out.append(", wouldAllowWith ").append(deny.wouldAllowWith().stream().map(Fact::word).toList());
    }
    if (!d.diagnostics().isEmpty()) {
      out.append(", codes ").append(d.diagnostics().stream().map(x -> x.code().id()).toList());
    }
    return out.toString();
  }

  static String describe(ExpectedDuty e) {
    return switch (e.type()) {
      case "payment" -> "payment " + e.collective()
          + (e.amount() == null ? "" : " " + e.amount().stripTrailingZeros().toPlainString() + " " + e.currency());
      case "quota" -> "quota " + e.limit() + " per " + e.period() + (e.scope() == null ? "" : " scope " + e.scope());
      default -> e.type();
    };
  }

  static String describe(Duty duty) {
    if (duty instanceof Duty.Payment p) {
      return "payment " + p.collective()
          + (p.amount() == null ? "" : " " + p.amount().plainValue() + " " + p.amount().currency());
    }
    if (duty instanceof Duty.Quota q) {
      return "quota " + q.limit() + " per " + q.period().word() + (q.scope() == null ? "" : " scope " + q.scope());
    }
    return duty.type().word();
  }

  static String describe(Reason r) {
    return r.layer() + (r.clause() == null ? "" : ": '" + r.clause() + "'") + " - " + r.message();
  }

  // ---- parsing ----

  Outcome compare(String file, Group group, Test test, ExpectedParse expect, ParseResult actual) {
    List<String> differences = new ArrayList<>();
    if (expect.valid() != actual.isValid()) {
      differences.add("valid: expected " + expect.valid() + ", actual " + actual.isValid());
    }
    String canonical = actual.policy().map(printer::print).orElse(null);
    if (expect.valid() && expect.canonical() != null && actual.isValid() && !expect.canonical().equals(canonical)) {
      differences.add("canonical: expected '" + expect.canonical() + "', actual '" + canonical + "'");
    }
    List<String> expectedDiagnostics = expect.diagnostics().stream().map(ConformanceRunner::describe).toList();
    List<String> actualDiagnostics = actual.diagnostics().stream().map(ConformanceRunner::describe).toList();
    if (!diagnosticsMatch(expect.diagnostics(), actual.diagnostics())) {
      differences.add("diagnostics: expected " + expectedDiagnostics + ", actual " + actualDiagnostics
          + helpTexts(actual.diagnostics()));
    }
    String actualText = (actual.isValid() ? "valid '" + canonical + "'" : "invalid") + ", diagnostics "
        + actualDiagnostics;
    return new Outcome(file, group.description(), test.description(),
        differences.isEmpty() ? Outcome.Status.PASSED : Outcome.Status.FAILED,
        describe(expect), actualText, differences, List.of(), fields(expect), fields(actual, canonical));
  }

  private static String helpTexts(List<Diagnostic> diagnostics) {
    String helps = diagnostics.stream().filter(d -> d.help() != null)
        .map(d -> d.code().id() + ": " + d.help()).collect(Collectors.joining("; "));
    return helps.isEmpty() ? "" : " (help: " + helps + ")";
  }

  private static boolean diagnosticsMatch(List<ExpectedDiagnostic> expected, List<Diagnostic> actual) {
    if (expected.size() != actual.size()) {
      return false;
    }
    for (int i = 0; i < expected.size(); i++) {
      ExpectedDiagnostic e = expected.get(i);
      Diagnostic a = actual.get(i);
      if (!e.code().equals(a.code().id())) {
        return false;
      }
      if (e.line() == null ? a.span() != null
          : a.span() == null || a.span().line() != e.line() || a.span().column() != e.column()) {
        return false;
      }
      if (e.helpContains() != null && (a.help() == null || !a.help().contains(e.helpContains()))) {
        return false;
      }
    }
    return true;
  }

  static String describe(ExpectedParse e) {
    return (e.valid() ? "valid" + (e.canonical() == null ? "" : " '" + e.canonical() + "'") : "invalid")
        + ", diagnostics " + e.diagnostics().stream().map(ConformanceRunner::describe).toList();
  }

  static String describe(ExpectedDiagnostic e) {
    return e.code() + (e.line() == null ? "" : "@" + e.line() + ":" + e.column())
        + (e.helpContains() == null ? "" : " help~'" + e.helpContains() + "'");
  }

  static String describe(Diagnostic d) {
    return d.code().id() + (d.span() == null ? "" : "@" + d.span().line() + ":" + d.span().column());
  }
}
