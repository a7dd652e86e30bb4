package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.terms.TermsLimits;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RELIABILITY.md item 18 and the JSON Lines rules of docs/RECORDS.md. */
class JsonLinesReaderTest {
  private final RecordValidator validator = RecordValidator.withDefaults();

  private List<LineResult> readAll(String text) throws IOException {
    return readAll(text.getBytes(StandardCharsets.UTF_8), validator);
  }

  private static List<LineResult> readAll(byte[] bytes, RecordValidator v) throws IOException {
    List<LineResult> out = new ArrayList<>();
    try (JsonLinesReader reader = JsonLinesReader.open(new ByteArrayInputStream(bytes), v)) {
      for (LineResult r = reader.next(); r != null; r = reader.next()) {
        out.add(r);
      }
      assertNull(reader.next(), "stays at the end");
      assertEquals(out.size(), reader.linesRead());
    }
    return out;
  }

  @Test
  void next_emptyFile_hasNoLines() throws IOException {
    assertEquals(List.of(), readAll(""));
  }

  @Test
  void next_finalNewline_doesNotStartAnotherLine() throws IOException {
    String good = TestRecords.baseText();
    assertEquals(2, readAll(good + "\n" + good + "\n").size());
    assertEquals(2, readAll(good + "\n" + good).size());
    List<LineResult> withBlankEnd = readAll(good + "\n" + good + "\n\n");
    assertEquals(3, withBlankEnd.size(), "an empty line before the final newline is a line");
    assertFalse(withBlankEnd.get(2).isValid());
  }

  @Test
  void next_blankLines_areInvalidNeverDropped() throws IOException {
    String good = TestRecords.baseText();
    List<LineResult> lines = readAll(good + "\n\n   \n\t\r\n" + good + "\n");
    assertEquals(5, lines.size());
    for (int i = 1; i <= 3; i++) {
      LineResult blank = lines.get(i);
      assertEquals(i + 1, blank.lineNumber());
      assertEquals(List.of(DiagnosticCode.EMPTY_RECORD),
          blank.diagnostics().stream().map(Diagnostic::code).toList());
    }
    assertTrue(lines.get(0).isValid());
    assertTrue(lines.get(4).isValid());
  }

  @Test
  void next_crlfLineEndings_areAccepted() throws IOException {
    String good = TestRecords.baseText();
    List<LineResult> lines = readAll(good + "\r\n" + good + "\r\n");
    assertEquals(2, lines.size());
    assertTrue(lines.stream().allMatch(LineResult::isValid));
  }

  @Test
  void next_lineAtLimit_validatedAndOnePastSkippedWithItsLength() throws IOException {
    String good = TestRecords.baseText();
    int bytes = good.getBytes(StandardCharsets.UTF_8).length;
    RecordValidator exact = RecordValidator.create(RecordLimits.DEFAULTS.withMaxRecordBytes(bytes),
        TermsLimits.DEFAULTS);
    String padded = good + " ";
    List<LineResult> lines = readAll((good + "\n" + padded + "\n" + good).getBytes(StandardCharsets.UTF_8), exact);
    assertEquals(3, lines.size());
    assertTrue(lines.get(0).isValid());
    Diagnostic tooLong = lines.get(1).diagnostics().get(0);
    assertEquals(DiagnosticCode.RECORD_TOO_LONG, tooLong.code());
    assertTrue(tooLong.message().contains((bytes + 1) + " bytes"), tooLong.message());
    assertTrue(lines.get(2).isValid(), "reading resumes at the next line");
  }

