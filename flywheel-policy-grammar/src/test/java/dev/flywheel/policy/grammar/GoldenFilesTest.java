package dev.flywheel.policy.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.terms.ParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files of parser output: each entry is a {@code >>> input} line (with {@code \\uXXXX} escapes for invisible
 * characters) followed by the expected output: {@code valid: <canonical form>} and any warnings, or the rendered
 * errors. Run with {@code -Dgolden.update=true} to rewrite the files from the current parser, then review the diff.
 */
class GoldenFilesTest {
  private static final Path DIR = Path.of("src", "test", "resources", "golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  @TestFactory
  Stream<DynamicTest> goldenFiles_matchParserOutput() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".golden")).sorted().toList()) {
        if (UPDATE) {
          write(file, read(file));
        }
        List<Entry> entries = read(file);
        for (Entry e : entries) {
          tests.add(DynamicTest.dynamicTest(file.getFileName() + " / " + e.input,
              () -> assertEquals(e.expected, output(unescape(e.input)))));
        }
      }
    }
    if (tests.isEmpty()) {
      throw new IllegalStateException("no golden files under " + DIR.toAbsolutePath());
    }
    return tests.stream();
  }

  private record Entry(String input, String expected) {}

  static String output(String terms) {
    ParseResult result = TermsParser.withDefaults().parse(terms);
    StringBuilder sb = new StringBuilder();
    result.policy().ifPresent(p -> sb.append("valid: ").append(TermsPrinter.print(p)).append('\n'));
    for (Diagnostic d : result.diagnostics()) {
      sb.append(DiagnosticRenderer.render("<input>", terms, d)).append('\n');
    }
    return sb.toString();
  }

  private static List<Entry> read(Path file) throws IOException {
    List<Entry> entries = new ArrayList<>();
    String input = null;
    StringBuilder expected = new StringBuilder();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.startsWith(">>> ")) {
        if (input != null) {
          entries.add(new Entry(input, expected.toString()));
        }
        input = line.substring(4);
        expected.setLength(0);
      } else if (input != null) {
        expected.append(line).append('\n');
      }
    }
    if (input != null) {
      entries.add(new Entry(input, expected.toString()));
    }
    return entries;
  }

  private static void write(Path file, List<Entry> entries) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Entry e : entries) {
      sb.append(">>> ").append(e.input).append('\n').append(output(unescape(e.input)));
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  /** Turns {@code \\uXXXX} into the character, so golden files stay readable and free of invisible text. */
  static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      if (s.startsWith("\\u", i) && i + 6 <= s.length()) {
        sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        sb.append(s.charAt(i));
      }
    }
    return sb.toString();
  }
}
