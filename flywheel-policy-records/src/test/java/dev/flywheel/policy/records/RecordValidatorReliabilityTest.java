package dev.flywheel.policy.records;

import static dev.flywheel.policy.records.TestRecords.codes;
import static dev.flywheel.policy.records.TestRecords.only;
import static dev.flywheel.policy.records.TestRecords.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.terms.TermsLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RELIABILITY.md items 12-17 and 19: hostile JSON records. */
class RecordValidatorReliabilityTest {
  /** Generous bound, only so that a hang fails the build instead of stalling it; never a performance claim. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(60);

  private final RecordValidator validator = RecordValidator.withDefaults();

  private static RecordValidator with(RecordLimits limits) {
    return RecordValidator.create(limits, TermsLimits.DEFAULTS);
  }

  /** The base record with its extensions nested so that the deepest container is at {@code depth}. */
  private static String nestedTo(int depth) {
    // The record object is depth 1 and "extensions" depth 2; each further object adds one.
    StringBuilder open = new StringBuilder("{");
    StringBuilder close = new StringBuilder("}");
    for (int d = 3; d <= depth; d++) {
      open.append("\"n\":{");
      close.append("}");
    }
    String base = TestRecords.baseText();
    return base.substring(0, base.length() - 1) + ",\"extensions\":" + open + close + "}";
  }

  // ---- 12. Deep nesting, huge strings, huge keys, huge documents ----

  @Test
  void validate_nestingAtLimit_acceptedAndOnePastIsNestingTooDeep() {
    int limit = RecordLimits.DEFAULT_MAX_NESTING_DEPTH;
    assertTrue(validator.validate(nestedTo(limit)).isValid());
    Diagnostic d = only(validator.validate(nestedTo(limit + 1)));
    assertEquals(DiagnosticCode.NESTING_TOO_DEEP, d.code());
    assertTrue(d.message().contains(String.valueOf(limit)), d.message());
  }

  @Test
  void validate_nestingAtHardMaximumLimit_validatesWithoutStackOverflow() {
    RecordValidator deepest = with(RecordLimits.DEFAULTS.withMaxNestingDepth(RecordLimits.HARD_MAX_NESTING_DEPTH));
    RecordResult atMax = deepest.validate(nestedTo(RecordLimits.HARD_MAX_NESTING_DEPTH));
    assertTrue(atMax.isValid(), atMax.diagnostics().toString());
    assertEquals(List.of(DiagnosticCode.NESTING_TOO_DEEP),
        codes(deepest.validate(nestedTo(RecordLimits.HARD_MAX_NESTING_DEPTH + 1))));
  }

  @Test
  void validate_hundredThousandOpenBrackets_nestingTooDeepWithoutStackOverflow() {
    String deep = "[".repeat(100_000);
    assertEquals(List.of(DiagnosticCode.NESTING_TOO_DEEP), codes(validator.validate(deep)));
    String deepObjects = "{\"a\":".repeat(100_000);
    assertEquals(List.of(DiagnosticCode.NESTING_TOO_DEEP), codes(validator.validate(deepObjects)));
  }

  @Test
  void validate_deepNestingOnSmallStack_nestingTooDeep() throws Exception {
    List<DiagnosticCode> seen = new ArrayList<>();
    Thread t = new Thread(null, () -> seen.addAll(codes(validator.validate("[".repeat(50_000)))), "small", 64 * 1024);
    t.start();
    t.join();
    assertEquals(List.of(DiagnosticCode.NESTING_TOO_DEEP), seen);
  }

  @Test
  void validate_stringAtLimit_acceptedAndOnePastIsStringTooLong() {
    RecordValidator v = with(RecordLimits.DEFAULTS.withMaxStringLength(1000));
    assertTrue(v.validate(TestRecords.with(r -> r.put("content", "x".repeat(1000)))).isValid());
    // The only diagnostic: reading stopped at the limit, so no schema or terms check saw a tree.
    assertEquals(List.of(DiagnosticCode.STRING_TOO_LONG),
        codes(v.validate(TestRecords.with(r -> r.put("content", "x".repeat(1001))))));
  }

