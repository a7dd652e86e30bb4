package dev.flywheel.policy.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The filter over records whose bytes are not well-formed Unicode: each such line is {@code invalid}, never allowed,
 * and no output (allowed, denied, ledger) carries its raw bytes or a lone surrogate, with one deciding thread or
 * several.
 */
class RecordBytesFilterTest {
  private static final Request TRAIN_ALL = Request.of(Purpose.TRAIN).at(Instant.parse("2027-03-15T10:00:00Z"))
      .honouring(ObligationType.ATTRIBUTION, ObligationType.PAYMENT, ObligationType.QUOTA);
  private static final byte[] OVERLONG_T = {(byte) 0xC1, (byte) 0xB4};
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The lines: valid, bad preference bytes, valid, B4's collective name, bad content bytes, a CESU surrogate. */
  private static byte[] input() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    line(out, FilterTestData.record("rec-1", "c-1", "allow train").getBytes(StandardCharsets.UTF_8));
    String trainX = FilterTestData.record("rec-2", "c-2", "allow XXrain");
    line(out, replace(trainX, "XX", OVERLONG_T));
    line(out, FilterTestData.record("rec-3", "c-3", "allow train").getBytes(StandardCharsets.UTF_8));
    String payee = FilterTestData.collectiveRecord("rec-4", "c-4", "masakhaneYY", "allow train if pay collective "
        + "masakhane 1 EUR");
    line(out, payee.replace("masakhaneYY", "masakhane\\ud800").getBytes(StandardCharsets.UTF_8));
    var content = FilterTestData.node("rec-5", "c-5", "allow train");
    content.put("content", "helloXXworld");
    line(out, replace(content.toString(), "XX", OVERLONG_T));
    var cesu = FilterTestData.node("rec-6", "c-6", "allow train");
    cesu.put("content", "helloXXworld");
    line(out, replace(cesu.toString(), "XX", HexFormat.of().parseHex("eda080")));
    return out.toByteArray();
  }

  private static void line(ByteArrayOutputStream out, byte[] bytes) {
    out.writeBytes(bytes);
    out.write('\n');
  }

  private static byte[] replace(String text, String mark, byte[] with) {
    int at = text.indexOf(mark);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(with);
    out.writeBytes(text.substring(at + mark.length()).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** Outputs written as the command line writes them: allowed lines, the others, and the ledger. */
  private record Outputs(List<FilteredLine> lines, byte[] allowed, byte[] denied, byte[] ledger) {}

  private static Outputs filter(int threads) throws IOException {
    RecordFilter filter = RecordFilter.builder(FilterTestData.ENGINE).request(TRAIN_ALL).threads(threads).build();
    ByteArrayOutputStream allowed = new ByteArrayOutputStream();
    ByteArrayOutputStream denied = new ByteArrayOutputStream();
    List<FilteredLine> lines = new ArrayList<>();
    Ledger ledger;
    try (FilteredLineJson allowedOut = FilteredLineJson.to(allowed);
        FilteredLineJson deniedOut = FilteredLineJson.to(denied)) {
      ledger = filter.filter(new ByteArrayInputStream(input()), line -> {
        lines.add(line);
        try {
          (line.isAllowed() ? allowedOut : deniedOut).write(line);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
    byte[] ledgerBytes = MAPPER.writeValueAsBytes(LedgerJson.toJson(ledger));
    return new Outputs(lines, allowed.toByteArray(), denied.toByteArray(), ledgerBytes);
  }

  private static void assertStrictUtf8(byte[] bytes, String what) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      throw new AssertionError(what + " is not well-formed UTF-8", e);
    }
    // Read back as JSON, no string holds a lone surrogate (an escape written by the record stays text: \\ud800).
    try {
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
        if (!line.isEmpty()) {
          assertNoLoneSurrogate(MAPPER.readTree(line), what);
        }
      }
    } catch (IOException e) {
      throw new AssertionError(what + " is not JSON", e);
    }
  }

  private static void assertNoLoneSurrogate(com.fasterxml.jackson.databind.JsonNode node, String what) {
    if (node.isTextual()) {
      String text = node.textValue();
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1));
        assertFalse(Character.isSurrogate(c) && !paired, what + " holds a lone surrogate: " + text);
        i += paired ? 1 : 0;
      }
    }
    node.properties().forEach(e -> {
      assertNoLoneSurrogate(MAPPER.getNodeFactory().textNode(e.getKey()), what);
      assertNoLoneSurrogate(e.getValue(), what);
    });
    if (node.isArray()) {
      node.forEach(n -> assertNoLoneSurrogate(n, what));
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static void assertOutcomes(Outputs outputs) {
    assertEquals(List.of(Outcome.ALLOWED, Outcome.INVALID, Outcome.ALLOWED, Outcome.INVALID, Outcome.INVALID,
        Outcome.INVALID), outputs.lines().stream().map(FilteredLine::outcome).toList());
    for (int i : List.of(1, 3, 4, 5)) {
      FilteredLine line = outputs.lines().get(i);
      assertEquals(List.of(DiagnosticCode.INVALID_UNICODE),
          line.diagnostics().stream().map(Diagnostic::code).toList(), line::toString);
      assertEquals(DenialReason.INVALID_RECORD, line.reason().orElseThrow());
    }
  }

  @Test
  void review01_overlongUtf8InPreference_filterLineIsInvalidNeverAllowed() throws IOException {
    Outputs outputs = filter(1);
    assertOutcomes(outputs);
    FilteredLine bad = outputs.lines().get(1);
    assertFalse(bad.isAllowed());
    assertTrue(bad.record().isEmpty());
    assertEquals("/preference", bad.diagnostics().get(0).pointer());
  }

  @Test
  void review01_illFormedBytes_neverReachTheAllowedOutputNorAnyOther() throws IOException {
    for (int threads : List.of(1, 3)) {
      Outputs outputs = filter(threads);
      assertOutcomes(outputs);
      assertFalse(contains(outputs.allowed(), OVERLONG_T), "allowed output carries the overlong bytes");
      assertFalse(contains(outputs.allowed(), HexFormat.of().parseHex("eda080")), "allowed output carries CESU");
      assertStrictUtf8(outputs.allowed(), "the allowed output");
      assertStrictUtf8(outputs.denied(), "the denied output");
      assertStrictUtf8(outputs.ledger(), "the ledger");
      String allowed = new String(outputs.allowed(), StandardCharsets.UTF_8);
      assertEquals(2, allowed.lines().count(), allowed);
      assertTrue(allowed.contains("\"rec-1\"") && allowed.contains("\"rec-3\""), allowed);
      assertEquals(4, new String(outputs.denied(), StandardCharsets.UTF_8).lines().count());
    }
  }

  /** B4: the collective name with a lone surrogate validated, then the ledger could not be written. */
  @Test
  void review04_collectiveNameWithLoneSurrogate_invalidAndAbsentFromTheLedger() throws IOException {
    Outputs outputs = filter(1);
    FilteredLine payee = outputs.lines().get(3);
    assertEquals(Outcome.INVALID, payee.outcome());
    assertEquals("/collectives/0", payee.diagnostics().get(0).pointer());
    String ledger = new String(outputs.ledger(), StandardCharsets.UTF_8);
    assertFalse(ledger.contains("masakhane"), ledger);
    assertStrictUtf8(outputs.ledger(), "the ledger");
    var records = MAPPER.readTree(outputs.ledger()).get("records");
    assertEquals(6, records.get("read").asLong());
    assertEquals(2, records.get("allowed").asLong());
    assertEquals(4, records.get("invalid").asLong());
  }
}
