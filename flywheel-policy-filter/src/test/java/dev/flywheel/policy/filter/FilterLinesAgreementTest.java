package dev.flywheel.policy.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.records.JsonLinesReader;
import dev.flywheel.policy.records.LineResult;
import dev.flywheel.policy.records.RecordLimits;
import dev.flywheel.policy.records.RecordValidator;
import dev.flywheel.policy.terms.TermsLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The filter reads lines through JsonLineSplitter on its own; it must agree with JsonLinesReader on every line. */
class FilterLinesAgreementTest {

  private static final PolicyEngine ENGINE = PolicyEngine.builder().build();

  static byte[] input(String name) throws IOException {
    switch (name) {
      case "mixed.jsonl":
        return Files.readAllBytes(Path.of("../examples/records/mixed.jsonl"));
      case "no-final-newline":
        return "{\"a\":1}\n\n   \r\n{".getBytes(StandardCharsets.UTF_8);
      case "empty":
        return new byte[0];
      case "only-newline":
        return "\n".getBytes(StandardCharsets.UTF_8);
      default: // a line over the small limit below, between two short ones
        return ("{}\n" + "x".repeat(500) + "\n{}").getBytes(StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mixed.jsonl", "no-final-newline", "empty", "only-newline", "long-line"})
  void filter_everyLine_sameNumbersAndDiagnosticsAsJsonLinesReader(String name) throws IOException {
    byte[] bytes = input(name);
    RecordValidator validator = RecordValidator.create(RecordLimits.DEFAULTS.withMaxRecordBytes(
        name.equals("long-line") ? 100 : RecordLimits.DEFAULT_MAX_RECORD_BYTES), TermsLimits.DEFAULTS);
    List<String> expected = new ArrayList<>();
    try (JsonLinesReader reader = JsonLinesReader.open(new ByteArrayInputStream(bytes), validator)) {
      for (LineResult r = reader.next(); r != null; r = reader.next()) {
        expected.add(r.lineNumber() + " " + r.isValid() + " " + codes(r.diagnostics()));
      }
    }
    List<String> actual = new ArrayList<>();
    RecordFilter filter = RecordFilter.builder(ENGINE).validator(validator)
        .request(Request.of(Purpose.TRAIN)).build();
    filter.filter(new ByteArrayInputStream(bytes), l -> actual.add(l.lineNumber() + " " + l.validation().isValid()
        + " " + codes(l.diagnostics())));
    assertEquals(expected, actual);
  }

  private static List<String> codes(List<Diagnostic> diagnostics) {
    return diagnostics.stream().map(d -> d.code().id() + "@" + d.pointer() + ":" + d.message()).toList();
  }
}