  @Test
  void validate_hugeStringUnderDefaults_stringTooLongBeforeAnyTree() {
    int past = RecordLimits.DEFAULT_MAX_STRING_LENGTH + 1;
    RecordResult result = validator.validate(TestRecords.with(r -> r.put("content", "y".repeat(past))));
    assertEquals(List.of(DiagnosticCode.STRING_TOO_LONG), codes(result));
    // A string key or value inside an unknown field is read (and limited) the same way.
    RecordResult inExtensions = validator.validate(TestRecords.with(r ->
        r.putObject("extensions").put("k", "y".repeat(past))));
    assertEquals(List.of(DiagnosticCode.STRING_TOO_LONG), codes(inExtensions));
  }

  @Test
  void validate_keyAtLimit_acceptedAndOnePastIsKeyTooLong() {
    int limit = RecordLimits.DEFAULT_MAX_KEY_LENGTH;
    assertTrue(validator.validate(TestRecords.with(r -> r.putObject("extensions").put("k".repeat(limit), 1)))
        .isValid());
    assertEquals(List.of(DiagnosticCode.KEY_TOO_LONG), codes(validator.validate(
        TestRecords.with(r -> r.putObject("extensions").put("k".repeat(limit + 1), 1)))));
    // A huge key where a field name is expected: the same limit, before the schema sees it.
    assertEquals(List.of(DiagnosticCode.KEY_TOO_LONG), codes(validator.validate(
        TestRecords.with(r -> r.put("k".repeat(100_000), 1)))));
  }

