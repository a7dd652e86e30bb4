package dev.flywheel.policy.cli;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.json.DecisionJson;
import dev.flywheel.policy.records.RecordResult;
import dev.flywheel.policy.records.RecordValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code decide}: one decision for one purpose under terms or an item's layered terms. */
@Command(
    name = "decide",
    mixinStandardHelpOptions = true,
    description = {
        "Decide whether terms, a terms file or an item allow a purpose, and print why.",
        "The decision (allow, deny or obligation) is printed with its reasons.",
        "Exit 0 when a decision was printed (deny included), 2 on a usage error, 4 when reading failed."},
    footer = {"", "Example:", "  flywheel-policy decide --purpose train --at 2027-03-01 --file ajo.terms"})
final class DecideCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--purpose", required = true, converter = VocabularyOptions.PurposeConverter.class,
      completionCandidates = VocabularyOptions.PurposeWords.class, description = "the purpose: ${COMPLETION-CANDIDATES}")
  Purpose purpose;

  @Option(names = "--fact", converter = VocabularyOptions.FactConverter.class,
      completionCandidates = VocabularyOptions.FactWords.class,
      description = "a fact the consumer declares: ${COMPLETION-CANDIDATES} (repeatable)")
  List<Fact> facts = new ArrayList<>();

  @Option(names = "--at", converter = TimeArgument.class,
      description = "time of use: a date (00:00 UTC) or an instant; default now")
  Instant at;

  @Option(names = "--honour", converter = VocabularyOptions.ObligationConverter.class,
      completionCandidates = VocabularyOptions.ObligationWords.class,
      description = "an obligation type the consumer can honour: ${COMPLETION-CANDIDATES} (repeatable)")
  List<ObligationType> honour = new ArrayList<>();

  @Option(names = "--default", defaultValue = "deny", converter = DefaultConverter.class,
      description = "decision when nothing covers the purpose: allow or deny (default: ${DEFAULT-VALUE})")
  DefaultDecision defaultDecision;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
  ValidateCommand.Format format;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Subject subject;

  /** Terms, or an item. */
  static final class Subject {
    @Parameters(paramLabel = "TERMS", description = "the terms (the text, never a file name); '-' reads them from stdin")
    String terms;

    @Option(names = "--file", paramLabel = "FILE", description = "a terms file ('-' for stdin)")
    Path file;

    @Option(names = "--item", paramLabel = "ITEM.json",
        description = "a contribution record (docs/RECORDS.md): its layered statements and licence decide")
    Path item;
  }

  @Override
  public Integer call() throws Exception {
    PolicyEngine engine = PolicyEngine.builder().defaultDecision(defaultDecision).maximumCacheSize(16).build();
    Request request = new Request(purpose, facts.isEmpty() ? Set.of() : EnumSet.copyOf(facts), at,
        honour.isEmpty() ? Set.of() : EnumSet.copyOf(honour));
    String sourceName;
    String source;
    Decision decision;
    if (subject.item != null) {
      sourceName = subject.item.toString();
      source = null;
      decision = decideItem(engine, request);
    } else {
      TermsArguments.Source terms = subject.file != null ? TermsArguments.readFile(spec, subject.file)
          : TermsArguments.resolve(List.of(subject.terms), System.in).get(0);
      sourceName = terms.name();
      source = terms.terms();
      decision = engine.decide(source, request);
      String hint = decision.basis() == Decision.Basis.ERROR ? TermsArguments.fileHint(terms) : null;
      if (hint != null) {
        spec.commandLine().getErr().println(TerminalNames.field(sourceName) + ": hint: " + hint);
      }
    }
    if (format == ValidateCommand.Format.json) {
      TerminalWriter.raw(spec.commandLine().getOut()).println(Json.print(DecisionJson.toJson(decision)));
    } else {
      spec.commandLine().getOut().print(DecisionText.render(decision, sourceName, source));
    }
    return 0;
  }

  /**
   * Decides an item read from a contribution record. A record that is not valid is not guessed at: the decision is a
   * deny with basis error carrying the record's diagnostics, as a loader would get.
   */
  private Decision decideItem(PolicyEngine engine, Request request) {
    InputFile input = InputFile.check(spec, subject.item, "--item");
    RecordValidator validator = RecordValidator.withDefaults();
    int limit = validator.limits().maxRecordBytes();
    byte[] bytes;
    // Read at most one byte past the limit: enough to know the record is too long, whatever the file's size.
    try (InputStream in = input.open(spec)) {
      bytes = in.readNBytes(limit + 1);
    } catch (IOException e) {
      throw new IoFailure("cannot read --item " + TerminalNames.path(subject.item) + ": " + IoFailure.describe(e), e);
    }
    if (bytes.length > limit) {
      return new Decision.Deny(Decision.Basis.ERROR, List.of(), List.of(Diagnostic.of(DiagnosticCode.RECORD_TOO_LONG,
          "the record is longer than " + limit + " bytes, the limit")), List.of());
    }
    RecordResult result = validator.validate(bytes);
    if (result.record().isEmpty()) {
      return new Decision.Deny(Decision.Basis.ERROR, List.of(), result.errors(), List.of());
    }
    return engine.decide(result.record().get().toItemTerms(), request);
  }

  /** Converts allow / deny. */
  static final class DefaultConverter implements CommandLine.ITypeConverter<DefaultDecision> {
    @Override
    public DefaultDecision convert(String value) {
      try {
        return DefaultDecision.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("--default takes allow or deny, not '" + value + "'");
      }
    }
  }
}
