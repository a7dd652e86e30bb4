package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Record bytes that are not well-formed Unicode text: malformed UTF-8 of every kind and surrogate escapes that are
 * not in a pair, in every string field, key and value, refused with {@code invalid-unicode} at their place by every
 * reading (bytes, text, the streaming reader, the tree, JSON Lines, a Jackson 2 tree) and never repaired into a
 * record. Also the schema version, which must be the literal {@code 1}.
 */
class RecordBytesReviewTest {
  private static final RecordValidator VALIDATOR = RecordValidator.withDefaults();
  private static final StreamingRecordReader STREAMING =
      new StreamingRecordReader(new RecordJson(RecordLimits.DEFAULTS));
  private static final String MARK = "MARK";

  /**
   * An ill-formed piece of text: the bytes put in place of {@link #MARK}; whether it is an escape (ASCII, so it can
   * also arrive as a {@code String} or in a tree); and how many code points of it come before the problem.
   */
  record Form(String name, byte[] bytes, boolean escape, int problemAt) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Form bytes(String name, String hex) {
    return bytes(name, hex, 0);
  }

  private static Form bytes(String name, String hex, int problemAt) {
    return new Form(name, HexFormat.of().parseHex(hex), false, problemAt);
  }

  private static Form escape(String name, String text) {
    return escape(name, text, 0);
  }

  private static Form escape(String name, String text, int problemAt) {
    return new Form(name, text.getBytes(StandardCharsets.US_ASCII), true, problemAt);
  }

  /** Every kind of ill-formed text; each sits between ASCII letters. */
  static List<Form> forms() {
    return List.of(
        bytes("overlong 2-byte t (C1 B4)", "c1b4"),
        bytes("overlong 2-byte NUL (C0 80)", "c080"),
        bytes("overlong 3-byte t (E0 81 B4)", "e081b4"),
        bytes("overlong 3-byte slash (E0 80 AF)", "e080af"),
        bytes("overlong 4-byte t (F0 80 81 B4)", "f08081b4"),
        bytes("overlong 4-byte U+FFFF (F0 8F BF BF)", "f08fbfbf"),
        bytes("encoded high surrogate, CESU-style (ED A0 80)", "eda080"),
        bytes("encoded low surrogate (ED BF BF)", "edbfbf"),
        bytes("encoded surrogate pair (ED A0 BD ED B8 80)", "eda0bdedb880"),
        bytes("above U+10FFFF (F4 90 80 80)", "f4908080"),
        bytes("lead byte F5", "f5808080"),
        bytes("five-byte form (F8 88 80 80 80)", "f888808080"),
        bytes("byte FF", "ff"),
        bytes("byte FE", "fe"),
        bytes("truncated 2-byte (C3)", "c3"),
        bytes("truncated 3-byte (E2 82)", "e282"),
        bytes("truncated 4-byte (F0 9F 98)", "f09f98"),
        bytes("lone continuation byte (80)", "80"),
        bytes("lone continuation byte (BF)", "bf"),
        bytes("continuation after a complete character (C3 A9 A9)", "c3a9a9", 1),
        escape("lone high surrogate escape", "\\ud800"),
        escape("lone high surrogate escape, upper case", "\\uDBFF"),
        escape("lone low surrogate escape", "\\udc00"),
        escape("high surrogate escape then a plain escape", "\\ud800\\u0041"),
        escape("two high surrogate escapes", "\\ud800\\ud800\\udc00"),
        escape("low then high surrogate escape", "\\udc00\\ud800"),
        escape("escaped backslash then a lone surrogate escape", "\\\\\\ud800", 2));
  }

