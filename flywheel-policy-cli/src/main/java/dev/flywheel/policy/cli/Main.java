package dev.flywheel.policy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flywheel-policy} command line.
 *
 * <p>Exit codes shared by every command (README.md, docs/FILTER.md): {@value #OK} success; {@value #WANTING} the input
 * was checked and found wanting (invalid terms or records, failed cases); {@value #USAGE} usage error (unknown option,
 * missing or unreadable input, an output that cannot be created or names the input or another output);
 * {@value #INTERNAL} internal failure, out of memory included; {@value #IO_ERROR} reading or writing failed while the
 * command ran (a full disk, a device error); 130 and 143 when stopped by SIGINT or SIGTERM (set by the JVM). Every
 * failure is one line on stderr, and all text output is passed through {@link TerminalWriter}.
 *
 * <p>The commands are registered in code ({@link #COMMANDS}), not in the annotation, so that a run builds picocli's
 * model (by reflection over every option of a command) only of the command it runs; see {@link #commandLine}.
 */
@Command(
    name = "flywheel-policy",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Check AI-use terms and decide what contributions may be used for.",
    footer = {"", "Run 'flywheel-policy COMMAND --help' for a command's options and an example.", "", "Example:",
        "  flywheel-policy validate --file examples/authoring/yoruba-embargo.terms"})
public final class Main implements Runnable {
  /** Exit code for success. */
  static final int OK = 0;
  /** Exit code when the input was checked and found wanting. */
  static final int WANTING = 1;
  /** Exit code for a usage error. */
  static final int USAGE = 2;
  /** Exit code for an internal failure, running out of memory included. */
  static final int INTERNAL = 3;
  /** Exit code for a failure to read or write while the command ran. */
  static final int IO_ERROR = 4;

  /**
   * Every command, by the name it is invoked with, in the order the top-level help lists them. Each name is the one
   * its class's {@code @Command} annotation gives ({@code MainCommandLineTest} checks that they agree).
   */
  static final Map<String, Class<?>> COMMANDS = commandTable();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private static Map<String, Class<?>> commandTable() {
    Map<String, Class<?>> commands = new LinkedHashMap<>();
    commands.put("validate", ValidateCommand.class);
    commands.put("fmt", FmtCommand.class);
    commands.put("decide", DecideCommand.class);
    commands.put("import", ImportCommand.class);
    commands.put("export", ExportCommand.class);
    commands.put("test", TestCommand.class);
    commands.put("filter", FilterCommand.class);
    commands.put("audit", AuditCommand.class);
    commands.put("usage", UsageCommand.class);
    commands.put("generate", GenerateCommand.class);
    commands.put("serve", ServeCommand.class);
    commands.put("keygen", KeygenCommand.class);
    commands.put("register", RegisterCommand.class);
    commands.put("lsp", LspCommand.class);
    commands.put("help", CommandLine.HelpCommand.class);
    return Collections.unmodifiableMap(commands);
  }

  /**
   * The command line for {@code args}: when the first argument names a command other than {@code help}, only that
   * command is registered, since it is the only one that can run and building the model of the other thirteen was
   * most of a short command's start; otherwise (no arguments, {@code help}, an option such as {@code --help} or
   * {@code --version}, an {@code @file} of arguments, a mistyped command that gets a suggestion) every command, in
   * the order of {@link #COMMANDS}, so that help and suggestions are exactly those of the whole command set. A
   * command's own help, options, errors and exit codes are the same either way.
   */
  static CommandLine commandLine(String[] args, CommandLine.IFactory factory) {
    CommandLine cli = new CommandLine(new Main(), factory);
    String first = args.length > 0 ? args[0] : null;
    Class<?> only = first == null || first.equals("help") ? null : COMMANDS.get(first);
    if (only != null) {
      cli.addSubcommand(first, only);
    } else {
      COMMANDS.forEach(cli::addSubcommand);
    }
    return cli;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs the command line with the given output streams; used by {@link #main} and by tests. Never throws: a failure
   * is an exit code and one line on {@code err}.
   */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, java.time.Clock.systemUTC());
  }

  /**
   * {@link #run(String[], PrintWriter, PrintWriter)} with the real clock that commands read for times they record
   * (a receipt's {@code startedAt} and {@code finishedAt}, an audit's default {@code --at}); tests give a fixed one.
   */
  static int run(String[] args, PrintWriter out, PrintWriter err, java.time.Clock clock) {
    TerminalWriter safeOut = TerminalWriter.over(out);
    TerminalWriter safeErr = TerminalWriter.over(err);
    int code;
    try {
      CommandLine cli = commandLine(args, new CommandLine.IFactory() {
        @Override
        public <K> K create(Class<K> type) throws Exception {
          K made = CommandLine.defaultFactory().create(type);
          if (made instanceof FilterCommand filter) {
            filter.clock = clock;
          } else if (made instanceof AuditCommand audit) {
            audit.clock = clock;
          }
          return made;
        }
      });
      // No ANSI styles in help: they are escape sequences, which TerminalWriter would show as '?'.
      cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
      cli.setOut(safeOut);
      cli.setErr(safeErr);
      cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failure(ex, commandLine.getErr()));
      cli.setParameterExceptionHandler(Main::usageError);
      code = cli.execute(args);
    } catch (OutOfMemoryError | StackOverflowError | LinkageError e) {
      // picocli passes Errors through; without this the JVM would exit 1, which means "input found wanting". A
      // LinkageError is here mostly a class whose initializer ran out of memory (NoClassDefFoundError on next use).
      code = failure(e, safeErr);
    }
    safeOut.flush();
    safeErr.flush();
    if (code == OK && safeOut.checkError()) {
      // PrintWriter swallows write errors; a summary that did not reach stdout is not a success.
      safeErr.println("flywheel-policy: cannot write to stdout");
      safeErr.flush();
      code = IO_ERROR;
    }
    return code;
  }

  /**
   * A usage error: the one problem and one line pointing at the command's help, never the whole usage text (which
   * would bury the problem). Exit {@value #USAGE}.
   */
  static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine command = ex.getCommandLine();
    PrintWriter err = command.getErr();
    String name = command.getCommandSpec().qualifiedName();
    err.println(name + ": " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Run '" + name + " --help' for usage.");
    err.flush();
    return USAGE;
  }

  /** Whether {@code t} is, or reports, the JVM running out of memory. */
  private static boolean isOutOfMemory(Throwable t) {
    return t instanceof OutOfMemoryError
        || (t instanceof LinkageError && String.valueOf(t.getMessage()).contains("OutOfMemoryError"));
  }

  /** The exit code for a failure thrown out of a command, reported as one line on {@code err}. */
  private static int failure(Throwable ex, PrintWriter err) {
    // Out of memory may reach here as itself, as the cause of a worker's failure, or, when it struck a class's
    // static initializer, only as the text of the NoClassDefFoundError every later use of that class gets.
    Throwable memory = ex;
    while (memory != null && !isOutOfMemory(memory)) {
      memory = memory.getCause();
    }
    if (memory != null) {
      err.println("flywheel-policy: internal error: out of memory (" + IoFailure.describe(memory) + "); give the JVM "
          + "more heap, e.g. FLYWHEEL_POLICY_JAVA_OPTS=-Xmx4g");
      err.flush();
      return INTERNAL;
    }
    if (ex instanceof RegisterOptions.Refused refused) {
      err.println("flywheel-policy: " + refused.getMessage());
      err.flush();
      return WANTING;
    }
    if (ex instanceof IoFailure io) {
      err.println("flywheel-policy: " + io.getMessage());
      err.flush();
      return IO_ERROR;
    }
    if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
      Throwable io = ex instanceof java.io.UncheckedIOException u ? u.getCause() : ex;
      err.println("flywheel-policy: I/O error: " + IoFailure.describe(io));
      err.flush();
      return IO_ERROR;
    }
    err.println("flywheel-policy: internal error: " + ex);
    err.flush();
    return INTERNAL;
  }

  /**
   * Reports the version and the git commit the command line was built from, as the build wrote them into
   * {@code build.properties} beside this class: {@code flywheel-policy 0.2.0 (commit 1a2b3c4)}. A value the build
   * could not fill in (no git checkout, resource missing) reads {@code unknown}, never a placeholder.
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

    static String valueOrUnknown(Properties build, String key) {
      String value = build.getProperty(key, "").strip();
      // A "${...}" left by resource filtering means the build had no value for it.
      return value.isEmpty() || value.contains("${") ? "unknown" : value;
    }
  }
}