  @Test
  void next_lineFarLongerThanLimit_skippedWithoutKeepingIt() throws IOException {
    RecordValidator small = RecordValidator.create(RecordLimits.DEFAULTS.withMaxRecordBytes(4096),
        TermsLimits.DEFAULTS);
    String good = TestRecords.baseText();
    // 50 MB of a single line, generated on the fly: the reader must not buffer it.
    long hugeLength = 50L * 1024 * 1024;
    InputStream in = new SequenceStream(List.of(
        (good + "\n").getBytes(StandardCharsets.UTF_8)), hugeLength, (good + "\n").getBytes(StandardCharsets.UTF_8));
    List<LineResult> lines = new ArrayList<>();
    RecordSummary summary = RecordSummary.EMPTY;
    try (JsonLinesReader reader = JsonLinesReader.open(in, small)) {
      for (LineResult r = reader.next(); r != null; r = reader.next()) {
        lines.add(r);
        summary = summary.plus(r);
        assertTrue(reader.lineBufferCapacity() <= 4096, "line buffer grew to " + reader.lineBufferCapacity());
      }
    }
    assertEquals(new RecordSummary(3, 2, 1, 0), summary);
    assertEquals(2, lines.get(1).lineNumber());
    assertTrue(lines.get(1).diagnostics().get(0).message().contains(hugeLength + " bytes"));
  }

  @Test
  void validateAll_hundredThousandLinesWithSomeInvalid_everyLineAccountedFor(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("records.jsonl");
    int total = 100_003;
    Map<Long, DiagnosticCode> expectedInvalid = new LinkedHashMap<>();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      for (long line = 1; line <= total; line++) {
        long n = line;
        String text;
        if (line % 9973 == 0) {
          text = "";
          expectedInvalid.put(line, DiagnosticCode.EMPTY_RECORD);
        } else if (line % 7919 == 0) {
          text = TestRecords.with(r -> r.put("id", "rec-" + n)).replace("\"id\"", "\"id\":1,\"id\"");
          expectedInvalid.put(line, DiagnosticCode.DUPLICATE_KEY);
        } else if (line % 5003 == 0) {
          text = TestRecords.with(r -> r.put("id", "rec-" + n).put("preference", "trian"));
          expectedInvalid.put(line, DiagnosticCode.UNKNOWN_WORD);
        } else if (line % 4001 == 0) {
          text = TestRecords.with(r -> r.put("id", "rec-" + n)).substring(5);
          expectedInvalid.put(line, DiagnosticCode.INVALID_JSON);
        } else {
          text = TestRecords.with(r -> r.put("id", "rec-" + n));
        }
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
    }
    Map<Long, DiagnosticCode> seenInvalid = new LinkedHashMap<>();
    long[] expectedNext = {1};
    RecordSummary summary;
    try (InputStream in = Files.newInputStream(file)) {
      summary = JsonLinesReader.validateAll(in, validator, r -> {
        assertEquals(expectedNext[0]++, r.lineNumber(), "lines come in order, none skipped");
        if (r.isValid()) {
          assertEquals("rec-" + r.lineNumber(), r.record().orElseThrow().id());
        } else {
          seenInvalid.put(r.lineNumber(), r.diagnostics().get(0).code());
        }
      });
    }
    assertEquals(total, summary.lines());
    assertEquals(expectedInvalid, seenInvalid);
    assertEquals(expectedInvalid.size(), summary.invalid());
    assertEquals(total - expectedInvalid.size(), summary.valid());
  }

