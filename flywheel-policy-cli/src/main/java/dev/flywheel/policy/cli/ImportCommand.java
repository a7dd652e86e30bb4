package dev.flywheel.policy.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.interop.ImportFormat;
import dev.flywheel.policy.interop.ImportOptions;
import dev.flywheel.policy.interop.ImportResult;
import dev.flywheel.policy.interop.Interop;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code import}: reads an AI-preference signal and prints our terms with the loss report. A signal that states no
 * preference prints no terms, only the report.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
        "Import an AI-preference signal as terms, with a report of what was lost, ambiguous or malformed.",
        "Exit 0 on success (even with warnings), 1 when the input is malformed beyond use, 2 on a usage error."},
    footer = {"", "Example:", "  flywheel-policy import --from aipref 'train-ai=n, search=y'"})
public final class ImportCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "FORMAT", converter = FormatConverter.class,
      completionCandidates = FormatWords.class,
      description = "one of: ${COMPLETION-CANDIDATES}. rsl reads a licence file, an RSS feed or an HTML page; tdmrep "
          + "reads tdmrep.json, headers, HTML meta tags or an EPUB package document")
  ImportFormat from;

  @Option(names = "--agent", defaultValue = "*", paramLabel = "NAME",
      description = "robots.txt user-agent (default: ${DEFAULT-VALUE})")
  String agent;

  @Option(names = "--path", defaultValue = "/", paramLabel = "PATH",
      description = "path of the asset for path rules, RSL content and TDMRep locations (default: ${DEFAULT-VALUE})")
  String path;

  @Option(names = "--direct-collective", paramLabel = "NAME",
      defaultValue = ImportOptions.DEFAULT_DIRECT_COLLECTIVE,
      description = "payee of a CC signals direct contribution (default: ${DEFAULT-VALUE})")
  String directCollective;

  @Option(names = "--ecosystem-collective", paramLabel = "NAME",
      defaultValue = ImportOptions.DEFAULT_ECOSYSTEM_COLLECTIVE,
      description = "payee of a CC signals ecosystem contribution (default: ${DEFAULT-VALUE})")
  String ecosystemCollective;

  @Option(names = "--licensor-collective", paramLabel = "NAME",
      defaultValue = ImportOptions.DEFAULT_LICENSOR_COLLECTIVE,
      description = "payee of an RSL payment without a licence server (default: ${DEFAULT-VALUE})")
  String licensorCollective;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
      description = "text or json (default: ${DEFAULT-VALUE})")
  InteropOutput.Format format;

  @Parameters(paramLabel = "FILE_OR_STRING", arity = "1",
      description = "a readable file, '-' for stdin, or else the signal itself")
  String input;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ImportOptions options;
    try {
      options = new ImportOptions(agent, path, directCollective, ecosystemCollective, licensorCollective);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    InteropOutput.Input source;
    try {
      source = InteropOutput.resolve(input, System.in);
    } catch (IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "cannot read " + TerminalNames.field(input) + ": " + IoFailure.describe(e));
    }
    ImportResult result = Interop.importFrom(from, source.text(), options);
    if (format == InteropOutput.Format.json) {
      ObjectNode node = Json.MAPPER.createObjectNode();
      node.put("from", from.word());
      if (result.terms().isPresent()) {
        node.put("terms", result.terms().get());
      } else {
        node.putNull("terms");
      }
      node.set("report", InteropOutput.reportJson(result.report()));
      TerminalWriter.raw(out).println(Json.print(node));
    } else {
      result.terms().ifPresent(out::println);
      out.print(InteropOutput.render(source, result.report()));
    }
    out.flush();
    return result.hasErrors() ? 1 : 0;
  }

  /** The {@code --from} words, from {@link ImportFormat} itself, so help and errors list every format. */
  static final class FormatWords implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.Arrays.stream(ImportFormat.values()).map(ImportFormat::word).iterator();
    }
  }

  /** Converts {@code --from} words; anything else is a usage error. */
  static final class FormatConverter implements CommandLine.ITypeConverter<ImportFormat> {
    @Override
    public ImportFormat convert(String value) {
      return ImportFormat.fromWord(value).orElseThrow(() -> new CommandLine.TypeConversionException(
          "unknown format '" + value + "': expected one of " + String.join(", ", new FormatWords())));
    }
  }
}