  /** Where a form can sit in a record, with the pointer its diagnostic must carry. */
  record Place(String name, String template, String pointer) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Place> places() {
    String statement = "{\"by\":\"collective\",\"collective\":\"masakhane\",\"terms\":\"eval-only\"}";
    return List.of(
        new Place("preference", base().replace("\"train if attribution\"", "\"allow " + MARK + "rain\""),
            "/preference"),
        new Place("content", base().replace("}}", "},\"content\":\"hello " + MARK + " world\"}"), "/content"),
        new Place("provenance.source", base().replace("flywheel.example/chat", "flywheel" + MARK + ".example/chat"),
            "/provenance/source"),
        new Place("collectives", base().replace("[\"masakhane\"]", "[\"masakhane\",\"mas" + MARK + "akhane\"]"),
            "/collectives/1"),
        new Place("statement collective", base().replace("}}", "},\"statements\":["
            + statement.replace("\"masakhane\"", "\"mas" + MARK + "akhane\"") + "]}"), "/statements/0/collective"),
        new Place("statement terms", base().replace("}}", "},\"statements\":["
            + statement.replace("eval-only", "eval" + MARK + "-only") + "]}"), "/statements/0/terms"),
        new Place("extensions value", base().replace("}}", "},\"extensions\":{\"a\":[1,{\"note\":\"x" + MARK
            + "y\"}]}}"), "/extensions/a/1/note"),
        new Place("extensions key", base().replace("}}", "},\"extensions\":{\"a\":{\"k" + MARK + "\":1}}}"),
            "/extensions/a"),
        new Place("top-level key", base().replace("{\"schemaVersion\"", "{\"x" + MARK + "\":1,\"schemaVersion\""),
            ""),
        new Place("tags", base().replace("\"yo\"", "\"y" + MARK + "o\""), "/tags/language"));
  }

  static Stream<Arguments> formsInPlaces() {
    List<Arguments> out = new ArrayList<>();
    for (Place place : places()) {
      for (Form form : forms()) {
        out.add(Arguments.of(form, place));
      }
    }
    return out.stream();
  }

  private static String base() {
    return TestRecords.baseText();
  }

  /** The template's bytes with the form in place of the mark, and the form's byte offset. */
  static byte[] record(Place place, Form form) {
    byte[] template = place.template().getBytes(StandardCharsets.UTF_8);
    int at = place.template().indexOf(MARK);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(template, 0, at);
    out.writeBytes(form.bytes());
    out.write(template, at + MARK.length(), template.length - at - MARK.length());
    return out.toByteArray();
  }

  /** The one diagnostic of a refused record: invalid-unicode at the form's place. */
  private static void assertRefusedAt(RecordResult result, Place place, Form form) {
    assertFalse(result.isValid(), () -> form + " in " + place + " validated");
    assertTrue(result.record().isEmpty());
    Diagnostic d = TestRecords.only(result);
    assertEquals(DiagnosticCode.INVALID_UNICODE, d.code(), d::toString);
    assertEquals(place.pointer(), d.pointer(), d::toString);
    int offset = place.template().indexOf(MARK); // the template is ASCII: bytes and code points coincide
    assertNotNull(d.span(), d::toString);
    assertEquals(offset + form.problemAt(), d.span().offset(), d::toString);
    assertEquals(1, d.span().line());
    assertEquals(d.span().offset() + 1, d.span().column());
  }

