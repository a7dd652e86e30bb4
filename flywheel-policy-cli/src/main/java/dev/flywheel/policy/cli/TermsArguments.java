package dev.flywheel.policy.cli;

import dev.flywheel.policy.terms.TermsLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Terms given on the command line: each argument is one statement; {@code -} reads one statement from stdin. */
final class TermsArguments {
  private TermsArguments() {}

  /**
   * Bytes read from stdin at most: four per code point of the parser's length limit, and one more. Any UTF-8 text
   * longer than this has more code points than the limit, so the parser still reports {@code input-too-long}, and
   * memory stays bounded whatever is piped in.
   */
  static final int MAX_STDIN_BYTES = 4 * TermsLimits.DEFAULTS.maxLength() + 1;

  /** A statement and the name diagnostics use for it. */
  record Source(String name, String terms) {}

  static List<Source> resolve(List<String> arguments, InputStream stdin) throws IOException {
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      String name = arguments.size() == 1 ? "<input>" : "<input-" + (i + 1) + ">";
      String argument = arguments.get(i);
      if (argument.equals("-")) {
        String text = new String(stdin.readNBytes(MAX_STDIN_BYTES), StandardCharsets.UTF_8);
        // A trailing newline from `echo` is not part of the terms' meaning, but keep interior layout.
        sources.add(new Source("<stdin>", text.endsWith("\n") ? text.substring(0, text.length() - 1) : text));
      } else {
        sources.add(new Source(name, argument));
      }
    }
    return sources;
  }
}
