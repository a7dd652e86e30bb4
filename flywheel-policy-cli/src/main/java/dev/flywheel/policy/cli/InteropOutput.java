package dev.flywheel.policy.cli;

import dev.flywheel.policy.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/** What {@code import} and {@code export} share: reading FILE_OR_STRING and printing loss reports. */
final class InteropOutput {
  private InteropOutput() {}

  /** Output formats of {@code import} and {@code export}. */
  enum Format { text, json }

  /** Files larger than this many bytes are refused before reading (4 bytes per code point of the input limit). */
  static final long MAX_FILE_BYTES = 4L * dev.flywheel.policy.interop.Interop.MAX_INPUT_LENGTH;

  /** An input and the name reports use for it. */
  record Input(String name, String text) {}

  /**
   * The argument as input: the content of the readable regular file of that name if there is one, stdin for
   * {@code -}, else the argument itself.
   *
   * @throws IOException if the file or stdin cannot be read, or the file is larger than {@link #MAX_FILE_BYTES}
   */
  static Input resolve(String argument, InputStream stdin) throws IOException {
    if (argument.equals("-")) {
      return new Input("<stdin>", new String(stdin.readNBytes((int) MAX_FILE_BYTES + 1), StandardCharsets.UTF_8));
    }
    Path path = null;
    try {
      path = Path.of(argument);
    } catch (InvalidPathException e) {
      // Not a possible file name: the argument is the content.
    }
    if (path != null && !argument.isBlank() && Files.exists(path) && !Files.isDirectory(path)
        && Files.isReadable(path)) {
      // Read through FileInputStream, at most one byte past the limit: a pipe or /dev/stdin has no size to ask.
      byte[] bytes;
      try (InputStream in = new java.io.FilterInputStream(new java.io.FileInputStream(path.toFile())) {}) {
        bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
      }
      if (bytes.length > MAX_FILE_BYTES) {
        throw new IOException("larger than " + MAX_FILE_BYTES + " bytes");
      }
      return new Input(argument, new String(bytes, StandardCharsets.UTF_8));
    }
    return new Input("<input>", argument);
  }

  static String render(Input input, List<Diagnostic> report) {
    StringBuilder sb = new StringBuilder();
    for (Diagnostic d : report) {
      sb.append(TerminalNames.render(input.name(), input.text(), d)).append('\n');
    }
    return sb.toString();
  }

  /** The report in the project's one JSON form of diagnostics ({@code pointer} set for JSON inputs). */
}
