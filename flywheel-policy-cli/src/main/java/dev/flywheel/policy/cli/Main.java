package dev.flywheel.policy.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flywheel-policy} command line.
 *
 * <p>Exit codes shared by every command: 0 success, 1 the input was checked and found wanting (invalid terms, failed
 * cases), 2 usage error (unknown option, unreadable file), 3 internal failure.
 */
@Command(
    name = "flywheel-policy",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Check AI-use terms and decide what contributions may be used for.",
    subcommands = {
        ValidateCommand.class,
        FmtCommand.class,
        DecideCommand.class,
        ImportCommand.class,
        ExportCommand.class,
        TestCommand.class,
        FilterCommand.class,
        GenerateCommand.class,
        CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit code for a usage error. */
  static final int USAGE = 2;
  /** Exit code for an internal failure. */
  static final int INTERNAL = 3;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given output streams; used by {@link #main} and by tests. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("flywheel-policy: internal error: " + ex);
      return INTERNAL;
    });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Reports the version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"flywheel-policy " + (v == null ? "(development build)" : v)};
    }
  }
}
