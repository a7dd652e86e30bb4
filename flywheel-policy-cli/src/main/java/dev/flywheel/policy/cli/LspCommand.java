package dev.flywheel.policy.cli;

import dev.flywheel.policy.lsp.LspOptions;
import dev.flywheel.policy.lsp.TermsLanguageServer;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lsp}: the language server for terms files, speaking the Language Server Protocol over standard input and
 * output. Standard output carries protocol messages only: anything else the JVM or a library would print there is sent
 * to standard error, where logs go.
 */
@Command(
    name = "lsp",
    mixinStandardHelpOptions = true,
    description = {
        "Run the language server for .terms files (LSP over stdin and stdout).",
        "Editors start it; it offers diagnostics, formatting, completion and hover. Logs go to stderr.",
        "Exit 0 after the client's shutdown and exit, 1 when the client went away without shutdown."},
    footer = {"", "Example:", "  flywheel-policy lsp --collective masakhane --collective \"Te Hiku Media\""})
final class LspCommand implements Callable<Integer> {

  @Option(names = "--collective", paramLabel = "NAME",
      description = "a collective name that completion offers after 'pay collective' (repeatable)")
  List<String> collectives = new ArrayList<>();

  @Option(names = "--debounce-ms", paramLabel = "MS", defaultValue = "200",
      description = "wait this long after a change before validating (0 to 60000, default ${DEFAULT-VALUE})")
  long debounceMillis;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (debounceMillis < 0 || debounceMillis > 60_000) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--debounce-ms must be between 0 and 60000, got " + debounceMillis);
    }
    LspOptions options = new LspOptions(
        collectives, Duration.ofMillis(debounceMillis), java.time.Clock.systemUTC(),
        LspOptions.DEFAULT_MAX_DOCUMENT_CHARS);
    InputStream in = new FileInputStream(FileDescriptor.in);
    OutputStream out = new FileOutputStream(FileDescriptor.out);
    PrintStream stdout = System.out;
    // Protocol messages are the only bytes on stdout; a stray print anywhere in the JVM goes to stderr instead.
    System.setOut(System.err);
    try {
      return TermsLanguageServer.serve(in, out, options);
    } finally {
      System.setOut(stdout);
    }
  }
}
