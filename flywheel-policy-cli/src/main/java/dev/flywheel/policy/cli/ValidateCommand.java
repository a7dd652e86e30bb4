package dev.flywheel.policy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.json.DiagnosticJson;
import dev.flywheel.policy.json.ValidationJson;
import dev.flywheel.policy.grammar.TermsLints;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.ParseResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code validate}: checks terms and reports every problem with its position. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
        "Check terms, terms files or contribution records, and print every problem.",
        "Problems are printed like a compiler's (or as JSON), with lint warnings such as dead-clause and",
        "expired-clause (docs/LANGUAGE.md, section 9); warnings never make terms invalid.",
        "Exit 0 when all are valid, 1 when any is invalid, 2 on a usage error."},
    footer = {"", "Example:", "  flywheel-policy validate --at 2027-03-01 --file yoruba-embargo.terms"})
final class ValidateCommand implements Callable<Integer> {

  /** Output formats. */
  enum Format { text, json }

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
  Format format;

  @Parameters(paramLabel = "TERMS", arity = "0..*",
      description = "terms to check (the text, never a file name); '-' reads them from stdin")
  List<String> terms = new ArrayList<>();

  @Option(names = "--file", paramLabel = "FILE", arity = "1..*",
      description = "terms files to check ('-' for stdin): --file a.terms b.terms, or --file repeated")
  List<Path> files = new ArrayList<>();

  @Option(names = "--at", converter = TimeArgument.class,
      description = "the time expired-clause compares 'until' with: a date (00:00 UTC) or an instant; default now")
  Instant at;

  @Option(names = "--records", paramLabel = "FILE.jsonl",
      description = "validate a JSON Lines file of contribution records ('-' for stdin) instead of terms "
          + "(docs/RECORDS.md); "
          + "reports each invalid line and ends with 'N valid, N invalid'")
  Path records;

  @Option(names = "--lines", paramLabel = "FILE",
      description = "long-lived mode: read one terms string per line of FILE ('-' for stdin) and write one JSON "
          + "result per line (spans also in UTF-16 code units), flushed each")
  Path lines;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    boolean termsGiven = !terms.isEmpty() || !files.isEmpty();
    if ((records != null ? 1 : 0) + (lines != null ? 1 : 0) + (termsGiven ? 1 : 0) != 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give one of TERMS, --file FILE, --records FILE.jsonl or --lines FILE");
    }
    if (lines != null) {
      InputFile input = InputFile.check(spec, lines, "--lines");
      TermsParser parser = TermsParser.withDefaults();
      boolean[] allValid = {true};
      try (java.io.InputStream in = input.open(spec)) {
        TermsLines.run(in, out, line -> {
          ObjectNode node;
          if (line.text() == null) {
            node = ValidationJson.toJson(new ParseResult(java.util.Optional.empty(), List.of(line.problem())));
          } else {
            node = ValidationJson.toJson(parser.parse(line.text()), line.text());
          }
          allValid[0] &= node.get("valid").booleanValue();
          return node;
        });
      } catch (java.io.IOException e) {
        throw new IoFailure("cannot read --lines " + TerminalNames.path(lines) + ": " + IoFailure.describe(e), e);
      }
      return allValid[0] ? Main.OK : Main.WANTING;
    }
    if (records != null) {
      InputFile input = InputFile.check(spec, records, "--records");
      return RecordsValidation.run(spec, input, format, out).allValid() ? Main.OK : Main.WANTING;
    }
    TermsParser parser = TermsParser.withDefaults();
    List<TermsArguments.Source> sources = TermsArguments.resolve(spec, terms, files, System.in);
    Instant lintTime = at != null ? at : Instant.now();
    boolean allValid = true;
    // From the node factory, not Json.MAPPER: building an ObjectMapper is a good part of a short run's start, and the
    // text format never prints through it.
    ArrayNode results = JsonNodeFactory.instance.arrayNode();
    for (TermsArguments.Source source : sources) {
      ParseResult result = parser.parse(source.terms());
      List<Diagnostic> lints = result.policy().map(p -> TermsLints.lint(p, lintTime)).orElse(List.of());
      String hint = result.isValid() ? null : TermsArguments.fileHint(source);
      allValid &= result.isValid();
      if (format == Format.json) {
        ObjectNode node = toJson(result);
        ArrayNode diagnostics = (ArrayNode) node.get("diagnostics");
        lints.forEach(d -> diagnostics.add(DiagnosticJson.toJson(d)));
        if (hint != null) {
          node.put("hint", hint);
        }
        results.add(node);
      } else {
        printText(out, source, result, lints, hint);
      }
    }
    if (format == Format.json) {
      JsonNode node = results.size() == 1 ? results.get(0) : results;
      TerminalWriter.raw(out).println(Json.print(node));
    }
    return allValid ? 0 : 1;
  }

  private static void printText(PrintWriter out, TermsArguments.Source source, ParseResult result,
      List<Diagnostic> lints, String hint) {
    for (Diagnostic d : result.diagnostics()) {
      out.println(TerminalNames.render(source.name(), source.terms(), d));
    }
    for (Diagnostic d : lints) {
      out.println(TerminalNames.render(source.name(), source.terms(), d));
    }
    if (hint != null) {
      out.println(TerminalNames.field(source.name()) + ": hint: " + hint);
    }
    result.policy().ifPresent(p -> out.println(TerminalNames.field(source.name()) + ": valid: "
        + TermsPrinter.print(p)));
  }

  static ObjectNode toJson(ParseResult result) {
    return ValidationJson.toJson(result);
  }
}