  @Test
  void mixedExample_invalidLinesAreExactlyTheDocumentedOnes() throws IOException {
    Map<Long, DiagnosticCode> expected = new LinkedHashMap<>();
    expected.put(2L, DiagnosticCode.INVALID_JSON);
    expected.put(4L, DiagnosticCode.DUPLICATE_KEY);
    expected.put(5L, DiagnosticCode.TRAILING_CONTENT);
    expected.put(6L, DiagnosticCode.EMPTY_RECORD);
    expected.put(7L, DiagnosticCode.UNKNOWN_FIELD);
    expected.put(8L, DiagnosticCode.UNKNOWN_WORD);
    expected.put(9L, DiagnosticCode.INVALID_TIMESTAMP);
    expected.put(10L, DiagnosticCode.NESTING_TOO_DEEP);
    expected.put(11L, DiagnosticCode.VALUE_TOO_LONG);
    expected.put(12L, DiagnosticCode.INVALID_JSON);
    expected.put(13L, DiagnosticCode.INVALID_JSON);
    expected.put(14L, DiagnosticCode.INVALID_JSON);
    expected.put(15L, DiagnosticCode.UNSUPPORTED_SCHEMA_VERSION);
    expected.put(16L, DiagnosticCode.MISSING_FIELD);
    expected.put(17L, DiagnosticCode.WRONG_TYPE);
    expected.put(19L, DiagnosticCode.INVALID_VALUE);
    expected.put(20L, DiagnosticCode.KEY_TOO_LONG);
    expected.put(22L, DiagnosticCode.INVALID_TIMESTAMP);
    Map<Long, List<DiagnosticCode>> invalid = new LinkedHashMap<>();
    List<Long> warned = new ArrayList<>();
    RecordSummary summary;
    try (InputStream in = Files.newInputStream(TestRecords.examples().resolve("mixed.jsonl"))) {
      summary = JsonLinesReader.validateAll(in, validator, r -> {
        if (!r.isValid()) {
          invalid.put(r.lineNumber(), r.diagnostics().stream().map(Diagnostic::code).toList());
        } else if (!r.result().warnings().isEmpty()) {
          warned.add(r.lineNumber());
        }
      });
    }
    Map<Long, List<DiagnosticCode>> expectedLists = new LinkedHashMap<>();
    expected.forEach((line, code) -> expectedLists.put(line, List.of(code)));
    assertEquals(expectedLists, invalid);
    assertEquals(List.of(18L), warned, "the CC0 record with no-train is valid with a licence warning");
    assertEquals(new RecordSummary(23, 5, 18, 1), summary);
  }

  @Test
  void exampleRecords_allValidWithTheDocumentedWarnings() throws IOException {
    Map<String, List<DiagnosticCode>> expectedWarnings = Map.of(
        "cc0-licence-with-deny.json", List.of(DiagnosticCode.LICENCE_OVERRIDES_TERMS),
        "full.json", List.of(DiagnosticCode.LICENCE_OVERRIDES_TERMS, DiagnosticCode.LICENCE_OVERRIDES_TERMS));
    List<Path> files;
    try (var stream = Files.list(TestRecords.examples())) {
      files = stream.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertTrue(files.size() >= 8, "one example per feature: " + files);
    for (Path file : files) {
      RecordResult result = validator.validate(Files.readAllBytes(file));
      assertTrue(result.isValid(), file + " " + result.diagnostics());
      assertEquals(expectedWarnings.getOrDefault(file.getFileName().toString(), List.of()),
          result.diagnostics().stream().map(Diagnostic::code).toList(), file.toString());
    }
  }

  @Test
  void recordSummary_inconsistentCounts_rejected() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new RecordSummary(3, 1, 1, 0));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new RecordSummary(2, 1, 1, 2));
  }

  /** Head bytes, then {@code fillerLength} bytes of 'x' made on demand (no newline), then tail bytes. */
  private static final class SequenceStream extends InputStream {
    private final byte[] head;
    private final byte[] tail;
    private long filler;
    private int headPos;
    private int tailPos;
    private boolean fillerNewlineDone;

    SequenceStream(List<byte[]> heads, long fillerLength, byte[] tail) {
      this.head = heads.get(0);
      this.filler = fillerLength;
      this.tail = tail;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (headPos < head.length) {
        int n = Math.min(len, head.length - headPos);
        System.arraycopy(head, headPos, b, off, n);
        headPos += n;
        return n;
      }
      if (filler > 0) {
        int n = (int) Math.min(len, filler);
        java.util.Arrays.fill(b, off, off + n, (byte) 'x');
        filler -= n;
        return n;
      }
      if (!fillerNewlineDone) {
        fillerNewlineDone = true;
        b[off] = '\n';
        return 1;
      }
      if (tailPos < tail.length) {
        int n = Math.min(len, tail.length - tailPos);
        System.arraycopy(tail, tailPos, b, off, n);
        tailPos += n;
        return n;
      }
      return -1;
    }
  }
}
