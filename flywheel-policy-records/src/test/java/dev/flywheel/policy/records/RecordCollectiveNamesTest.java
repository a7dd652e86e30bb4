package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Collective names in records follow the same rules as names in terms ({@code NameRules}), on both readings: the
 * streaming pass reads such a record, and the shared checks after it reject it exactly as the general reading does.
 */
class RecordCollectiveNamesTest {
  private static final RecordValidator VALIDATOR = RecordValidator.withDefaults();

  /** The base record with {@code name} as its only collective and as the collective of one statement. */
  private static byte[] recordNaming(String name) {
    ObjectNode record = TestRecords.base();
    ((ArrayNode) record.get("collectives")).removeAll().add(name);
    ObjectNode statement = record.putArray("statements").addObject();
    statement.put("by", "collective").put("collective", name).put("terms", "eval-only");
    return record.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Validates on both readings, checks they agree, and returns the result. */
  private static RecordResult validateBothWays(byte[] text) {
    RecordResult result = VALIDATOR.validate(text, text.length);
    RecordResult general = VALIDATOR.validateThoroughly(text, text.length);
    assertEquals(general.diagnostics(), result.diagnostics());
    assertEquals(general.record(), result.record());
    return result;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "m\u0430sakhane|invalid-name", // Cyrillic a
      "masakhan\u0585|invalid-name", // Armenian oh
      "\u0441\u043E\u0441|invalid-name"}) // wholly Cyrillic, reads as ASCII
  void review10_recordCollectiveMixedScript_rejected(String name, String code) {
    byte[] text = recordNaming(name);
    assertNotNull(new StreamingRecordReader(new RecordJson(RecordLimits.DEFAULTS)).read(text, text.length),
        "the streaming pass reads the record; the shared checks must reject it");
    RecordResult result = validateBothWays(text);
    assertFalse(result.isValid());
    assertEquals(2, result.diagnostics().size(), result.diagnostics()::toString);
    Diagnostic inList = result.diagnostics().get(0);
    Diagnostic inStatement = result.diagnostics().get(1);
    assertEquals(code, inList.code().id());
    assertEquals("/collectives/0", inList.pointer());
    assertEquals(code, inStatement.code().id());
    assertEquals("/statements/0/collective", inStatement.pointer());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\uFF4Dasakhane|confusable-character", "\uD835\uDDC6asakhane|confusable-character",
      "ma\u200Bsakhane|invisible-character", "masakhane\u202E|bidi-control", "ma\u2066sakhane|bidi-control",
      "\u00A0masakhane|invalid-name", "masakhane\u2007|invalid-name", "Te\u202FHiku|invalid-name",
      "Te  Hiku|invalid-name", "'masakhane '|invalid-name", "e\u0301cole|invalid-name", "\u0251pple|invalid-name"})
  void review10_recordCollectiveSpoofedOrHidden_rejected(String name, String code) {
    RecordResult result = validateBothWays(recordNaming(name));
    assertFalse(result.isValid());
    assertTrue(result.diagnostics().stream()
            .anyMatch(d -> d.code().id().equals(code) && "/collectives/0".equals(d.pointer())),
        result.diagnostics()::toString);
    assertTrue(result.diagnostics().stream()
            .anyMatch(d -> d.code().id().equals(code) && "/statements/0/collective".equals(d.pointer())),
        result.diagnostics()::toString);
  }

  @ParameterizedTest
  @ValueSource(strings = {"masakhane", "Te Hiku Media",
      "\u1EB8gb\u1EB9\u0301 On\u00EDm\u1ECD\u0300 Yor\u00F9b\u00E1", "Te Reo M\u0101ori",
      "\u0939\u093F\u0928\u094D\u0926\u0940 \u0938\u092E\u0942\u0939", "\u07D2\u07DE\u07CF"})
  void review10_recordLegitimateCollectiveNames_valid(String name) {
    RecordResult result = validateBothWays(recordNaming(name));
    assertTrue(result.isValid(), result.diagnostics()::toString);
    assertEquals(name, result.record().orElseThrow().collectives().get(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0001b", "x"})
  void validate_nameTheSchemaRejects_oneDiagnosticOnly(String prefix) {
    // A control character or an over-long name is the schema's to report; the name rules add nothing to it.
    String name = prefix.equals("x") ? "x".repeat(129) : prefix;
    RecordResult result = validateBothWays(recordNaming(name));
    assertFalse(result.isValid());
    long atName = result.diagnostics().stream().filter(d -> "/collectives/0".equals(d.pointer())).count();
    assertEquals(1, atName, result.diagnostics()::toString);
    assertTrue(result.diagnostics().stream().noneMatch(d -> d.code() == DiagnosticCode.NAME_TOO_LONG
        || d.code() == DiagnosticCode.CONTROL_CHARACTER), result.diagnostics()::toString);
  }
}
