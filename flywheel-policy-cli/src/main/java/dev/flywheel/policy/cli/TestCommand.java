package dev.flywheel.policy.cli;

import dev.flywheel.policy.conformance.ConformanceRunner;
import dev.flywheel.policy.conformance.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code test}: runs conformance case files (docs/CONFORMANCE.md) against this implementation. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
        "Run conformance case files (docs/CONFORMANCE.md); directories are searched for *.json.",
        "Prints each failure with expected and actual, then 'N passed, N failed'.",
        "Exit 0 when all pass, 1 when any fails, 2 when a file does not match the case-file schema."})
final class TestCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
  ValidateCommand.Format format;

  @Parameters(paramLabel = "FILE_OR_DIR", arity = "1..*", description = "case files or directories of them")
  List<Path> paths;

  @Override
  public Integer call() {
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no such file or directory: " + p);
      }
    }
    Report report = ConformanceRunner.run(paths);
    if (format == ValidateCommand.Format.json) {
      TerminalWriter.raw(spec.commandLine().getOut()).print(report.toJson() + "\n");
    } else {
      spec.commandLine().getOut().print(report.toText());
    }
    if (report.invalidFiles() > 0) {
      return Main.USAGE;
    }
    return report.successful() ? 0 : 1;
  }
}
