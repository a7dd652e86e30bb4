package dev.flywheel.policy.cli;

import dev.flywheel.policy.records.StrictUtf8;
import dev.flywheel.policy.terms.TermsLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Terms given on the command line: each TERMS argument is one statement, its text ({@code -} reads one statement from
 * stdin); each {@code --file FILE} is one terms file ({@code -} for stdin). A TERMS argument is never read as a file,
 * whatever files exist: a name that looks like one gets a hint ({@link #fileHint}) instead.
 */
final class TermsArguments {
  private TermsArguments() {}

  /**
   * Bytes read from stdin or a terms file at most: four per code point of the parser's length limit, and one more.
   * Any UTF-8 text longer than this has more code points than the limit, so the parser still reports
   * {@code input-too-long}, and memory stays bounded whatever is piped in.
   */
  static final int MAX_STDIN_BYTES = 4 * TermsLimits.DEFAULTS.maxLength() + 1;

  /**
   * A statement and the name diagnostics use for it.
   *
   * @param name the name in messages: {@code <input>}, {@code <stdin>} or the file's path
   * @param terms the text
   * @param file the terms file it was read from, or {@code null} for a TERMS argument ({@code -} for stdin)
   * @param argument the TERMS argument as given, or {@code null} for a file
   */
  record Source(String name, String terms, Path file, String argument) {
    /** Whether the text is a whole file (stdin read with {@code --file -} included), ending with a line break. */
    boolean isFile() {
      return file != null;
    }
  }

  /** TERMS arguments only (the commands that take no {@code --file}). */
  static List<Source> resolve(List<String> arguments, InputStream stdin) throws IOException {
    return resolve(null, arguments, List.of(), stdin);
  }

  /**
   * The statements of TERMS arguments, then of {@code --file} options.
   *
   * @throws CommandLine.ParameterException for a file that is missing, a folder, unreadable or not UTF-8
   */
  static List<Source> resolve(CommandLine.Model.CommandSpec spec, List<String> arguments, List<Path> files,
      InputStream stdin) throws IOException {
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      String name = arguments.size() == 1 ? "<input>" : "<input-" + (i + 1) + ">";
      String argument = arguments.get(i);
      if (argument.equals("-")) {
        String text = new String(stdin.readNBytes(MAX_STDIN_BYTES), StandardCharsets.UTF_8);
        // A trailing newline from `echo` is not part of the terms' meaning, but keep interior layout.
        sources.add(new Source("<stdin>", text.endsWith("\n") ? text.substring(0, text.length() - 1) : text, null,
            argument));
      } else {
        sources.add(new Source(name, argument, null, argument));
      }
    }
    for (Path file : files) {
      sources.add(readFile(spec, file));
    }
    return sources;
  }

  /**
   * Reads one terms file as strict UTF-8.
   *
   * @throws CommandLine.ParameterException for a file that is missing, a folder, unreadable or not UTF-8
   */
  static Source readFile(CommandLine.Model.CommandSpec spec, Path file) {
    InputFile input = InputFile.check(spec, file, "--file");
    byte[] bytes;
    try (InputStream in = input.open(spec)) {
      bytes = in.readNBytes(MAX_STDIN_BYTES);
    } catch (IOException e) {
      throw new IoFailure("cannot read --file " + TerminalNames.path(file) + ": " + IoFailure.describe(e), e);
    }
    String text;
    if (bytes.length == MAX_STDIN_BYTES) {
      // Cut at the limit, maybe inside a character: the parser reports it as too long in any case.
      text = new String(bytes, StandardCharsets.UTF_8);
    } else {
      text = StrictUtf8.decode(bytes).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
          "cannot read --file " + TerminalNames.path(file) + ": not UTF-8 text"));
    }
    String name = input.isStdin() ? "<stdin>" : file.toString();
    return new Source(name, text, file, null);
  }

  /**
   * A hint for a TERMS argument that looks like the name of a terms file ({@code ajo.terms}, or any existing file),
   * which is checked as terms: {@code did you mean --file ajo.terms?}; {@code null} otherwise.
   */
  static String fileHint(Source source) {
    String argument = source.argument();
    if (argument == null || argument.equals("-") || argument.isBlank() || argument.chars().anyMatch(c -> c <= ' ')) {
      return null;
    }
    boolean looksLikeFile = argument.endsWith(".terms") || argument.endsWith(".statement.json");
    if (!looksLikeFile) {
      try {
        looksLikeFile = Files.isRegularFile(Path.of(argument));
      } catch (InvalidPathException notAPath) {
        looksLikeFile = false;
      }
    }
    return looksLikeFile ? "did you mean --file " + TerminalNames.field(argument) + "?" : null;
  }
}
