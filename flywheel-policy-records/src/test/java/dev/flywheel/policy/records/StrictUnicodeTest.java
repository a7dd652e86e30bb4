package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link StrictUnicode}: its UTF-8 rule is the JDK's strict decoder ({@code CodingErrorAction.REPORT}), byte for
 * byte, first problem included; its escape rule pairs surrogate escapes and nothing else.
 */
class StrictUnicodeTest {

  /** The offset of the first malformed sequence by the JDK's strict UTF-8 decoder, or -1 when there is none. */
  private static int jdkFirstProblem(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length * 2 + 2);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      return in.position();
    }
    result = decoder.flush(out);
    return result.isError() ? in.position() : -1;
  }

  private static int firstProblem(byte[] bytes) {
    StrictUnicode.Problem problem = StrictUnicode.firstProblem(bytes, bytes.length);
    return problem == null ? -1 : problem.offset();
  }

  /** Bytes without a backslash, drawn mostly from the bytes where UTF-8's rules change. */
  @Provide
  Arbitrary<byte[]> utf8Edges() {
    Arbitrary<Byte> edges = Arbitraries.of(0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
        0xC3, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8, 0xFB, 0xFC, 0xFE,
        0xFF).map(Integer::byteValue);
    Arbitrary<Byte> any = Arbitraries.bytes().filter(b -> b != '\\');
    Arbitrary<Byte> ascii = Arbitraries.bytes().between((byte) 0x20, (byte) 0x7E).filter(b -> b != '\\');
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, edges), net.jqwik.api.Tuple.of(2, any), net.jqwik.api.Tuple.of(4, ascii))
        .array(byte[].class).ofMinSize(0).ofMaxSize(40);
  }

  @Property(tries = 20000)
  void firstProblem_anyBytesWithoutEscapes_sameAsTheJdkStrictDecoder(@ForAll("utf8Edges") byte[] bytes) {
    assertEquals(jdkFirstProblem(bytes), firstProblem(bytes), () -> HexFormat.of().formatHex(bytes));
  }

  /** The same bytes with backslashes and escapes mixed in. */
  @Provide
  Arbitrary<byte[]> utf8EdgesAndEscapes() {
    Arbitrary<byte[]> pieces = Arbitraries.oneOf(utf8Edges(),
        Arbitraries.of("\\", "\\u", "\\ud800", "\\udc00", "\\\\", "\\\"", "\\u0041")
            .map(t -> t.getBytes(StandardCharsets.US_ASCII)));
    return pieces.list().ofMaxSize(6).map(list -> {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      list.forEach(out::writeBytes);
      return out.toByteArray();
    });
  }

  /** With escapes, a surrogate escape may be found first, but malformed UTF-8 is never missed. */
  @Property(tries = 20000)
  void firstProblem_anyBytesWithEscapes_neverLaterThanTheJdkStrictDecoder(
      @ForAll("utf8EdgesAndEscapes") byte[] bytes) {
    int jdk = jdkFirstProblem(bytes);
    int ours = firstProblem(bytes);
    if (jdk >= 0) {
      assertTrue(ours >= 0 && ours <= jdk, () -> HexFormat.of().formatHex(bytes) + ": " + ours + " vs " + jdk);
    }
  }

  @Property(tries = 3000)
  void firstProblem_wellFormedTextOfAnyCodePoints_noProblem(@ForAll String text) {
    String withoutSurrogateHalves = text.codePoints()
        .filter(c -> c < 0xD800 || c > 0xDFFF)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    assertNull(StrictUnicode.firstProblem(withoutSurrogateHalves.getBytes(StandardCharsets.UTF_8),
        withoutSurrogateHalves.getBytes(StandardCharsets.UTF_8).length));
  }

  @Test
  void firstProblem_everyBoundaryOfRfc3629_acceptedOrRefusedAsTheTableSays() {
    List<String> wellFormed = List.of("7f", "c280", "dfbf", "e0a080", "e0bfbf", "e18080", "ecbfbf", "ed8080",
        "ed9fbf", "ee8080", "efbfbf", "f0908080", "f0bfbfbf", "f1808080", "f3bfbfbf", "f4808080", "f48fbfbf");
    for (String hex : wellFormed) {
      byte[] bytes = HexFormat.of().parseHex(hex);
      assertEquals(-1, firstProblem(bytes), hex);
      assertEquals(-1, jdkFirstProblem(bytes), hex);
    }
    List<String> illFormed = List.of("80", "bf", "c080", "c1bf", "c2", "c27f", "c2c0", "e09fbf", "e0a0", "eda080",
        "edbfbf", "ef80", "f08fbfbf", "f4908080", "f4bfbfbf", "f5808080", "f8", "fc", "fe", "ff", "f0908080bf");
    for (String hex : illFormed) {
      byte[] bytes = HexFormat.of().parseHex(hex);
      int expected = hex.equals("f0908080bf") ? 4 : 0;
      assertEquals(expected, firstProblem(bytes), hex);
      assertEquals(expected, jdkFirstProblem(bytes), hex);
    }
  }

  @Test
  void firstProblem_problemAfterALongAsciiRun_foundAtItsOffset() {
    for (int prefix = 0; prefix < 40; prefix++) {
      byte[] bytes = ("a".repeat(prefix) + "xx").getBytes(StandardCharsets.US_ASCII);
      bytes[prefix] = (byte) 0xC0;
      assertEquals(prefix, firstProblem(bytes), "after " + prefix + " ASCII bytes");
      byte[] escape = ("b".repeat(prefix) + "\\udc00").getBytes(StandardCharsets.US_ASCII);
      assertEquals(prefix, firstProblem(escape), "escape after " + prefix + " ASCII bytes");
    }
  }

  @Test
  void firstProblem_surrogateEscapes_onlyPairsPass() {
    List<String> fine = List.of("\\ud83d\\ude00", "\\uD83D\\uDE00", "\\u0041", "\\\\ud800", "\\\\\\\\ud800",
        "\\\"\\ud83d\\ude00", "\\ud7ff", "\\ue000", "\\uffff", "\\u", "\\u12", "\\uzzzz", "\\", "x\\");
    for (String text : fine) {
      assertEquals(-1, firstProblem(text.getBytes(StandardCharsets.US_ASCII)), text);
    }
    List<String> lone = List.of("\\ud800", "\\udbff", "\\udc00", "\\udfff", "\\ud800x", "\\ud800\\u0041",
        "\\ud800\\ud800", "\\udc00\\ud800", "\\ud800\\", "\\ud800\\u", "\\ud800\\udc0", "\\\\\\ud800");
    for (String text : lone) {
      int expected = text.startsWith("\\\\\\") ? 2 : 0;
      assertEquals(expected, firstProblem(text.getBytes(StandardCharsets.US_ASCII)), text);
    }
  }

  @Test
  void firstLoneSurrogate_pairsPassHalvesDoNot() {
    assertEquals(-1, StrictUnicode.firstLoneSurrogate("a\uD83D\uDE00b"));
    assertEquals(1, StrictUnicode.firstLoneSurrogate("a\uD800b"));
    assertEquals(1, StrictUnicode.firstLoneSurrogate("a\uDC00"));
    assertEquals(0, StrictUnicode.firstLoneSurrogate("\uD800"));
    assertEquals(0, StrictUnicode.firstLoneSurrogate("\uD800\uD800\uDC00"));
    assertEquals(2, StrictUnicode.firstLoneSurrogate("\uD800\uDC00\uDC00"));
  }

  @Test
  void firstProblem_describesTheKindWithoutQuotingText() {
    assertTrue(describe("c1b4").contains("overlong"));
    assertTrue(describe("e081b4").contains("overlong"));
    assertTrue(describe("f08081b4").contains("overlong"));
    assertTrue(describe("eda080").contains("surrogate"));
    assertTrue(describe("f4908080").contains("U+10FFFF"));
    assertTrue(describe("e282").contains("cut short"));
    assertTrue(describe("80").contains("continuation"));
  }

  private static String describe(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    return StrictUnicode.firstProblem(bytes, bytes.length).description();
  }
}
