package dev.flywheel.policy.filter.receipt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flywheel.policy.filter.Ledger;
import dev.flywheel.policy.filter.LedgerJson;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of a ledger file: {@link LedgerJson#toJson(Ledger)} pretty-printed, a line feed, UTF-8. The filter's
 * {@code --ledger} writes exactly these, and a receipt's {@code ledgerSha256} is their SHA-256.
 */
public final class LedgerBytes {
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private LedgerBytes() {
  }

  /**
   * Encodes the ledger strictly: a string that is not valid Unicode (a lone surrogate) is an error, never a
   * replacement character in a file that then looks complete.
   *
   * @param ledger the ledger
   * @return its file's bytes
   * @throws CharacterCodingException if a string in it is not valid Unicode
   */
  public static byte[] of(Ledger ledger) throws CharacterCodingException {
    String text;
    try {
      text = PRETTY.writeValueAsString(LedgerJson.toJson(ledger)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
    ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .encode(CharBuffer.wrap(text));
    return Arrays.copyOfRange(bytes.array(), bytes.arrayOffset() + bytes.position(),
        bytes.arrayOffset() + bytes.limit());
  }
}