  @Test
  void review01_overlongUtf8InPreference_isInvalidNeverAllowed() {
    byte[] text = record(places().get(0), forms().get(0));
    String shown = new String(text, StandardCharsets.ISO_8859_1);
    assertTrue(shown.contains("\"allow \u00C1\u00B4rain\""), shown);
    RecordResult result = VALIDATOR.validate(text);
    assertTrue(result.record().isEmpty());
    assertEquals(List.of(DiagnosticCode.INVALID_UNICODE), TestRecords.codes(result));
    byte[] wellFormed = shown.replace("\u00C1\u00B4", "t").getBytes(StandardCharsets.ISO_8859_1);
    assertEquals("allow train", VALIDATOR.validate(wellFormed).record().orElseThrow().preference(),
        "the same record with a plain t is valid: only the encoding is refused");
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("formsInPlaces")
  void review01_illFormedTextAnywhere_isInvalidUnicodeAtItsPlace(Form form, Place place) {
    byte[] text = record(place, form);
    assertRefusedAt(VALIDATOR.validate(text), place, form);
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("formsInPlaces")
  void review01_illFormedText_bothReadersAgreeAndTheFastPathGivesUp(Form form, Place place) {
    byte[] text = record(place, form);
    assertNull(STREAMING.read(text, text.length), "the streaming reader must not accept it");
    RecordResult general = VALIDATOR.validateThoroughly(text, text.length);
    RecordResult result = VALIDATOR.validate(text, text.length);
    assertEquals(general, result);
    assertRefusedAt(general, place, form);
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("formsInPlaces")
  void review01_illFormedTextInAJsonLinesFile_onlyThatLineIsInvalid(Form form, Place place) throws IOException {
    byte[] good = (base() + "\n").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(good);
    file.writeBytes(record(place, form));
    file.write('\n');
    file.writeBytes(good);
    List<LineResult> lines = new ArrayList<>();
    RecordSummary summary = JsonLinesReader.validateAll(new ByteArrayInputStream(file.toByteArray()), VALIDATOR,
        lines::add);
    assertEquals(3, summary.lines());
    assertEquals(2, summary.valid());
    assertTrue(lines.get(0).isValid() && lines.get(2).isValid());
    assertFalse(lines.get(1).isValid());
    assertEquals(List.of(DiagnosticCode.INVALID_UNICODE),
        lines.get(1).diagnostics().stream().map(Diagnostic::code).toList());
    assertEquals(place.pointer(), lines.get(1).diagnostics().get(0).pointer());
  }

  /** An escape is ASCII, so it also arrives as a String and inside a tree a caller parsed with Jackson 2. */
  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("formsInPlaces")
  void review01_loneSurrogateAsTextOrTree_isInvalidUnicode(Form form, Place place) throws IOException {
    if (!form.escape()) {
      // Raw bytes cannot be a Java String without decoding them; the String reading of such a record is the
      // lone surrogate the decoding would give, covered by the escapes.
      return;
    }
    String text = new String(record(place, form), StandardCharsets.US_ASCII);
    assertRefusedAt(VALIDATOR.validate(text), place, form);
    if (place.name().contains("key")) {
      return; // Jackson 2 refuses a lone surrogate in a key itself; such trees are built by hand below
    }
    String decoded = TestRecords.MAPPER.readTree(text).toString(); // Jackson 2 writes the lone surrogate raw
    RecordResult fromDecoded = VALIDATOR.validate(decoded);
    assertEquals(List.of(DiagnosticCode.INVALID_UNICODE), TestRecords.codes(fromDecoded));
    assertEquals(place.pointer(), fromDecoded.diagnostics().get(0).pointer());
    RecordResult fromTree = VALIDATOR.validate(TestRecords.MAPPER.readTree(text));
    assertEquals(List.of(DiagnosticCode.INVALID_UNICODE), TestRecords.codes(fromTree));
    assertEquals(place.pointer(), fromTree.diagnostics().get(0).pointer());
  }

  @Test
  void review01_loneSurrogateInAKeyOfAJackson2Tree_isInvalidUnicodeAtTheObject() {
    for (String key : List.of("k\uD800", "\uDC00k", "\uD800\uD800\uDC00")) {
      var tree = TestRecords.base();
      tree.putObject("extensions").putObject("a").put(key, 1);
      Diagnostic d = TestRecords.only(VALIDATOR.validate(tree));
      assertEquals(DiagnosticCode.INVALID_UNICODE, d.code());
      assertEquals("/extensions/a", d.pointer());
      assertEquals(-1, StrictUnicode.firstLoneSurrogate(d.pointer() + d.message()), "the diagnostic is well-formed");
    }
  }

  @Test
  void review01_wellFormedNonAsciiInFreeTextFields_staysValidAndOnTheFastPath() {
    // Collective names are not free text: they follow the language's rules for names (RecordCollectiveNamesTest).
    List<String> freeText = List.of("content", "provenance.source", "extensions value");
    for (Place place : places()) {
      if (!freeText.contains(place.name())) {
        continue; // terms, tags and unknown keys refuse non-ASCII text for reasons of their own
      }
      for (String good : List.of("\u00e9", "\u20ac", "\uD83D\uDE00", "\\u00e9", "\\uD83D\\uDE00", "\\\\ud800",
          "\uFFFD", "\uFEFF", "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9")) {
        byte[] text = record(place, new Form(good, good.getBytes(StandardCharsets.UTF_8), false, 0));
        RecordResult result = VALIDATOR.validate(text);
        String shown = new String(text, StandardCharsets.UTF_8);
        assertTrue(result.isValid(), () -> shown + " -> " + result.diagnostics());
        assertNotNull(STREAMING.read(text, text.length), shown);
        assertEquals(VALIDATOR.validateThoroughly(text, text.length), result, shown);
      }
    }
  }

  /** B4: a collective name with a lone surrogate validated, and its ledger entry could not be written. */
  @Test
  void review04_collectiveNameWithLoneSurrogate_isInvalidAtValidation() throws IOException {
    String escaped = base().replace("[\"masakhane\"]", "[\"masakhane\\ud800\"]");
    Diagnostic d = TestRecords.only(VALIDATOR.validate(escaped));
    assertEquals(DiagnosticCode.INVALID_UNICODE, d.code());
    assertEquals("/collectives/0", d.pointer());
    String raw = base().replace("[\"masakhane\"]", "[\"masakhane\uD800\"]");
    assertEquals(DiagnosticCode.INVALID_UNICODE, TestRecords.only(VALIDATOR.validate(raw)).code());
    assertEquals(DiagnosticCode.INVALID_UNICODE,
        TestRecords.only(VALIDATOR.validate(TestRecords.MAPPER.readTree(escaped))).code());
  }

  // ---- E12: the schema version is the literal 1 ----

  @Test
  void review12_schemaVersionOtherThanTheLiteralOne_isUnsupportedInEveryReading() {
    for (String version : List.of("1.00000000000000000001", "1.0", "1e0", "1E0", "10e-1", "0.1e1", "1.000",
        "0.99999999999999999999")) {
      String text = base().replace("\"schemaVersion\":1", "\"schemaVersion\":" + version);
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      assertNull(STREAMING.read(bytes, bytes.length), version);
      RecordResult general = VALIDATOR.validateThoroughly(bytes, bytes.length);
      assertEquals(general, VALIDATOR.validate(bytes), version);
      Diagnostic d = TestRecords.only(general);
      assertEquals(DiagnosticCode.UNSUPPORTED_SCHEMA_VERSION, d.code(), version);
      assertEquals("/schemaVersion", d.pointer(), version);
    }
  }

  @Test
  void review12_schemaVersionAsAFloatingPointNodeInAJackson2Tree_isUnsupported() {
    var tree = TestRecords.base();
    tree.put("schemaVersion", 1.0);
    assertEquals(DiagnosticCode.UNSUPPORTED_SCHEMA_VERSION, TestRecords.only(VALIDATOR.validate(tree)).code());
    tree.put("schemaVersion", new java.math.BigDecimal("1.0"));
    assertEquals(DiagnosticCode.UNSUPPORTED_SCHEMA_VERSION, TestRecords.only(VALIDATOR.validate(tree)).code());
    tree.put("schemaVersion", new java.math.BigDecimal("1.00000000000000000001"));
    assertEquals(DiagnosticCode.WRONG_TYPE, TestRecords.only(VALIDATOR.validate(tree)).code(),
        "held exactly, the number is not an integer at all");
    tree.put("schemaVersion", 1L);
    assertTrue(VALIDATOR.validate(tree).isValid(), "the integer 1, held as a long");
    tree.put("schemaVersion", java.math.BigInteger.ONE);
    assertTrue(VALIDATOR.validate(tree).isValid(), "the integer 1, held as a big integer");
  }

  @Test
  void review12_schemaVersionOne_isValidInEveryReading() {
    byte[] bytes = base().getBytes(StandardCharsets.UTF_8);
    assertNotNull(STREAMING.read(bytes, bytes.length));
    assertTrue(VALIDATOR.validateThoroughly(bytes, bytes.length).isValid());
    assertEquals(1, VALIDATOR.validate(bytes).record().orElseThrow().schemaVersion());
  }
}
