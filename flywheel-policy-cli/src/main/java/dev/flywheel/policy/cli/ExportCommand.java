package dev.flywheel.policy.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.interop.ExportFormat;
import dev.flywheel.policy.interop.ExportResult;
import dev.flywheel.policy.interop.Interop;
import dev.flywheel.policy.terms.ParseResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code export}: prints terms as an AI-preference signal value with the loss report. What the target cannot carry
 * is reported; a conditional or time-limited allow is exported as a refusal, never as an allow.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
        "Export terms as an AIPREF Content-Usage or Content-Signal value, with what was lost.",
        "TERMS is always the terms' text; a terms file is read only with --file.",
        "Exit 0 on success (even with warnings), 1 when the terms are invalid, 2 on a usage error."},
    footer = {"", "Example:", "  flywheel-policy export --to aipref 'deny train-genai; allow search'"})
public final class ExportCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--to", required = true, paramLabel = "FORMAT", converter = FormatConverter.class,
      description = "aipref or content-signal")
  ExportFormat to;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
      description = "text or json (default: ${DEFAULT-VALUE})")
  InteropOutput.Format format;

  @Parameters(paramLabel = "TERMS", arity = "0..1",
      description = "the terms (the text, never a file name); '-' reads them from stdin")
  String input;

  @Option(names = "--file", paramLabel = "FILE", description = "a terms file ('-' for stdin)")
  Path file;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if ((input == null) == (file == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give either TERMS or --file FILE");
    }
    TermsArguments.Source source;
    try {
      source = file != null ? TermsArguments.readFile(spec, file)
          : TermsArguments.resolve(List.of(input), System.in).get(0);
    } catch (IOException e) {
      throw new IoFailure("cannot read stdin: " + IoFailure.describe(e), e);
    }
    String terms = source.terms();
    ParseResult parsed = TermsParser.withDefaults().parse(terms);
    InteropOutput.Input termsSource = new InteropOutput.Input(source.name(), terms);
    if (!parsed.isValid()) {
      String hint = TermsArguments.fileHint(source);
      if (hint != null) {
        spec.commandLine().getErr().println(TerminalNames.field(source.name()) + ": hint: " + hint);
      }
      if (format == InteropOutput.Format.json) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("to", to.word());
        node.putNull("value");
        node.set("report", InteropOutput.reportJson(parsed.diagnostics()));
        TerminalWriter.raw(out).println(Json.print(node));
      } else {
        out.print(InteropOutput.render(termsSource, parsed.diagnostics()));
      }
      out.flush();
      return 1;
    }
    ExportResult result = Interop.exportTo(to, parsed.policy().orElseThrow());
    if (format == InteropOutput.Format.json) {
      ObjectNode node = Json.MAPPER.createObjectNode();
      node.put("to", to.word());
      node.put("field", to.fieldName());
      node.put("value", result.value());
      node.set("report", InteropOutput.reportJson(result.report()));
      TerminalWriter.raw(out).println(Json.print(node));
    } else {
      out.println(result.value());
      out.print(InteropOutput.render(termsSource, result.report()));
    }
    out.flush();
    return 0;
  }

  /** Converts {@code --to} words; anything else is a usage error. */
  static final class FormatConverter implements CommandLine.ITypeConverter<ExportFormat> {
    @Override
    public ExportFormat convert(String value) {
      return ExportFormat.fromWord(value).orElseThrow(() -> new CommandLine.TypeConversionException(
          "unknown format '" + value + "': expected aipref or content-signal"));
    }
  }
}
