package dev.flywheel.policy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.terms.ParseResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Deciding terms given as UTF-8 bytes: the decision of the text they encode, found without a String when cached. */
class Utf8DecideTest {
  private static final Request[] REQUESTS = {
      Request.of(Purpose.TRAIN).at(Instant.parse("2026-12-31T00:00:00Z")),
      Request.of(Purpose.TRAIN).at(Instant.parse("2027-01-01T00:00:00Z")),
      Request.of(Purpose.EVAL),
      Request.of(Purpose.SEARCH)};
  private static final List<String> TERMS = List.of("deny train until 2027-01-01; allow eval", "eval-only",
      "train if attribution", "pay collective masakhane", "pay collective \"Te Hiku Media\"",
      "pay collective \"Māori Data\"", "deny trian", "", "no-train; no-train", "allow train\u200b");

  /** {@code text} encoded inside a larger array, with other bytes around it. */
  private static byte[] padded(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[bytes.length + 7];
    java.util.Arrays.fill(out, (byte) 'x');
    System.arraycopy(bytes, 0, out, 3, bytes.length);
    return out;
  }

  @Test
  void decide_bytesOfEachExample_sameDecisionAsTheText() {
    for (long cacheSize : new long[] {0, 1, 1000}) {
      PolicyEngine bytesFirst = new DefaultPolicyEngine(
          EngineFixtures.settings(cacheSize, DefaultDecision.DENY, EngineFixtures.FIXED));
      PolicyEngine textOnly = new DefaultPolicyEngine(
          EngineFixtures.settings(cacheSize, DefaultDecision.DENY, EngineFixtures.FIXED));
      for (int round = 0; round < 3; round++) { // cold, then cached
        for (String terms : TERMS) {
          byte[] bytes = padded(terms);
          int length = bytes.length - 7;
          for (Request request : REQUESTS) {
            assertEquals(textOnly.decide(terms, request), bytesFirst.decide(bytes, 3, length, request),
                () -> terms + " / " + request + " / cache " + cacheSize);
          }
        }
      }
    }
  }

  @Test
  void decide_cachedAsciiTermsAsBytes_allocateNothing() throws Exception {
    DefaultPolicyEngine engine = EngineFixtures.engine();
    byte[] bytes = padded("deny train until 2027-01-01; allow eval");
    int length = bytes.length - 7;
    Decision[] first = new Decision[REQUESTS.length];
    for (int i = 0; i < REQUESTS.length; i++) {
      first[i] = engine.decide(bytes, 3, length, REQUESTS[i]);
    }
    for (int warm = 0; warm < 20_000; warm++) {
      engine.decide(bytes, 3, length, REQUESTS[warm % REQUESTS.length]);
    }
    long before = CacheAndConcurrencyTest.allocatedBytes();
    for (int i = 0; i < 100_000; i++) {
      if (engine.decide(bytes, 3, length, REQUESTS[i % REQUESTS.length]) != first[i % REQUESTS.length]) {
        throw new AssertionError("decision instance changed for request " + (i % REQUESTS.length));
      }
    }
    long allocated = CacheAndConcurrencyTest.allocatedBytes() - before;
    // 100,000 decisions: a String per decision would be at least 5 MB; allow only measurement noise.
    assertTrue(allocated < 4_096, "allocated " + allocated + " bytes");
    assertSame(first[0], engine.decide("deny train until 2027-01-01; allow eval", REQUESTS[0]));
  }

  /**
   * A cached key whose chars have the same low bytes as ASCII bytes ("allow \u0174rain": U+0174 ends in 0x74, 't')
   * is not those bytes. With a cache of two, every lookup compares with every front entry.
   */
  @Test
  void decide_cachedNonAsciiKeyWithTheSameLowBytes_notTakenForTheAsciiBytes() {
    PolicyEngine engine =
        new DefaultPolicyEngine(EngineFixtures.settings(2, DefaultDecision.DENY, EngineFixtures.FIXED));
    Request train = Request.of(Purpose.TRAIN);
    Decision lookalike = engine.decide("allow \u0174rain", train);
    assertEquals(Decision.Basis.ERROR, lookalike.basis());
    byte[] ascii = "allow train".getBytes(StandardCharsets.US_ASCII);
    Decision d = engine.decide(ascii, 0, ascii.length, train);
    assertEquals(engine.decide("allow train", train), d);
    assertTrue(d.isAllowed());
  }

