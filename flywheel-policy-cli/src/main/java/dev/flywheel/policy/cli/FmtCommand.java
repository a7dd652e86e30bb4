package dev.flywheel.policy.cli;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.grammar.FormattedTerms;
import dev.flywheel.policy.grammar.TermsFormatter;
import dev.flywheel.policy.grammar.TermsParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fmt}: prints terms in canonical form, comments kept (docs/LANGUAGE.md, section 6); {@code --check} reports
 * what is not canonical as a unified diff, {@code --write} rewrites terms files in place, atomically.
 */
@Command(
    name = "fmt",
    mixinStandardHelpOptions = true,
    description = {
        "Print terms in canonical form, comments kept.",
        "With --check, print a unified diff for each input that is not canonical and exit 1;",
        "with --write, rewrite each --file that is not canonical (atomically: a temporary file renamed over it).",
        "Invalid terms are reported on stderr; exit 1 when any is invalid, 2 on a usage error."},
    footer = {"", "Example:", "  flywheel-policy fmt --check --file yoruba-embargo.terms"})
final class FmtCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "TERMS", arity = "0..*", description = "terms to format (the text); '-' reads them from stdin")
  List<String> terms = new ArrayList<>();

  @Option(names = "--file", paramLabel = "FILE", arity = "1..*",
      description = "terms files to format ('-' for stdin): --file a.terms b.terms, or --file repeated")
  List<Path> files = new ArrayList<>();

  @ArgGroup(exclusive = true)
  Mode mode;

  /** --check or --write. */
  static final class Mode {
    @Option(names = "--check", description = "print nothing for canonical input; a unified diff and exit 1 otherwise")
    boolean check;

    @Option(names = "--write", description = "rewrite each --file that is not canonical in place")
    boolean write;
  }

  @Override
  public Integer call() throws Exception {
    if (terms.isEmpty() && files.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give TERMS or --file FILE");
    }
    boolean write = mode != null && mode.write;
    boolean check = mode != null && mode.check;
    if (write && (!terms.isEmpty() || files.stream().anyMatch(f -> f.toString().equals("-")))) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--write rewrites files: give each with --file FILE (not TERMS, not stdin)");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TermsParser parser = TermsParser.withDefaults();
    boolean wanting = false;
    for (TermsArguments.Source source : TermsArguments.resolve(spec, terms, files, System.in)) {
      FormattedTerms formatted = TermsFormatter.format(parser, source.terms());
      if (formatted.formatted().isEmpty()) {
        wanting = true;
        for (Diagnostic d : formatted.parse().diagnostics()) {
          err.println(TerminalNames.render(source.name(), source.terms(), d));
        }
        String hint = TermsArguments.fileHint(source);
        if (hint != null) {
          err.println(TerminalNames.field(source.name()) + ": hint: " + hint);
        }
        continue;
      }
      // A file's canonical content ends with one line break; a TERMS argument is compared as given.
      String canonical = formatted.text() + (source.isFile() ? "\n" : "");
      boolean same = canonical.equals(source.terms());
      if (check) {
        if (!same) {
          wanting = true;
          out.print(diff(source.name(), source.terms(), canonical));
        }
      } else if (write) {
        if (!same) {
          rewrite(source.file(), canonical);
          out.println("reformatted " + TerminalNames.path(source.file()));
        }
      } else {
        out.println(formatted.text());
      }
    }
    return wanting ? Main.WANTING : Main.OK;
  }

  /** A unified diff from the text as written to its canonical form, with three lines of context. */
  static String diff(String name, String written, String canonical) {
    List<String> before = written.lines().toList();
    List<String> after = canonical.lines().toList();
    Patch<String> patch = DiffUtils.diff(before, after);
    StringBuilder sb = new StringBuilder();
    if (patch.getDeltas().isEmpty()) {
      // Only line breaks differ (CRLF, a missing or extra final line break): no line changes to show.
      return "--- " + name + "\n+++ " + name + " (canonical)\n"
          + "@@ line breaks differ: the canonical form uses '\\n' and ends with one @@\n";
    }
    for (String line : UnifiedDiffUtils.generateUnifiedDiff(name, name + " (canonical)", before, patch, 3)) {
      sb.append(line).append('\n');
    }
    return sb.toString();
  }

  /**
   * Replaces {@code file} with {@code text}: written to a temporary file beside it, then renamed over it, so that the
   * file is at every moment either the old text or the new one. The file's permissions are kept.
   */
  private void rewrite(Path file, String text) {
    Path absolute = file.toAbsolutePath();
    Path temporary = absolute.resolveSibling(
        "." + absolute.getFileName() + ".tmp-" + HexFormat.of().formatHex(randomBytes()));
    try {
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(absolute));
      } catch (UnsupportedOperationException | IOException notPosix) {
        // The new file keeps the folder's default permissions.
      }
      try {
        Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // The temporary file is named as one; nothing else can be done about it.
      }
      throw new IoFailure("cannot write --file " + TerminalNames.path(file) + ": " + IoFailure.describe(e), e);
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[6];
    Random.SOURCE.nextBytes(bytes);
    return bytes;
  }

  /**
   * The source of temporary file names, in a holder of its own: seeding a SecureRandom reads the OS's entropy and
   * loads the security providers, which only {@code --write} needs, not every start of the command line.
   */
  private static final class Random {
    static final SecureRandom SOURCE = new SecureRandom();
  }
}
