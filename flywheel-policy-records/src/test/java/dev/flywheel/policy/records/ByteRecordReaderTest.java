package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.testkit.GeneratedDataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The byte reader ({@link ByteRecordReader}) against the streaming reader it stands in front of
 * ({@link StreamingRecordReader}): whenever it returns fields, the streaming reader returns equal fields, on the
 * corpora, on generated datasets, on single edits of records (valid and invalid), under small limits, and with bytes
 * past the record's end in the buffer; and it reads every valid generated record, so it is the path they take.
 * Whole-validation agreement with the general reading is {@code StreamingRecordReaderTest}'s, which goes through it.
 */
class ByteRecordReaderTest {
  private static final ByteRecordReader BYTES = new ByteRecordReader(RecordLimits.DEFAULTS);
  private static final StreamingRecordReader STREAMING =
      new StreamingRecordReader(new RecordJson(RecordLimits.DEFAULTS));
  private static final RecordValidator VALIDATOR = RecordValidator.withDefaults();

  /** The byte reader's fields, asserted equal to the streaming reader's when there are any. */
  private static RecordFields assertSameFields(ByteRecordReader bytes, StreamingRecordReader streaming, byte[] text,
      int length) {
    RecordFields fast = bytes.read(text, length);
    if (fast != null) {
      assertEquals(streaming.read(text, length), fast, () -> new String(text, 0, length, StandardCharsets.UTF_8));
    }
    return fast;
  }

  private static RecordFields assertSameFields(byte[] text) {
    return assertSameFields(BYTES, STREAMING, text, text.length);
  }

  /** The full record of {@code StreamingRecordReaderTest} without its extensions, as compact text. */
  private static String plain() {
    var record = StreamingRecordReaderTest.full();
    record.remove("extensions");
    return record.toString();
  }

  /** The same, pretty-printed: spaces and line breaks between every token. */
  private static String pretty() {
    var record = StreamingRecordReaderTest.full();
    record.remove("extensions");
    return record.toPrettyString();
  }

