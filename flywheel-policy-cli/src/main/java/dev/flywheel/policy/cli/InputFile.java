package dev.flywheel.policy.cli;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * An input file named on the command line, checked before anything else is done: {@code -} is stdin; a missing file,
 * a folder or an unreadable file is a usage error. Files are opened with {@link FileInputStream}, which reads pipes,
 * FIFOs and {@code /dev/stdin} as well as regular files (a {@code Files.newInputStream} channel asks pipes for their
 * position and fails with "Illegal seek").
 */
final class InputFile {
  private final Path path;
  private final String option;

  private InputFile(Path path, String option) {
    this.path = path;
    this.option = option;
  }

  /**
   * Checks {@code path} given with {@code option}.
   *
   * @throws CommandLine.ParameterException if it does not exist, is a folder or cannot be read
   */
  static InputFile check(CommandLine.Model.CommandSpec spec, Path path, String option) {
    InputFile input = new InputFile(path, option);
    if (input.isStdin()) {
      return input;
    }
    String problem = null;
    if (!Files.exists(path)) {
      problem = "no such file";
    } else if (Files.isDirectory(path)) {
      problem = "is a folder, not a file";
    } else if (!Files.isReadable(path)) {
      problem = "not readable";
    }
    if (problem != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "cannot read " + option + " " + TerminalNames.path(path) + ": " + problem);
    }
    return input;
  }

  /** Whether this input is stdin ({@code -}). */
  boolean isStdin() {
    return path.toString().equals("-");
  }

  /** The path as given. */
  Path path() {
    return path;
  }

  /** The size of a regular file, or -1 for stdin, pipes and devices. */
  long sizeIfRegular() {
    try {
      return !isStdin() && Files.isRegularFile(path) ? Files.size(path) : -1;
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  /**
   * Opens the input. Closing the stream of stdin leaves stdin open.
   *
   * @throws CommandLine.ParameterException if the file cannot be opened after all (it went away, permissions)
   */
  InputStream open(CommandLine.Model.CommandSpec spec) {
    if (isStdin()) {
      return new FilterInputStream(System.in) {
        @Override
        public void close() {
          // stdin belongs to the process, not to this command.
        }
      };
    }
    try {
      // Behind a plain FilterInputStream: FileInputStream's own readAllBytes and readNBytes ask for the file's size
      // and position, which pipes do not have; the generic ones only read.
      return new FilterInputStream(new FileInputStream(path.toFile())) {};
    } catch (FileNotFoundException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "cannot read " + option + " " + TerminalNames.path(path) + ": " + IoFailure.describe(e));
    }
  }
}
