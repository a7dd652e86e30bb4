package dev.flywheel.policy.cli;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.ParseResult;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code fmt}: prints terms in canonical form. */
@Command(
    name = "fmt",
    mixinStandardHelpOptions = true,
    description = {
        "Print each statement of terms in canonical form, one per line.",
        "Invalid terms are reported on stderr; exit 1 when any is invalid, 2 on a usage error."})
final class FmtCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "TERMS", arity = "1..*", description = "terms to format; '-' reads them from stdin")
  List<String> terms;

  @Override
  public Integer call() throws Exception {
    TermsParser parser = TermsParser.withDefaults();
    boolean allValid = true;
    for (TermsArguments.Source source : TermsArguments.resolve(terms, System.in)) {
      ParseResult result = parser.parse(source.terms());
      if (result.isValid()) {
        spec.commandLine().getOut().println(TermsPrinter.print(result.policy().orElseThrow()));
      } else {
        allValid = false;
        for (Diagnostic d : result.diagnostics()) {
          spec.commandLine().getErr().println(TerminalNames.render(source.name(), source.terms(), d));
        }
      }
    }
    return allValid ? 0 : 1;
  }
}
