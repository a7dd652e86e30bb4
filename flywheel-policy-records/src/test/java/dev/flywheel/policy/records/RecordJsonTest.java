package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.DiagnosticCode;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link RecordJson#read} builds the tree in one pass and scans only text it could not read. That gives the result
 * of scanning first only if the tree read never accepts text the scan rejects (the scan is the stricter reading: it
 * sees every token, and Jackson checks some limits lazily), and if a rejected text is explained by the scan.
 */
class RecordJsonTest {
  private static final RecordJson JSON = new RecordJson(RecordLimits.DEFAULTS
      .withMaxNestingDepth(8).withMaxStringLength(40).withMaxKeyLength(12).withMaxNumberLength(6).withMaxTokens(60));

  @Property(tries = 5000)
  void read_editedRecord_sameResultAsScanningFirst(@ForAll("edited") String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    RecordJson.Read read = JSON.read(bytes, bytes.length);
    RecordJson.Read scanned = JSON.scan(bytes, bytes.length);
    if (read.node() != null) {
      assertNull(scanned, () -> "tree read accepted what the scan rejects: " + text + " -> " + scanned.failure());
    } else if (scanned != null) {
      assertEquals(scanned.failure(), read.failure(), text);
    }
    if (scanned == null) {
      // Text the scan accepts reads as a tree, or fails only on a limit Jackson checks while building it.
      assertTrue(read.node() != null || read.failure().code() == DiagnosticCode.STRING_TOO_LONG,
          () -> text + " -> " + read.failure());
    }
  }

  @Provide
  Arbitrary<String> edited() {
    String base = "{\"a\":[1,2.5e3,{\"b\":null,\"c\":\"x\\u00e9\"}],\"d\":\"text\",\"e\":true}";
    Arbitrary<String> pieces = Arbitraries.of("\"", "{", "}", "[", "]", ",", ":", "\\", " ", "\n", "1", "e", "-",
        "/", "'", "0", "\"a\":1,", "[[[[", "\"aaaaaaaaaaaaaaa\"", "1234567", "x".repeat(41), "\uFEFF", "NaN",
        "{\"a\":1}", "//c", "\u0001");
    return Combinators.combine(Arbitraries.integers().between(0, base.length()), Arbitraries.integers().between(0, 2),
        pieces, Arbitraries.integers().between(1, 3)).as((at, kind, piece, count) -> {
          String p = piece.repeat(count);
          return switch (kind) {
            case 0 -> base.substring(0, at) + p + base.substring(at);
            case 1 -> base.substring(0, at) + base.substring(Math.min(base.length(), at + count));
            default -> base.substring(0, at) + p + base.substring(Math.min(base.length(), at + p.length()));
          };
        });
  }
}
