package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.grammar.TermsPrinter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Contract properties of the record validator and the JSON Lines reader over generated hostile input. */
class RecordValidatorProperties {
  private static final RecordValidator VALIDATOR = RecordValidator.withDefaults();
  private static final String BASE = TestRecords.with(r -> r.putArray("statements").addObject()
      .put("by", "contributor").put("effective", "2027-01-01T00:00:00Z").put("terms", "no-train"));

  @Property(tries = 1000)
  void validate_arbitraryBytes_neverThrowsAndKeepsTheResultInvariant(@ForAll @Size(max = 300) byte[] bytes) {
    RecordResult result = VALIDATOR.validate(bytes);
    assertInvariant(result);
  }

  @Property(tries = 2000)
  void validate_oneEditToAValidRecord_neverThrowsAndValidMeansUsable(
      @ForAll("edits") Edit edit) {
    String text = edit.apply(BASE);
    RecordResult result = VALIDATOR.validate(text);
    assertInvariant(result);
    result.record().ifPresent(record -> {
      // What validates can be used: its terms are canonical (printing the parse gives them back) and it maps.
      assertEquals(record.preference(),
          TermsPrinter.print(TermsParser.withDefaults().parse(record.preference()).policy().orElseThrow()));
      record.toItemTerms();
    });
  }

  @Property(tries = 300)
  void validateAll_anyLines_everyLineAccountedForInOrder(
      @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 5) Integer> kinds,
      @ForAll boolean finalNewline) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int kind : kinds) {
      lines.add(switch (kind) {
        case 0 -> TestRecords.baseText();
        case 1 -> "";
        case 2 -> "{\"a\":1,\"a\":2}";
        case 3 -> " \t\r";
        case 4 -> "[[[[";
        default -> TestRecords.baseText() + "\r";
      });
    }
    String text = String.join("\n", lines) + (finalNewline && !lines.isEmpty() ? "\n" : "");
    // A file whose last line is empty and unterminated is indistinguishable from one ending in a newline.
    int expected = lines.size();
    if (!finalNewline && !lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      expected--;
    }
    List<Long> numbers = new ArrayList<>();
    RecordSummary summary = JsonLinesReader.validateAll(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), VALIDATOR, r -> numbers.add(r.lineNumber()));
    assertEquals(expected, summary.lines());
    for (int i = 0; i < numbers.size(); i++) {
      assertEquals(i + 1, numbers.get(i));
    }
    long valid = kinds.subList(0, expected).stream().filter(k -> k == 0 || k == 5).count();
    assertEquals(valid, summary.valid());
  }

  private static void assertInvariant(RecordResult result) {
    boolean hasError = result.diagnostics().stream().anyMatch(Diagnostic::isError);
    assertEquals(!hasError, result.isValid());
    for (Diagnostic d : result.diagnostics()) {
      assertTrue(d.pointer() != null, "every record diagnostic has a pointer: " + d);
    }
  }

  /** Insert, delete or replace one char of a text. */
  record Edit(int kind, double where, char c) {
    String apply(String text) {
      int at = (int) (where * text.length());
      return switch (kind) {
        case 0 -> text.substring(0, at) + c + text.substring(at);
        case 1 -> at < text.length() ? text.substring(0, at) + text.substring(at + 1) : text;
        default -> at < text.length() ? text.substring(0, at) + c + text.substring(at + 1) : text + c;
      };
    }
  }

  @Provide
  Arbitrary<Edit> edits() {
    Arbitrary<Character> chars = Arbitraries.oneOf(
        Arbitraries.of('"', '{', '}', '[', ']', ',', ':', '\\', ' ', '\n', '1', 'e', '-', '/', '\'', ';'),
        Arbitraries.chars().range('\u0000', '\u024f'),
        Arbitraries.of('\u200b', '\u202e', '\u0435', '\ufeff', '\ud800'));
    return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 2),
        Arbitraries.doubles().between(0, 1), chars).as(Edit::new);
  }
}