  @Test
  void decide_keyLongerThanThePerThreadRoom_comparedCharByChar() {
    PolicyEngine engine = EngineFixtures.engine();
    String terms = "allow eval" + " ".repeat(DefaultPolicyEngine.MAX_KEY_ROOM);
    byte[] bytes = terms.getBytes(StandardCharsets.US_ASCII);
    for (int round = 0; round < 2; round++) {
      assertEquals(engine.decide(terms, REQUESTS[2]), engine.decide(bytes, 0, bytes.length, REQUESTS[2]));
    }
  }

  @Test
  void decide_malformedUtf8_deniedAsInvalidUnicode() {
    PolicyEngine engine = EngineFixtures.engine();
    byte[][] malformed = {
        {(byte) 0xC0, (byte) 0x80}, // overlong NUL
        {'a', 'l', 'l', 'o', 'w', ' ', (byte) 0xED, (byte) 0xA0, (byte) 0x80}, // an encoded surrogate
        {(byte) 0xFF}, {'e', 'v', 'a', 'l', (byte) 0xE2, (byte) 0x82}, // invalid byte, truncated sequence
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}}; // beyond U+10FFFF
    for (byte[] bytes : malformed) {
      Decision d = engine.decide(bytes, 0, bytes.length, Request.of(Purpose.EVAL));
      assertEquals(Decision.Basis.ERROR, d.basis());
      assertTrue(d instanceof Decision.Deny);
      assertEquals(List.of(DiagnosticCode.INVALID_UNICODE), d.diagnostics().stream().map(Diagnostic::code).toList());
      assertEquals(1, d.reasons().size());
    }
  }

  @Test
  void decide_rangeOutsideTheArrayOrNull_programmingErrors() {
    PolicyEngine engine = EngineFixtures.engine();
    byte[] bytes = "eval-only".getBytes(StandardCharsets.US_ASCII);
    Request eval = Request.of(Purpose.EVAL);
    assertThrows(IndexOutOfBoundsException.class, () -> engine.decide(bytes, 1, bytes.length, eval));
    assertThrows(IndexOutOfBoundsException.class, () -> engine.decide(bytes, -1, 2, eval));
    assertThrows(NullPointerException.class, () -> engine.decide((byte[]) null, 0, 0, eval));
    assertThrows(NullPointerException.class, () -> engine.decide(bytes, 0, bytes.length, null));
  }

  @Test
  void interfaceDefault_decodesAndAsksForTheText() {
    List<String> asked = new ArrayList<>();
    PolicyEngine engine = EngineFixtures.engine();
    PolicyEngine textOnly = new PolicyEngine() {
      @Override
      public Decision decide(String terms, Request request) {
        asked.add(terms);
        return engine.decide(terms, request);
      }

      @Override
      public Decision decide(ItemTerms item, Request request) {
        return engine.decide(item, request);
      }

      @Override
      public ParseResult parse(String terms) {
        return engine.parse(terms);
      }
    };
    byte[] bytes = padded("pay collective \"Māori Data\"");
    assertEquals(engine.decide("pay collective \"Māori Data\"", REQUESTS[0]),
        textOnly.decide(bytes, 3, bytes.length - 7, REQUESTS[0]));
    assertEquals(List.of("pay collective \"Māori Data\""), asked);
  }

  @Property(tries = 2000)
  void decide_anyText_bytesDecideAsTheText(@ForAll("texts") String terms) {
    PolicyEngine engine = SHARED;
    byte[] bytes = terms.getBytes(StandardCharsets.UTF_8);
    for (Request request : REQUESTS) {
      // Text with a lone surrogate has no UTF-8 form (getBytes writes '?'); compare with what the bytes encode.
      String decoded = new String(bytes, StandardCharsets.UTF_8);
      assertEquals(engine.decide(decoded, request), engine.decide(bytes, 0, bytes.length, request), terms);
    }
  }

  private static final PolicyEngine SHARED = new DefaultPolicyEngine(
      EngineFixtures.settings(64, DefaultDecision.DENY, EngineFixtures.FIXED));

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.oneOf(Arbitraries.of(TERMS.toArray(new String[0])),
        Arbitraries.strings().withChars("abdeilnortvy -;,\"'").ofMaxLength(30),
        Arbitraries.strings().all().ofMaxLength(12));
  }
}