  @Test
  void validate_documentAtByteLimit_acceptedAndOnePastIsRecordTooLong() {
    String text = TestRecords.baseText();
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    assertTrue(with(RecordLimits.DEFAULTS.withMaxRecordBytes(bytes)).validate(text).isValid());
    RecordValidator tight = with(RecordLimits.DEFAULTS.withMaxRecordBytes(bytes - 1));
    assertEquals(List.of(DiagnosticCode.RECORD_TOO_LONG), codes(tight.validate(text)));
    assertEquals(List.of(DiagnosticCode.RECORD_TOO_LONG),
        codes(tight.validate(text.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void validate_byteLimit_countsUtf8BytesNotChars() {
    String text = TestRecords.with(r -> r.put("content", "é".repeat(100)));
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    assertTrue(bytes == text.length() + 100, "each é is two bytes");
    assertTrue(with(RecordLimits.DEFAULTS.withMaxRecordBytes(bytes)).validate(text).isValid());
    assertEquals(List.of(DiagnosticCode.RECORD_TOO_LONG),
        codes(with(RecordLimits.DEFAULTS.withMaxRecordBytes(text.length())).validate(text)));
  }

  @Test
  void validate_hugeDocument_recordTooLongBeforeParsing() {
    byte[] huge = new byte[RecordLimits.DEFAULT_MAX_RECORD_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) '[');
    Diagnostic d = only(validator.validate(huge));
    assertEquals(DiagnosticCode.RECORD_TOO_LONG, d.code());
    assertTrue(d.message().contains(String.valueOf(huge.length)), d.message());
  }

  @Test
  void validate_numberAtLimit_acceptedAndOnePastIsNumberTooLong() {
    int limit = RecordLimits.DEFAULT_MAX_NUMBER_LENGTH;
    String base = TestRecords.baseText();
    String at = base.substring(0, base.length() - 1) + ",\"extensions\":{\"n\":" + "9".repeat(limit) + "}}";
    String past = base.substring(0, base.length() - 1) + ",\"extensions\":{\"n\":" + "9".repeat(limit + 1) + "}}";
    assertTrue(validator.validate(at).isValid(), () -> validator.validate(at).diagnostics().toString());
    assertEquals(List.of(DiagnosticCode.NUMBER_TOO_LONG), codes(validator.validate(past)));
    String longFraction = base.substring(0, base.length() - 1) + ",\"extensions\":{\"n\":0." + "1".repeat(limit) + "}}";
    assertEquals(List.of(DiagnosticCode.NUMBER_TOO_LONG), codes(validator.validate(longFraction)));
  }

  @Test
  void validate_tokensAtLimit_acceptedAndOnePastIsTooManyTokens() {
    String text = TestRecords.baseText();
    int tokens = countTokens(text);
    assertTrue(with(RecordLimits.DEFAULTS.withMaxTokens(tokens)).validate(text).isValid());
    assertEquals(List.of(DiagnosticCode.TOO_MANY_TOKENS),
        codes(with(RecordLimits.DEFAULTS.withMaxTokens(tokens - 1)).validate(text)));
  }

  @Test
  void validate_hugeFlatArrayUnderDefaults_tooManyTokens() {
    String base = TestRecords.baseText();
    String text = base.substring(0, base.length() - 1) + ",\"extensions\":{\"a\":["
        + "0,".repeat(RecordLimits.DEFAULT_MAX_TOKENS) + "0]}}";
    assertEquals(List.of(DiagnosticCode.TOO_MANY_TOKENS), codes(validator.validate(text)));
  }

  private static int countTokens(String text) {
    try (JsonParser p = new JsonFactory().createParser(text)) {
      int n = 0;
      while (p.nextToken() != null) {
        n++;
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- 13. Huge or non-finite numbers where integers or dates are expected ----

  @Test
  void validate_schemaVersionHugeOrNonFinite_isAnError() {
    Map<String, DiagnosticCode> cases = Map.of(
        "1e400", DiagnosticCode.INVALID_VALUE,
        "-1e400", DiagnosticCode.INVALID_VALUE,
        "1" + "0".repeat(60), DiagnosticCode.UNSUPPORTED_SCHEMA_VERSION,
        "1.5", DiagnosticCode.WRONG_TYPE,
        "NaN", DiagnosticCode.INVALID_JSON,
        "Infinity", DiagnosticCode.INVALID_JSON,
        "-Infinity", DiagnosticCode.INVALID_JSON,
        "\"1\"", DiagnosticCode.WRONG_TYPE,
        "9223372036854775808", DiagnosticCode.UNSUPPORTED_SCHEMA_VERSION);
    String base = TestRecords.baseText();
    for (var c : cases.entrySet()) {
      String text = base.replace("\"schemaVersion\":1", "\"schemaVersion\":" + c.getKey());
      RecordResult result = validator.validate(text);
      assertEquals(List.of(c.getValue()), codes(result), c.getKey() + " -> " + result.diagnostics());
    }
  }

  @Test
  void validate_schemaVersionOnePointZero_isUnsupportedOnlyTheLiteralOneIs() {
    String text = TestRecords.baseText().replace("\"schemaVersion\":1", "\"schemaVersion\":1.0");
    assertEquals(List.of(DiagnosticCode.UNSUPPORTED_SCHEMA_VERSION), codes(validator.validate(text)));
  }

  @Test
  void validate_numbersWhereDatesAreExpected_areWrongType() {
    for (String number : List.of("1772366400", "1.7e9", "1e400")) {
      String text = TestRecords.baseText().replace("\"released\":null", "\"released\":" + number);
      RecordResult result = validator.validate(text);
      assertFalse(result.isValid(), number);
      Diagnostic d = only(result);
      assertEquals("/released", d.pointer(), number);
      assertTrue(d.code() == DiagnosticCode.WRONG_TYPE || d.code() == DiagnosticCode.INVALID_VALUE, d.toString());
    }
  }

  @Test
  void validate_nonFiniteNumberInExtensions_isAnErrorNotInfinity() {
    String base = TestRecords.baseText();
    String text = base.substring(0, base.length() - 1) + ",\"extensions\":{\"score\":[1, 2e999]}}";
    Diagnostic d = only(validator.validate(text));
    assertEquals(DiagnosticCode.INVALID_VALUE, d.code());
    assertEquals("/extensions/score/1", d.pointer());
  }

  @Test
  void validate_nonFiniteNumberInJackson2Tree_isAnError() {
    ObjectNode root = TestRecords.base();
    root.putObject("extensions").put("x", Double.POSITIVE_INFINITY);
    assertEquals(List.of(DiagnosticCode.INVALID_VALUE), codes(validator.validate(root)));
  }

  // ---- 14. Duplicate keys ----

  @Test
  void validate_duplicateKeys_rejectsNeverLastWins() {
    String base = TestRecords.baseText().replace("\"preference\":\"train if attribution\"",
        "\"preference\":\"deny train\",\"preference\":\"allow train\"");
    Diagnostic d = only(validator.validate(base));
    assertEquals(DiagnosticCode.DUPLICATE_KEY, d.code());
    assertEquals("/preference", d.pointer());
    assertTrue(d.message().contains("'preference'"), d.message());
    assertNotNull(d.span(), "a reading error has a position in the record text");

    String swapped = TestRecords.baseText().replace("\"preference\":\"train if attribution\"",
        "\"preference\":\"allow train\",\"preference\":\"deny train\"");
    assertEquals(List.of(DiagnosticCode.DUPLICATE_KEY), codes(validator.validate(swapped)));
  }

  @Test
  void validate_duplicateKeysNestedAnywhere_rejected() {
    String nested = TestRecords.baseText().replace("\"method\":\"chat\"", "\"method\":\"chat\",\"method\":\"api\"");
    Diagnostic d = only(validator.validate(nested));
    assertEquals(DiagnosticCode.DUPLICATE_KEY, d.code());
    assertEquals("/provenance/method", d.pointer());
    String base = TestRecords.baseText();
    String inExtensions = base.substring(0, base.length() - 1) + ",\"extensions\":{\"a\":{\"b\":1,\"b\":1}}}";
    assertEquals(List.of(DiagnosticCode.DUPLICATE_KEY), codes(validator.validate(inExtensions)));
  }

  // ---- 15. Trailing garbage, comments, single quotes ----

  @Test
  void validate_trailingGarbage_rejected() {
    String base = TestRecords.baseText();
    for (String tail : List.of(" x", "}", "]", " 1", " {}", " " + base, ",")) {
      RecordResult result = validator.validate(base + tail);
      assertEquals(List.of(DiagnosticCode.TRAILING_CONTENT), codes(result), "tail " + tail);
    }
    assertTrue(validator.validate(base + " \r\n\t ").isValid(), "trailing whitespace is fine");
  }

  @Test
  void validate_comments_rejected() {
    String base = TestRecords.baseText();
    String inside = "{/* c */" + base.substring(1);
    assertEquals(List.of(DiagnosticCode.INVALID_JSON), codes(validator.validate(inside)));
    assertEquals(List.of(DiagnosticCode.INVALID_JSON), codes(validator.validate("// c\n" + base)));
    assertEquals(List.of(DiagnosticCode.INVALID_JSON), codes(validator.validate("# c\n" + base)));
    assertEquals(List.of(DiagnosticCode.TRAILING_CONTENT), codes(validator.validate(base + " // c")));
  }

  @Test
  void validate_singleQuotesAndOtherLeniencies_rejected() {
    String base = TestRecords.baseText();
    List<String> lenient = List.of(
        base.replace('"', '\''),
        base.replace("\"id\":", "id:"),
        base.replace("\"tags\":{", "\"tags\":{,"),
        base.replace("\"kind\":\"text\"}", "\"kind\":\"text\",}"),
        base.replace("\"collectives\":[\"masakhane\"]", "\"collectives\":[\"masakhane\",]"),
        base.replace("\"schemaVersion\":1", "\"schemaVersion\":01"),
        base.replace("\"schemaVersion\":1", "\"schemaVersion\":+1"),
        base.replace("\"c-1\"", "\"c-\\q1\""),
        base.replace("\"c-1\"", "\"c-\t1\""));
    for (String text : lenient) {
      assertEquals(List.of(DiagnosticCode.INVALID_JSON), codes(validator.validate(text)), text);
    }
  }

  @Test
  void validate_emptyOrBlankDocument_isEmptyRecord() {
    for (String text : List.of("", " ", "\n\t\r ")) {
      assertEquals(List.of(DiagnosticCode.EMPTY_RECORD), codes(validator.validate(text)), "'" + text + "'");
    }
  }

  // ---- 16. Schema patterns fed adversarial strings ----

  @Test
  void validate_adversarialStringsForEveryPatternedField_completeWithLengthOrPatternErrors() {
    assertTimeoutPreemptively(HANG_GUARD, () -> {
      Map<String, java.util.function.BiConsumer<ObjectNode, String>> fields = Map.of(
          "/id", (r, s) -> r.put("id", s),
          "/contributor", (r, s) -> r.put("contributor", s),
          "/licence", (r, s) -> r.put("licence", s),
          "/provenance/source", (r, s) -> ((ObjectNode) r.get("provenance")).put("source", s),
          "/provenance/method", (r, s) -> ((ObjectNode) r.get("provenance")).put("method", s),
          "/collectives/0", (r, s) -> r.putArray("collectives").add(s),
          "/tags/language", (r, s) -> ((ObjectNode) r.get("tags")).put("language", s),
          "/statements/0/scope/tags/0", (r, s) -> {
            ObjectNode st = r.putArray("statements").addObject();
            st.put("by", "collective").put("collective", "masakhane").put("terms", "eval-only");
            st.putObject("scope").putArray("tags").add(s);
          });
      for (var field : fields.entrySet()) {
        // Within the length bound, crafted to fail only at the last character (worst case for backtracking).
        // Control characters are refused by every pattern; the other strings are valid for some fields (a
        // collective name may hold '!'), so for them only completion and the place of any error are checked.
        for (String evil : List.of("a".repeat(60) + "\u0000", "a-".repeat(30) + "\n",
            "language:" + "a".repeat(50) + "!", "0".repeat(63) + " ")) {
          RecordResult result = validator.validate(TestRecords.with(r -> field.getValue().accept(r, evil)));
          if (evil.endsWith("\u0000") || evil.endsWith("\n")) {
            assertFalse(result.isValid(), field.getKey() + " accepted " + evil);
          }
          assertTrue(result.diagnostics().stream().allMatch(d -> d.pointer().equals(field.getKey())),
              field.getKey() + " " + result.diagnostics());
        }
        // Far past the length bound: the length check reports it, and the pattern is not tried on it.
        String huge = "a".repeat(200_000) + "!";
        RecordResult result = validator.validate(TestRecords.with(r -> field.getValue().accept(r, huge)));
        assertEquals(List.of(DiagnosticCode.VALUE_TOO_LONG), codes(result), field.getKey());
        assertEquals(field.getKey(), result.diagnostics().get(0).pointer());
      }
    });
  }

  @Test
  void schema_everyPattern_isGuardedByAMaxLengthChecked() throws Exception {
    JsonNode schema;
    try (var in = RecordValidator.class.getClassLoader().getResourceAsStream(RecordValidator.SCHEMA_RESOURCE)) {
      schema = TestRecords.MAPPER.readTree(in);
    }
    List<String> patterns = new ArrayList<>();
    findPatterns(schema, null, "", patterns);
    assertFalse(patterns.isEmpty(), "the schema has patterns");
  }

  /** Fails unless every "pattern" sits in a "then" whose sibling "if" and parent both bound the length. */
  private static void findPatterns(JsonNode node, JsonNode parent, String path, List<String> out) {
    if (node.isObject()) {
      if (node.has("pattern")) {
        assertTrue(path.endsWith("/then"), "pattern not guarded by if/then at " + path);
        assertNotNull(parent, path);
        int max = parent.path("maxLength").asInt(-1);
        assertTrue(max > 0, "no maxLength next to the guarded pattern at " + path);
        assertEquals(max, parent.path("if").path("maxLength").asInt(-2), "if does not test the same bound at " + path);
        out.add(path);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        var e = it.next();
        findPatterns(e.getValue(), node, path + "/" + e.getKey(), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        findPatterns(node.get(i), parent, path + "/" + i, out);
      }
    }
  }

  @Test
  void validate_adversarialTimesAndTerms_complete() {
    assertTimeoutPreemptively(HANG_GUARD, () -> {
      for (String time : List.of("9".repeat(35), "2026-03-01T12:00:00." + "9".repeat(14) + "Z",
          "2026-03-01T12:00:00" + "+".repeat(16))) {
        assertFalse(validator.validate(TestRecords.with(r -> r.put("released", time))).isValid(), time);
      }
      String terms = "allow train if " + "attribution and ".repeat(250) + "attribution";
      assertFalse(validator.validate(TestRecords.with(r -> r.put("preference", terms + " ;;"))).isValid());
    });
  }

  // ---- 19. Licence and preference disagree ----

  @Test
  void validate_cc0WithNoTrain_validWithLicenceWarning() {
    RecordResult result = validator.validate(TestRecords.with(r -> {
      r.put("licence", "CC0-1.0");
      r.put("released", "2026-03-01T12:00:00Z");
      r.put("preference", "eval-only; no-train");
    }));
    assertTrue(result.isValid());
    assertEquals(List.of(DiagnosticCode.LICENCE_OVERRIDES_TERMS, DiagnosticCode.LICENCE_OVERRIDES_TERMS),
        codes(result));
    Diagnostic second = result.diagnostics().get(1);
    assertEquals("/preference", second.pointer());
    assertEquals(11, second.span().offset(), "the span of 'no-train' within the terms");
    assertTrue(second.message().contains("CC0-1.0") && second.message().contains("deny train"), second.message());
    assertFalse(second.isError());
  }

  @Test
  void validate_licenceFloorCases_warnExactlyWhereTheFloorOverridesTerms() {
    record Case(String licence, String terms, boolean warns) {}
    List<Case> cases = List.of(
        new Case("CC-BY-4.0", "eval-only", true),
        new Case("CC-BY-SA-3.0", "deny ai", true),
        new Case("CC-BY-NC-4.0", "no-train", true),
        new Case("CC0-1.0", "train if open-weights", true),
        new Case("CC0-1.0", "train if attribution", false),
        new Case("CC0-1.0", "pay collective masakhane", false),
        new Case("CC0-1.0", "any-only", false),
        new Case("CC0-1.0", "deny train until 2026-01-01", false),
        new Case("CC0-1.0", "deny train until 2027-01-01", true),
        new Case("MIT", "no-train", false),
        new Case("LicenseRef-proprietary", "eval-only", false),
        new Case("cc0-1.0", "no-train", false));
    for (Case c : cases) {
      RecordResult result = validator.validate(TestRecords.with(r -> {
        r.put("licence", c.licence());
        r.put("released", "2026-03-01T12:00:00Z");
        r.put("preference", c.terms());
      }));
      assertTrue(result.isValid(), c + " " + result.diagnostics());
      assertEquals(c.warns() ? List.of(DiagnosticCode.LICENCE_OVERRIDES_TERMS) : List.of(), codes(result),
          c.toString());
    }
  }

  @Test
  void validate_noncommercialLicence_warningSaysForNoncommercialUse() {
    RecordResult result = validator.validate(TestRecords.with(r -> {
      r.put("licence", "CC-BY-NC-SA-4.0");
      r.put("preference", "no-train");
    }));
    assertTrue(only(result).message().contains("noncommercial"), only(result).message());
  }

  @Test
  void validate_licenceOverridesAStatement_warnsAtTheStatementTerms() {
    RecordResult result = validator.validate(TestRecords.with(r -> {
      r.put("licence", "CC-BY-4.0");
      r.putArray("statements").addObject().put("by", "contributor").put("effective", "2027-01-01T00:00:00Z")
          .put("terms", "no-train");
    }));
    assertTrue(result.isValid());
    Diagnostic d = only(result);
    assertEquals(DiagnosticCode.LICENCE_OVERRIDES_TERMS, d.code());
    assertEquals("/statements/0/terms", d.pointer());
  }
}
