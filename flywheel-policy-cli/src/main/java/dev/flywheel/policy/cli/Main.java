package dev.flywheel.policy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
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

  /**
   * Reports the version and the git commit the command line was built from, as the build wrote them into
   * {@code build.properties} beside this class: {@code flywheel-policy 0.2.0 (commit 1a2b3c4)}. A value the build could not fill in
   * (no git checkout, resource missing) reads {@code unknown}, never a placeholder.
   */
  static final class Version implements CommandLine.IVersionProvider {
    /** The resource the build filters, next to this class. */
    static final String RESOURCE = "build.properties";

    @Override
    public String[] getVersion() {
      return new String[] {describe(buildProperties())};
    }

    static Properties buildProperties() {
      Properties build = new Properties();
      try (InputStream in = Main.class.getResourceAsStream(RESOURCE)) {
        if (in != null) {
          build.load(in);
        }
      } catch (IOException unreadable) {
        // An unreadable resource is reported like a missing one: every value "unknown".
        build.clear();
      }
      return build;
    }

    static String describe(Properties build) {
      String version = valueOrUnknown(build, "version");
      String commit = valueOrUnknown(build, "commit");
      return "flywheel-policy " + version + " (commit " + commit + ")";
    }

    private static String valueOrUnknown(Properties build, String key) {
      String value = build.getProperty(key, "").strip();
      // A "${...}" left by resource filtering means the build had no value for it.
      return value.isEmpty() || value.contains("${") ? "unknown" : value;
    }
  }
}
