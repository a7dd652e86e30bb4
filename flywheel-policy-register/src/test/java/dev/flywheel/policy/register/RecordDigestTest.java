package dev.flywheel.policy.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 8785 canonical form and the release digest of a record. */
class RecordDigestTest {
  private static String canonical(String json) {
    return new String(RecordDigest.canonical(json.getBytes(StandardCharsets.UTF_8)).orElseThrow(),
        StandardCharsets.UTF_8);
  }

  private static Optional<String> digest(String json) {
    return RecordDigest.of(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void canonical_membersSortedByUtf16_noWhitespace() {
    assertEquals("{\"a\":[1,true,null],\"b\":{\"\u20ac\":\"x\",\"\ud83d\ude00\":\"y\"}}",
        canonical(" { \"b\" : {\"\ud83d\ude00\":\"y\", \"\u20ac\":\"x\"}, \"a\" : [ 1 , true , null ] } "));
  }

  @Test
  void canonical_stringEscapes_onlyQuoteBackslashAndControls() {
    assertEquals("\"q\\\"b\\\\n\\n t\\t c\\u001f s/\u00e9\"",
        canonical("\"q\\\"b\\\\n\\n t\\t c\\u001F s\\/\\u00e9\""));
  }

  @Test
  void of_reformattedRecord_keepsDigest_changedValueDoesNot() {
    String line = "{\"id\":\"rec-1\",\"preference\":\"deny train\",\"schemaVersion\":1}";
    String reformatted = "{ \"schemaVersion\": 1,\n \"preference\": \"deny\\u0020train\", \"id\": \"rec-1\" }";
    String loosened = "{\"id\":\"rec-1\",\"preference\":\"allow train\",\"schemaVersion\":1}";
    assertEquals(digest(line), digest(reformatted));
    assertNotEquals(digest(line), digest(loosened));
    assertTrue(digest(line).orElseThrow().matches("[0-9a-f]{64}"));
  }

  @Test
  void of_fractionOrHugeNumberOrDuplicateOrGarbage_hasNoDigest() {
    assertEquals(Optional.empty(), digest("{\"a\":1.5}"));
    assertEquals(Optional.empty(), digest("{\"a\":9007199254740993}"));
    assertEquals(Optional.empty(), digest("{\"a\":1,\"a\":2}"));
    assertEquals(Optional.empty(), digest("{\"a\":1} x"));
    assertEquals(Optional.empty(), digest(""));
  }
}
