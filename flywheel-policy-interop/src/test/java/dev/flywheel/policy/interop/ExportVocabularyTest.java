package dev.flywheel.policy.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.grammar.TermsParser;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The purposes an export cannot carry are read from {@link Purpose#values()}: whatever the terms say about any
 * purpose of the language reaches the exported value or is reported, so a purpose added to the enum can never vanish
 * from an export without a word.
 */
class ExportVocabularyTest {

  @ParameterizedTest
  @EnumSource(ExportFormat.class)
  void uncarried_today_isEvalForContentSignalAndEvalInputForAipref(ExportFormat format) {
    List<Purpose> expected = format == ExportFormat.AIPREF
        ? List.of(Purpose.EVAL, Purpose.INPUT) : List.of(Purpose.EVAL);
    assertEquals(expected, Exporter.uncarried(format));
  }

  @ParameterizedTest
  @EnumSource(ExportFormat.class)
  void export_denyOfEveryLeafPurpose_isExportedOrReported(ExportFormat format) {
    List<Purpose> leaves = Arrays.stream(Purpose.values())
        .filter(p -> Arrays.stream(Purpose.values()).noneMatch(c -> c.parent() == p)).toList();
    for (Purpose purpose : leaves) {
      ExportResult r = Interop.exportTo(format,
          TermsParser.withDefaults().parse("deny " + purpose.word()).policy().orElseThrow());
      boolean reported = r.report().stream().anyMatch(d -> d.code() == DiagnosticCode.NO_EQUIVALENT
          && d.message().contains("'" + purpose.word() + "'"));
      assertTrue(!r.value().isEmpty() || reported,
          () -> format + ": 'deny " + purpose.word() + "' was neither exported nor reported: " + r.report());
    }
  }
}
