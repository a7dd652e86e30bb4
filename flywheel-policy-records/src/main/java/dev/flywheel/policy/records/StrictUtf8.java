package dev.flywheel.policy.records;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Strict UTF-8 decoding for every text the project reads as a whole (terms files and lines, request bodies, case and
 * statement files): malformed input is refused, never replaced with U+FFFD, so that what is decided is exactly what
 * was sent. Each caller says in its own words, and with its own code, why the input was refused. Thread-safe.
 */
public final class StrictUtf8 {
  private StrictUtf8() {
  }

  /**
   * Decodes {@code length} bytes of {@code bytes} from {@code offset}.
   *
   * @param bytes the bytes
   * @param offset where the text starts
   * @param length how many bytes it has
   * @return the text, or empty when the bytes are not well-formed UTF-8
   * @throws IndexOutOfBoundsException if the range is not within {@code bytes}
   */
  public static Optional<String> decode(byte[] bytes, int offset, int length) {
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length)).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /**
   * Decodes all of {@code bytes}.
   *
   * @param bytes the bytes
   * @return the text, or empty when the bytes are not well-formed UTF-8
   */
  public static Optional<String> decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }
}