  private static List<byte[]> lines(byte[] jsonl) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= jsonl.length; i++) {
      if (i == jsonl.length || jsonl[i] == '\n') {
        if (i > start) {
          out.add(Arrays.copyOfRange(jsonl, start, i));
        }
        start = i + 1;
      }
    }
    return out;
  }

  @Test
  void read_everyCorpusText_fieldsOfTheStreamingReader() throws IOException {
    int read = 0;
    for (byte[] text : StreamingRecordReaderTest.corpus()) {
      read += assertSameFields(text) != null ? 1 : 0;
    }
    assertTrue(read >= 10, "the corpus should hold records the byte reader reads: " + read);
  }

  @Test
  void read_everyValidGeneratedRecord_readAndFieldsOfTheStreamingReader() {
    int valid = 0;
    for (long seed : new long[] {7, GeneratedDataset.EXAMPLE_SEED}) {
      for (byte[] line : lines(GeneratedDataset.jsonl(3000, seed))) {
        RecordFields fast = assertSameFields(line);
        if (VALIDATOR.validateThoroughly(line, line.length).isValid()) {
          valid++;
          assertNotNull(fast, () -> "a valid record left the byte reader: " + new String(line, StandardCharsets.UTF_8));
        }
      }
    }
    assertTrue(valid > 5000, "valid generated records: " + valid);
  }

  @Test
  void read_generatedRecordsInALongerBuffer_readsOnlyUpToTheLength() {
    for (byte[] line : lines(GeneratedDataset.jsonl(500, 11))) {
      byte[] buffer = Arrays.copyOf(line, line.length + 40);
      Arrays.fill(buffer, line.length, buffer.length, (byte) ' ');
      assertEquals(BYTES.read(line, line.length), assertSameFields(BYTES, STREAMING, buffer, line.length));
      // Cut short inside the buffer: what follows the length is never read as part of the record.
      int cut = line.length - 1;
      assertNull(assertSameFields(BYTES, STREAMING, line, cut));
    }
  }

  @Test
  void read_repeatedTermsText_oneStringForEveryRecord() {
    byte[] text = plain().getBytes(StandardCharsets.UTF_8);
    RecordFields first = BYTES.read(text, text.length);
    RecordFields second = BYTES.read(text.clone(), text.length);
    assertSame(first.preference(), second.preference());
    assertSame(first.statements().get(0).terms(), second.statements().get(0).terms());
    assertSame(first.licence(), second.licence());
  }

  /** Terms of exactly the longest kept length are kept; one byte longer, they are decoded for every record. */
  @Test
  void read_termsAtAndPastTheLongestKeptLength_keptOnlyUpToIt() {
    ByteRecordReader reader = new ByteRecordReader(RecordLimits.DEFAULTS);
    String full = plain();
    for (int length : new int[] {ByteRecordReader.TABLE_MAX_BYTES, ByteRecordReader.TABLE_MAX_BYTES + 1}) {
      String terms = "allow train" + " ".repeat(length - "allow train".length());
      byte[] text = full.replace("\"deny train\"", "\"" + terms + "\"").getBytes(StandardCharsets.UTF_8);
      RecordFields first = assertSameFields(reader, STREAMING, text, text.length);
      RecordFields second = assertSameFields(reader, STREAMING, text.clone(), text.length);
      assertEquals(terms, first.statements().get(2).terms());
      assertEquals(terms, second.statements().get(2).terms());
      assertEquals(length == ByteRecordReader.TABLE_MAX_BYTES,
          first.statements().get(2).terms() == second.statements().get(2).terms(), "length " + length);
    }
  }

  /**
   * The strings a generated dataset repeats are read from the table, not decoded again: over a third reading of the
   * dataset every kept value (contributor, licence, terms, names, tags, source, method) is the very string the second
   * reading returned. With one slot per string, two frequent values whose slots collided replaced each other on
   * every record (a few percent of all values decoded again).
   */
  @Test
  void read_generatedDatasetAgain_keptValuesTakenFromTheTableNotDecodedAgain() {
    ByteRecordReader reader = new ByteRecordReader(RecordLimits.DEFAULTS);
    List<byte[]> lines = lines(GeneratedDataset.jsonl(20_000, GeneratedDataset.EXAMPLE_SEED));
    List<List<String>> second = new ArrayList<>();
    for (int pass = 0; pass < 2; pass++) {
      second.clear();
      for (byte[] line : lines) {
        second.add(keptValues(reader.read(line, line.length)));
      }
    }
    int values = 0;
    int decodedAgain = 0;
    for (int i = 0; i < lines.size(); i++) {
      List<String> third = keptValues(reader.read(lines.get(i), lines.get(i).length));
      assertEquals(second.get(i), third);
      for (int k = 0; k < third.size(); k++) {
        values++;
        decodedAgain += third.get(k) == second.get(i).get(k) ? 0 : 1;
      }
    }
    assertTrue(values > 150_000, "kept values: " + values);
    assertEquals(0, decodedAgain, "kept values decoded again, of " + values);
  }

  /** The values of {@code fields} that go through the table, in a fixed order; empty for none. */
  private static List<String> keptValues(RecordFields fields) {
    List<String> out = new ArrayList<>();
    if (fields == null) {
      return out;
    }
    out.add(fields.contributor());
    out.add(fields.licence());
    out.add(fields.preference());
    out.add(fields.source());
    out.add(fields.method());
    out.addAll(fields.collectives());
    ContributionRecord.Tags tags = fields.tags();
    out.addAll(java.util.Arrays.asList(tags.language(), tags.domain(), tags.kind(), tags.scarcity()));
    for (RecordFields.StatementFields statement : fields.statements()) {
      out.add(statement.by());
      out.add(statement.collective());
      out.add(statement.terms());
      out.addAll(statement.tags());
    }
    out.removeIf(java.util.Objects::isNull);
    return out;
  }

  /**
   * The word compare against {@link Arrays#equals} on random bytes of every length from 0 to 300 (the kept strings are
   * at most {@value ByteRecordReader#TABLE_MAX_BYTES} bytes), at several offsets in a buffer, up to its very end: equal
   * bytes are the same, and a difference at any one position, or another length, is not.
   */
  @Test
  void sameBytes_everyLengthTo300AndADifferenceAtEveryPosition_asArraysEquals() {
    java.util.Random random = new java.util.Random(20);
    for (int length = 0; length <= 300; length++) {
      byte[] raw = new byte[length];
      random.nextBytes(raw);
      for (int start : new int[] {0, 1, 7, 13}) {
        for (int after : new int[] {0, 1, 9}) {
          byte[] buffer = new byte[start + length + after];
          random.nextBytes(buffer);
          System.arraycopy(raw, 0, buffer, start, length);
          assertTrue(ByteRecordReader.sameBytes(raw, buffer, start, length), "length " + length);
          for (int at = 0; at < length; at++) {
            byte was = buffer[start + at];
            buffer[start + at] = (byte) (was ^ (1 << random.nextInt(8)));
            assertEquals(Arrays.equals(raw, 0, length, buffer, start, start + length),
                ByteRecordReader.sameBytes(raw, buffer, start, length), "length " + length + ", at " + at);
            assertFalse(ByteRecordReader.sameBytes(raw, buffer, start, length));
            buffer[start + at] = was;
          }
          if (length > 0) {
            assertFalse(ByteRecordReader.sameBytes(raw, buffer, start, length - 1), "shorter, length " + length);
          }
          if (after > 0) {
            assertFalse(ByteRecordReader.sameBytes(raw, buffer, start, length + 1), "longer, length " + length);
          }
        }
      }
    }
  }

  /**
   * The word scan's test for special bytes: every byte value at every position of a word of plain bytes, and two at
   * once, is found exactly when it is a quote, a backslash, a control char or non-ASCII, and the lowest marked byte is
   * the first special one, however the bytes above it are marked.
   */
  @Test
  void specialBytes_everyByteValueAtEveryPosition_firstSpecialByteExact() {
    for (int first = 0; first < 256; first++) {
      for (int second = 0; second < 256; second += first % 16 == 0 ? 1 : 37) {
        for (int at = 0; at < Long.BYTES; at++) {
          for (int next = at + 1; next <= Long.BYTES; next++) {
            byte[] word = "abcdefgh".getBytes(StandardCharsets.US_ASCII);
            word[at] = (byte) first;
            if (next < Long.BYTES) {
              word[next] = (byte) second;
            }
            int expected = -1;
            for (int i = 0; i < Long.BYTES && expected < 0; i++) {
              int c = word[i] & 0xFF;
              expected = c == '"' || c == '\\' || c < 0x20 || c >= 0x80 ? i : -1;
            }
            long value = java.nio.ByteBuffer.wrap(word).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            long special = ByteRecordReader.specialBytes(value);
            int found = special == 0 ? -1 : Long.numberOfTrailingZeros(special) >>> 3;
            assertEquals(expected, found, () -> Arrays.toString(word));
          }
        }
      }
    }
  }

  /**
   * Every field name of a full record with one letter changed, one letter short, one letter long, and the record cut
   * at each byte around the name: the reader compares names eight bytes at a time where the record has them and
   * byte by byte near its end, and either way reads what the streaming reader reads and no unknown name.
   */
  @Test
  void read_everyFieldNameEditedOrCutAround_unknownNamesNeverRead() {
    String full = plain();
    List<String> names = List.of("schemaVersion", "id", "contributor", "collectives", "provenance", "licence",
        "released", "preference", "statements", "tags", "content", "source", "method", "created", "language",
        "domain", "kind", "scarcity", "by", "collective", "effective", "terms", "scope", "contributedFrom",
        "contributedUntil");
    int found = 0;
    for (String name : names) {
      String quoted = "\"" + name + "\":";
      int at = full.indexOf(quoted);
      if (at < 0) {
        continue;
      }
      found++;
      List<String> unknown = new ArrayList<>(List.of(name.substring(0, name.length() - 1), name + "s"));
      for (int k = 0; k < name.length(); k++) {
        unknown.add(name.substring(0, k) + (char) (name.charAt(k) ^ 0x20) + name.substring(k + 1));
      }
      for (String other : unknown) {
        byte[] text = (full.substring(0, at) + "\"" + other + "\":" + full.substring(at + quoted.length()))
            .getBytes(StandardCharsets.UTF_8);
        assertNull(assertSameFields(text), other);
      }
      byte[] text = full.getBytes(StandardCharsets.UTF_8);
      for (int cut = at; cut <= Math.min(text.length, at + quoted.length() + 10); cut++) {
        assertNull(assertSameFields(BYTES, STREAMING, text, cut), "cut at " + cut);
      }
    }
    assertTrue(found >= 20, "names found in the record: " + found);
    assertNotNull(assertSameFields(full.getBytes(StandardCharsets.UTF_8)));
  }

  /** A value kept from one field is checked again by the form of the next field it appears in. */
  @Test
  void read_keptValueInAFieldOfAnotherForm_checkedByThatForm() {
    ByteRecordReader reader = new ByteRecordReader(RecordLimits.DEFAULTS);
    String full = plain();
    byte[] asSource = full.replace("\"flywheel.example/chat\"", "\"news desk\"").getBytes(StandardCharsets.UTF_8);
    byte[] asKind = full.replace("\"kind\":\"text\"", "\"kind\":\"news desk\"").getBytes(StandardCharsets.UTF_8);
    byte[] asMethod = full.replace("\"method\":\"chat\"", "\"method\":\"news desk\"")
        .getBytes(StandardCharsets.UTF_8);
    assertEquals("news desk", assertSameFields(reader, STREAMING, asSource, asSource.length).source());
    assertNull(assertSameFields(reader, STREAMING, asKind, asKind.length));
    assertNull(assertSameFields(reader, STREAMING, asMethod, asMethod.length));
    assertNull(STREAMING.read(asKind, asKind.length));
    assertEquals("news desk", assertSameFields(reader, STREAMING, asSource, asSource.length).source());
  }

  @Test
  void read_escapesInStrings_decodedAsTheStreamingReaderDoes() {
    String full = plain();
    List<String> texts = List.of(
        full.replace("\"deny train\"", "\"deny \\u0074rain\""),
        full.replace("\"deny train\"", "\"deny\\ttrain\""),
        full.replace("\"deny train\"", "\"deny \\\"train\\\"\""),
        full.replace("\"deny train\"", "\"deny\\/train\\\\\""),
        full.replace("\"deny train\"", "\"deny \\u00e9 train\""),
        full.replace("\"deny train\"", "\"deny \\uD83D\\uDE00 train\""),
        full.replace("\"deny train\"", "\"deny \\x train\""),
        full.replace("\"deny train\"", "\"deny \\u00G9 train\""),
        full.replace("\"deny train\"", "\"d\u00e9ny \\\"train\\\"\""),
        full.replace("\"Te Hiku Media\"]", "\"Te Hiku \\u004dedia\"]"),
        full.replace("\"schemaVersion\"", "\"schema\\u0056ersion\""),
        full.replace("\"kind\":\"text\"}", "\"kind\":\"te\\u0078t\"}"));
    for (String text : texts) {
      assertSameFields(text.getBytes(StandardCharsets.UTF_8));
    }
    assertNotNull(assertSameFields(texts.get(0).getBytes(StandardCharsets.UTF_8)));
    assertNotNull(assertSameFields(texts.get(2).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A quote, escape, control char, DEL or non-ASCII character at every offset of a long string: the reader scans
   * eight plain bytes at a time, so each must be found wherever it falls within a word.
   */
  @Test
  void read_specialByteAtEveryOffsetOfAString_fieldsOfTheStreamingReader() {
    String full = plain();
    String terms = "allow train if attribution and pay collective masakhane 0.002 EUR per item; allow eval";
    assertTrue(full.contains("\"deny train\""));
    int read = 0;
    for (String piece : List.of("\\\"", "\\\\", "\\n", "\\u0041", "\u0001", "\u007f", "\u00e9", "\u4e2d",
        "\"", "\\")) {
      for (int at = 0; at <= 20; at++) {
        String edited = terms.substring(0, at) + piece + terms.substring(at);
        byte[] text = full.replace("\"deny train\"", "\"" + edited + "\"").getBytes(StandardCharsets.UTF_8);
        read += assertSameFields(text) != null ? 1 : 0;
      }
    }
    assertTrue(read >= 100, "records read: " + read);
  }

  @Test
  void read_spacingAndLiterals_acceptedOnlyWhereJsonAllowsThem() {
    String full = plain();
    List<String> texts = List.of(
        " \t\r\n" + pretty() + " \r\n\t",
        full.replace("\"schemaVersion\":1", "\"schemaVersion\":1 "),
        full.replace("\"schemaVersion\":1", "\"schemaVersion\":10"),
        full.replace("\"schemaVersion\":1", "\"schemaVersion\":1.0"),
        full.replace("\"schemaVersion\":1", "\"schemaVersion\":01"),
        full.replace("\"schemaVersion\":1", "\"schemaVersion\":-1"),
        full.replace("\"schemaVersion\":1", "\"schemaVersion\":1e0"),
        full.replace("\"contributedUntil\":null", "\"contributedUntil\":nul"),
        full.replace("\"contributedUntil\":null", "\"contributedUntil\":nullx"),
        full.replace("\"contributedUntil\":null", "\"contributedUntil\":null$"),
        full.replace("\"contributedUntil\":null", "\"contributedUntil\":NULL"),
        full.replace("\"contributedUntil\":null", "\"contributedUntil\":false"),
        full.replace("]}", "],}"),
        full.replace("[\"masakhane\"", "[,\"masakhane\""),
        full.substring(0, full.length() - 1) + ",\"extensions\":{}}",
        full,
        full + "\f",
        full + " x",
        full + "}",
        "\uFEFF" + full);
    int read = 0;
    for (String text : texts) {
      read += assertSameFields(text.getBytes(StandardCharsets.UTF_8)) != null ? 1 : 0;
    }
    assertTrue(read >= 3, "records read: " + read);
    assertNotNull(assertSameFields(texts.get(0).getBytes(StandardCharsets.UTF_8)), "spaces between tokens");
  }

  /** Limits far below the defaults: the byte reader gives up wherever the streaming reader would refuse. */
  @Property(tries = 400)
  void read_underSmallLimits_fieldsOfTheStreamingReaderOrNone(@ForAll("generatedLines") byte[] line,
      @ForAll("smallLimits") RecordLimits limits) {
    assertSameFields(new ByteRecordReader(limits), new StreamingRecordReader(new RecordJson(limits)), line,
        line.length);
  }

  /** One edit anywhere in the tree of a full record without extensions (which the byte reader leaves). */
  @Property(tries = 3000)
  void read_oneTreeEditOfAFullRecord_fieldsOfTheStreamingReader(
      @ForAll("edits") StreamingRecordReaderTest.TreeEdit edit) {
    var record = StreamingRecordReaderTest.full();
    record.remove("extensions");
    edit.applyTo(record);
    assertSameFields(record.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** One edit anywhere in the text of a generated record. */
  @Property(tries = 3000)
  void read_oneTextEditOfAGeneratedRecord_fieldsOfTheStreamingReader(@ForAll("generatedLines") byte[] line,
      @ForAll("textEdits") RecordValidatorProperties.Edit edit) {
    assertSameFields(edit.apply(new String(line, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
  }

  /** One ill-formed piece (malformed UTF-8, a lone surrogate escape) put anywhere in the bytes of a full record. */
  @Property(tries = 2000)
  void read_illFormedPieceAnywhere_neverRead(@ForAll("illFormedInsertions") byte[] text) {
    assertNull(BYTES.read(text, text.length), () -> new String(text, StandardCharsets.UTF_8));
    assertSameFields(text);
  }

  @Provide
  Arbitrary<byte[]> generatedLines() {
    return Arbitraries.of(lines(GeneratedDataset.jsonl(400, 3)));
  }

  @Provide
  Arbitrary<RecordLimits> smallLimits() {
    return Combinators.combine(Arbitraries.integers().between(200, 2000), Arbitraries.integers().between(5, 6),
        Arbitraries.integers().between(1, 120), Arbitraries.integers().between(1, 17),
        Arbitraries.integers().between(10, 90)).as((bytes, depth, string, key, tokens) ->
            new RecordLimits(bytes, depth, string, key, 64, tokens));
  }

  @Provide
  Arbitrary<StreamingRecordReaderTest.TreeEdit> edits() {
    return new StreamingRecordReaderTest().edits();
  }

  @Provide
  Arbitrary<RecordValidatorProperties.Edit> textEdits() {
    return new RecordValidatorProperties().edits();
  }

  /** A full record without extensions (so the byte reader would read it) with one ill-formed piece put in. */
  @Provide
  Arbitrary<byte[]> illFormedInsertions() {
    var record = StreamingRecordReaderTest.full();
    record.remove("extensions");
    byte[] full = record.toString().getBytes(StandardCharsets.UTF_8);
    assertNotNull(BYTES.read(full, full.length));
    return StreamingRecordReaderTest.insertionsOfIllFormedPieces(full);
  }
}
