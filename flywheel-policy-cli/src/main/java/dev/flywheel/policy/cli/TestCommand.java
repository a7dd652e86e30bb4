package dev.flywheel.policy.cli;

import dev.flywheel.policy.conformance.ConformanceRunner;
import dev.flywheel.policy.conformance.Report;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
        "Prints each failure with expected and actual, then 'N passed, N failed';",
        "--junit also writes a JUnit XML report for CI.",
        "Exit 0 when all pass, 1 when any fails, 2 when a file does not match the case-file schema."},
    footer = {"", "Example:", "  flywheel-policy test --junit build/terms-tests.xml examples/authoring"})
final class TestCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
  ValidateCommand.Format format;

  @Option(names = "--junit", paramLabel = "FILE",
      description = "also write the results as JUnit XML to FILE (written whole, or not at all)")
  Path junit;

  @Parameters(paramLabel = "FILE_OR_DIR", arity = "1..*", description = "case files or directories of them")
  List<Path> paths;

  @Override
  public Integer call() {
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no such file or directory: " + p);
      }
    }
    // The report's file is checked before any case runs: a typo in its folder is a usage error, not a lost report.
    try (OutputFiles outputs = OutputFiles.plan(spec, null, List.of(new OutputFiles.Named("--junit", junit)),
        spec.commandLine().getErr())) {
      Report report = ConformanceRunner.run(paths);
      if (junit != null) {
        outputs.open(spec);
        try (OutputStream os = outputs.stream("--junit")) {
          os.write(report.toJUnitXml().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new IoFailure("cannot write " + outputs.describe("--junit") + ": " + IoFailure.describe(e), e);
        }
        outputs.commit();
      }
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
}
