package dev.flywheel.policy.records;

import static dev.flywheel.policy.records.TestRecords.codes;
import static dev.flywheel.policy.records.TestRecords.only;
import static dev.flywheel.policy.records.TestRecords.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.Span;
import dev.flywheel.policy.terms.TermsLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RecordValidatorTest {
  private final RecordValidator validator = RecordValidator.withDefaults();

  @Test
  void validate_contextExampleRecord_mapsEveryFieldToItemTerms() throws Exception {
    String text = java.nio.file.Files.readString(TestRecords.examples().resolve("full.json"));
    RecordResult result = validator.validate(text);
    assertTrue(result.isValid(), () -> result.diagnostics().toString());
    ContributionRecord record = result.record().orElseThrow();
    assertEquals(1, record.schemaVersion());
    assertEquals("rec-000123", record.id());
    assertEquals("c-7f3a", record.contributor());
    assertEquals(List.of("masakhane"), record.collectives());
    assertEquals("flywheel.example/chat", record.provenance().source());
    assertEquals("chat", record.provenance().method());
    assertEquals("... optional payload ...", record.content());
    assertEquals("{}", record.extensions());

    ItemTerms item = record.toItemTerms();
    assertEquals("allow train if attribution", item.terms(), "preference in canonical form");
    assertEquals(Instant.parse("2026-03-01T12:00:00Z"), item.contributedAt());
    assertEquals(Instant.parse("2026-03-01T12:00:00Z"), item.releasedAt());
    assertEquals("CC-BY-4.0", item.licence());
    assertEquals(Set.of("masakhane"), item.collectives());
    assertEquals(Set.of("language:yo", "domain:news", "kind:text", "scarcity:scarce"), item.tags());
    assertEquals(List.of(new ItemTerms.Statement(Instant.parse("2027-01-01T00:00:00Z"), "deny train")),
        item.preferenceShifts());
    assertEquals(List.of(new ItemTerms.CollectiveStatement("masakhane", "eval-only",
            Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2026-06-01T00:00:00Z"), null,
            Set.of("language:yo"))),
        item.collectiveStatements());
    assertNull(item.stewardDefaults());
  }

  @Test
  void validate_termsInAnySpelling_areReturnedCanonical() {
    RecordResult result = validator.validate(with(r -> {
      r.put("preference", "no-train ;");
      r.putArray("statements").addObject().put("by", "collective").put("collective", "masakhane")
          .put("terms", "pay collective \"masakhane\"");
    }));
    assertTrue(result.isValid(), () -> result.diagnostics().toString());
    ContributionRecord record = result.record().orElseThrow();
    assertEquals("deny train", record.preference());
    assertEquals("pay collective masakhane", record.statements().get(0).terms());
    ContributionRecord.CollectiveStatement statement =
        (ContributionRecord.CollectiveStatement) record.statements().get(0);
    assertNull(statement.effective());
    assertEquals(ContributionRecord.Scope.ALL, statement.scope());
  }

  @Test
  void validate_invalidPreference_keepsParserSpanUnderPreferencePointer() {
    RecordResult result = validator.validate(with(r -> r.put("preference", "deny tarin until 2027-01-01; allow eval")));
    assertFalse(result.isValid());
    Diagnostic d = only(result);
    assertEquals(DiagnosticCode.UNKNOWN_WORD, d.code());
    assertEquals("/preference", d.pointer());
    assertEquals(new Span(5, 5, 1, 6), d.span());
    assertEquals("did you mean 'train'?", d.help());
  }

  @Test
  void termsSource_ofTermsDiagnostics_isTheTextAsWrittenAndRenders() {
    String written = "deny tarin until 2027-01-01; allow eval";
    RecordResult invalid = validator.validate(with(r -> r.put("preference", written)));
    Diagnostic d = only(invalid);
    assertEquals(java.util.Optional.of(written), invalid.termsSource(d));
    String rendered = dev.flywheel.policy.grammar.DiagnosticRenderer.render("rec-1/preference", written, d);
    assertTrue(rendered.contains("^^^^^"), rendered);

    RecordResult warned = validator.validate(with(r -> r.put("licence", "CC0-1.0").put("preference", "no-train")));
    Diagnostic warning = only(warned);
    assertEquals(java.util.Optional.of("no-train"), warned.termsSource(warning), "the original, not canonical");
    assertEquals(java.util.Map.of("/preference", "no-train"), warned.termsSources());

    RecordResult jsonError = validator.validate("{");
    assertTrue(jsonError.termsSource(jsonError.diagnostics().get(0)).isEmpty());
    assertTrue(validator.validate(TestRecords.baseText()).termsSources().isEmpty(), "only where diagnostics point");
  }

  @Test
  void validate_invalidStatementTerms_pointsIntoTheStatement() {
    RecordResult result = validator.validate(with(r -> {
      r.putArray("statements").addObject().put("by", "contributor").put("effective", "2027-01-01T00:00:00Z")
          .put("terms", "EVAL-ONLY");
    }));
    Diagnostic d = only(result);
    assertEquals(DiagnosticCode.UPPERCASE_KEYWORD, d.code());
    assertEquals("/statements/0/terms", d.pointer());
    assertEquals(1, d.span().column());
  }

  @Test
  void validate_emptyPreference_isAnErrorNotADefault() {
    RecordResult result = validator.validate(with(r -> r.put("preference", "  ")));
    assertEquals(List.of(DiagnosticCode.EMPTY_TERMS), codes(result));
    assertEquals("/preference", result.diagnostics().get(0).pointer());
  }

  @Test
  void validate_termsOverTheConfiguredLength_reportsInputTooLong() {
    RecordValidator small = RecordValidator.create(RecordLimits.DEFAULTS, new TermsLimits(16, 64, 128, 32));
    assertTrue(small.validate(with(r -> r.put("preference", "eval-only"))).isValid());
    RecordResult result = small.validate(with(r -> r.put("preference", "allow train if attribution")));
    assertEquals(List.of(DiagnosticCode.INPUT_TOO_LONG), codes(result));
  }

  @Test
  void validate_everyTimeField_mustBeAnRfc3339Instant() {
    record Case(String field, String value, boolean valid) {}
    List<Case> cases = List.of(
        new Case("released", "2026-03-01T12:00:00Z", true),
        new Case("released", "2026-03-01T12:00:00.123456789+05:30", true),
        new Case("released", "2026-03-01t12:00:00z", true),
        new Case("released", "2026-03-01T12:00:00", false),
        new Case("released", "2026-03-01", false),
        new Case("released", "2026-02-30T12:00:00Z", false),
        new Case("released", "2026-13-01T12:00:00Z", false),
        new Case("released", "2026-03-01T24:00:00Z", false),
        new Case("released", "2026-03-01T23:59:60Z", false),
        new Case("released", "20260-03-01T12:00:00Z", false),
        new Case("released", "2026-03-01T12:00:00+25:00", false),
        new Case("released", "2026-03-01T12:00:00.1234567890Z", false));
    for (Case c : cases) {
      RecordResult result = validator.validate(with(r -> r.put(c.field(), c.value())));
      assertEquals(c.valid(), result.isValid(), c + " -> " + result.diagnostics());
      if (!c.valid()) {
        assertEquals(List.of(DiagnosticCode.INVALID_TIMESTAMP), codes(result), c.toString());
        assertEquals("/released", result.diagnostics().get(0).pointer());
      }
    }
  }

  @Test
  void validate_timeWithOffset_isNormalisedToUtc() {
    RecordResult result = validator.validate(with(r -> r.put("released", "2026-03-01T12:00:00+02:00")));
    assertEquals(Instant.parse("2026-03-01T10:00:00Z"), result.record().orElseThrow().released());
  }

  @Test
  void validate_timeTooLong_isReportedOnceBySchema() {
    RecordResult result = validator.validate(with(r -> r.put("released", "2026-03-01T12:00:00Z" + " ".repeat(30))));
    assertEquals(List.of(DiagnosticCode.VALUE_TOO_LONG), codes(result));
  }

  @Test
  void validate_schemaVersionTwo_reportsUnsupportedVersion() {
    RecordResult result = validator.validate(with(r -> r.put("schemaVersion", 2)));
    assertEquals(List.of(DiagnosticCode.UNSUPPORTED_SCHEMA_VERSION), codes(result));
    assertEquals("/schemaVersion", result.diagnostics().get(0).pointer());
  }

  @Test
  void validate_unknownTopLevelField_isRejectedWithHelp() {
    RecordResult result = validator.validate(with(r -> r.put("colour", "red")));
    Diagnostic d = only(result);
    assertEquals(DiagnosticCode.UNKNOWN_FIELD, d.code());
    assertEquals("/colour", d.pointer());
    assertTrue(d.help().contains("extensions"), d.help());
  }

  @Test
  void validate_unknownFieldInsideExtensions_isAccepted() {
    RecordResult result = validator.validate(with(r -> r.putObject("extensions").put("colour", "red")
        .putObject("nested").put("x", 1.5)));
    assertTrue(result.isValid(), () -> result.diagnostics().toString());
    assertEquals("{\"colour\":\"red\",\"nested\":{\"x\":1.5}}", result.record().orElseThrow().extensions());
  }

  @Test
  void validate_missingRequiredFields_reportsEachWithItsPointer() {
    RecordResult result = validator.validate(with(r -> {
      r.remove("licence");
      ((ObjectNode) r.get("provenance")).remove("created");
    }));
    assertEquals(List.of(DiagnosticCode.MISSING_FIELD, DiagnosticCode.MISSING_FIELD), codes(result));
    assertEquals(List.of("/licence", "/provenance/created"),
        result.diagnostics().stream().map(Diagnostic::pointer).toList());
  }

  @Test
  void validate_wrongTypes_reportWrongType() {
    RecordResult result = validator.validate(with(r -> {
      r.put("collectives", "masakhane");
      r.put("preference", 7);
    }));
    assertEquals(List.of(DiagnosticCode.WRONG_TYPE, DiagnosticCode.WRONG_TYPE), codes(result));
    assertEquals(List.of("/collectives", "/preference"),
        result.diagnostics().stream().map(Diagnostic::pointer).toList());
  }

  @Test
  void validate_recordNotAnObject_reportsWrongTypeAtRoot() {
    Diagnostic d = only(validator.validate("[1, 2]"));
    assertEquals(DiagnosticCode.WRONG_TYPE, d.code());
    assertEquals("", d.pointer());
  }

  @Test
  void validate_identifierPatterns_rejectSpacesEmailsAndLineBreaks() {
    for (String id : List.of("has space", "someone@example.org", "rec-1\n", "", "-starts-with-dash")) {
      RecordResult result = validator.validate(with(r -> r.put("contributor", id)));
      assertFalse(result.isValid(), id);
      assertEquals("/contributor", result.diagnostics().get(0).pointer(), id);
    }
  }

  @Test
  void validate_schemaEntryBounds_atLimitAcceptedAndPastValueTooLong() {
    assertTrue(validator.validate(with(r -> {
      var a = r.putArray("collectives");
      for (int i = 0; i < 64; i++) {
        a.add("c" + i);
      }
    })).isValid());
    RecordResult collectives = validator.validate(with(r -> {
      var a = r.putArray("collectives");
      for (int i = 0; i < 65; i++) {
        a.add("c" + i);
      }
    }));
    assertEquals(List.of(DiagnosticCode.VALUE_TOO_LONG), codes(collectives));
    assertTrue(validator.validate(with(r -> {
      ObjectNode e = r.putObject("extensions");
      for (int i = 0; i < 256; i++) {
        e.put("k" + i, i);
      }
    })).isValid());
    RecordResult extensions = validator.validate(with(r -> {
      ObjectNode e = r.putObject("extensions");
      for (int i = 0; i < 257; i++) {
        e.put("k" + i, i);
      }
    }));
    assertEquals(List.of(DiagnosticCode.VALUE_TOO_LONG), codes(extensions));
    assertEquals("/extensions", extensions.diagnostics().get(0).pointer());
  }

  @Test
  void validate_repeatedCollective_isInvalidValue() {
    RecordResult result = validator.validate(with(r -> r.putArray("collectives").add("a").add("a")));
    assertEquals(List.of(DiagnosticCode.INVALID_VALUE), codes(result));
  }

  @Test
  void validate_unknownTagKey_isRejected() {
    RecordResult result = validator.validate(with(r -> ((ObjectNode) r.get("tags")).put("colour", "red")));
    assertEquals(List.of(DiagnosticCode.UNKNOWN_FIELD), codes(result));
    assertEquals("/tags/colour", result.diagnostics().get(0).pointer());
  }

  @Test
  void validate_contributorStatementWithoutEffective_isMissingField() {
    RecordResult result = validator.validate(with(r ->
        r.putArray("statements").addObject().put("by", "contributor").put("terms", "no-train")));
    assertEquals(List.of(DiagnosticCode.MISSING_FIELD), codes(result));
    assertEquals("/statements/0/effective", result.diagnostics().get(0).pointer());
  }

  @Test
  void validate_statementByUnknownAuthor_isInvalidValue() {
    RecordResult result = validator.validate(with(r -> r.putArray("statements").addObject().put("by", "steward")
        .put("effective", "2027-01-01T00:00:00Z").put("terms", "no-train")));
    assertTrue(codes(result).contains(DiagnosticCode.INVALID_VALUE), result.diagnostics().toString());
    assertTrue(result.diagnostics().stream().anyMatch(d -> d.pointer().equals("/statements/0/by")));
  }

  @Test
  void validate_scopeWindowEmpty_reportsEmptyTimeWindow() {
    RecordResult result = validator.validate(with(r -> {
      ObjectNode s = r.putArray("statements").addObject();
      s.put("by", "collective").put("collective", "masakhane").put("terms", "eval-only");
      s.putObject("scope").put("contributedFrom", "2027-01-01T00:00:00Z")
          .put("contributedUntil", "2026-01-01T00:00:00Z");
    }));
    assertEquals(List.of(DiagnosticCode.EMPTY_TIME_WINDOW), codes(result));
    assertEquals("/statements/0/scope/contributedUntil", result.diagnostics().get(0).pointer());
  }

  @Test
  void validate_scopeTagNotKeyValue_isInvalidValue() {
    RecordResult result = validator.validate(with(r -> {
      ObjectNode s = r.putArray("statements").addObject();
      s.put("by", "collective").put("collective", "masakhane").put("terms", "eval-only");
      s.putObject("scope").putArray("tags").add("yo");
    }));
    assertEquals(List.of(DiagnosticCode.INVALID_VALUE), codes(result));
    assertEquals("/statements/0/scope/tags/0", result.diagnostics().get(0).pointer());
  }

  @Test
  void validate_statementOfCollectiveNotListed_warnsButStaysValid() {
    RecordResult result = validator.validate(with(r -> r.putArray("statements").addObject()
        .put("by", "collective").put("collective", "other").put("terms", "eval-only")));
    assertTrue(result.isValid());
    Diagnostic d = only(result);
    assertEquals(DiagnosticCode.COLLECTIVE_NOT_LISTED, d.code());
    assertEquals("/statements/0/collective", d.pointer());
  }

  @Test
  void validate_manyProblems_reportsAllInAStableOrder() {
    String text = with(r -> {
      r.put("colour", "red");
      r.put("released", "yesterday");
      r.put("preference", "trian");
      r.remove("contributor");
    });
    RecordResult first = validator.validate(text);
    assertEquals(List.of("/colour", "/contributor", "/preference", "/released"),
        first.diagnostics().stream().map(Diagnostic::pointer).toList());
    assertEquals(first, validator.validate(text), "same input, same result");
  }

  @Test
  void validate_jackson2Tree_givesTheSameResultAsBytes() throws Exception {
    for (String text : List.of(TestRecords.baseText(), with(r -> r.put("preference", "trian")),
        with(r -> r.put("colour", 1)), java.nio.file.Files.readString(TestRecords.examples().resolve("full.json")))) {
      RecordResult fromBytes = validator.validate(text.getBytes(StandardCharsets.UTF_8));
      RecordResult fromTree = validator.validate(TestRecords.MAPPER.readTree(text));
      assertEquals(fromBytes.record(), fromTree.record(), text);
      assertEquals(codes(fromBytes), codes(fromTree), text);
    }
  }

  @Test
  void validate_jackson2TreeTooDeep_reportsNestingWithoutRecursingFurther() {
    ObjectNode root = TestRecords.base();
    ObjectNode cur = root.putObject("extensions");
    for (int i = 0; i < 10_000; i++) {
      cur = cur.putObject("n");
    }
    Diagnostic d = only(validator.validate(root));
    assertEquals(DiagnosticCode.NESTING_TOO_DEEP, d.code());
  }

  @Test
  void validate_stringWithLoneSurrogate_isInvalidUnicodeNotRepaired() {
    String text = with(r -> r.put("content", "x")).replace("\"x\"", "\"\uD800\"");
    assertEquals(List.of(DiagnosticCode.INVALID_UNICODE), codes(validator.validate(text)));
  }

  @Test
  void validate_invalidUtf8Bytes_isInvalidUnicode() {
    byte[] bytes = with(r -> r.put("content", "x")).getBytes(StandardCharsets.UTF_8);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("\"x\"") + 1;
    bytes[at] = (byte) 0xC3; // a lead byte followed by '"', not a continuation byte
    assertEquals(List.of(DiagnosticCode.INVALID_UNICODE), codes(validator.validate(bytes)));
  }

  @Test
  void validate_byteOrderMarkAtStart_isIgnoredButNotElsewhere() {
    String text = TestRecords.baseText();
    assertTrue(validator.validate("\uFEFF" + text).isValid(), "RFC 8259 lets a parser ignore a leading BOM");
    assertEquals(List.of(DiagnosticCode.INVALID_JSON), codes(validator.validate(" \uFEFF" + text)));
    assertEquals(List.of(DiagnosticCode.TRAILING_CONTENT), codes(validator.validate(text + "\uFEFF")));
  }

  @Test
  void validate_manyThreads_giveTheSingleThreadedResults() throws Exception {
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int n = i;
      inputs.add(switch (i % 4) {
        case 0 -> with(r -> r.put("id", "rec-" + n));
        case 1 -> with(r -> r.put("preference", "deny tarin " + n));
        case 2 -> with(r -> r.put("x" + n, n));
        default -> "{\"id\": " + n + ", \"id\": 1}";
      });
    }
    List<RecordResult> expected = inputs.stream().map(validator::validate).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<RecordResult>>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> inputs.stream().map(validator::validate).toList()));
      }
      for (Future<List<RecordResult>> f : futures) {
        assertEquals(expected, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void schemaResource_isShippedAtTheDocumentedPath() throws Exception {
    try (var in = RecordValidator.class.getClassLoader().getResourceAsStream(RecordValidator.SCHEMA_RESOURCE)) {
      assertTrue(in != null, "resource " + RecordValidator.SCHEMA_RESOURCE);
      var schema = TestRecords.MAPPER.readTree(in);
      assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
      assertFalse(schema.get("additionalProperties").asBoolean(), "unknown top-level fields are rejected");
    }
  }

  @Test
  void recordLimits_belowMinimumOrAboveHardMax_areRejected() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> RecordLimits.DEFAULTS.withMaxNestingDepth(RecordLimits.MIN_NESTING_DEPTH - 1));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> RecordLimits.DEFAULTS.withMaxNestingDepth(RecordLimits.HARD_MAX_NESTING_DEPTH + 1));
    assertEquals(RecordLimits.HARD_MAX_NESTING_DEPTH,
        RecordLimits.DEFAULTS.withMaxNestingDepth(RecordLimits.HARD_MAX_NESTING_DEPTH).maxNestingDepth());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> RecordLimits.DEFAULTS.withMaxRecordBytes(RecordLimits.HARD_MAX_RECORD_BYTES + 1));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> RecordLimits.DEFAULTS.withMaxTokens(0));
  }

  @Test
  void recordResult_recordWithError_isRejected() {
    ContributionRecord record = validator.validate(TestRecords.baseText()).record().orElseThrow();
    Diagnostic error = Diagnostic.of(DiagnosticCode.INVALID_JSON, "x");
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new RecordResult(java.util.Optional.of(record), List.of(error), java.util.Map.of()));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> RecordResult.invalid(List.of()));
  }
}
