package dev.flywheel.policy.filter.receipt;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.filter.DenialReason;
import dev.flywheel.policy.filter.FilteredLine;
import dev.flywheel.policy.filter.Outcome;
import dev.flywheel.policy.grammar.TermsPrinter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes one line's leaf of a receipt's {@code decisionsRoot} (docs/AUDIT.md, "The leaf"), into a buffer reused from
 * line to line. All integers are big-endian; every string is UTF-8 preceded by its length as a 4-byte integer:
 *
 * <pre>
 * leaf = line number (8 bytes)
 *      || 0x00 (invalid line, no id) | 0x01 || id
 *      || SHA-256 of the line's bytes, without its line break (32 bytes; 32 zero bytes for a line too long to keep)
 *      || outcome word (allowed | denied | invalid)
 *      || reason word ("" when allowed)
 *      || number of obligations (4 bytes) || each obligation's canonical text (docs/LANGUAGE.md), in the decision's order
 * </pre>
 *
 * <p>Not thread-safe: one per thread that encodes leaves (the recorder's, and each deciding thread's).
 */
final class DecisionLeaf {
  private byte[] buffer = new byte[256];
  private int length;
  /** The most duties' printed texts kept per encoder. */
  static final int MAX_DUTY_TEXTS = 1024;

  private final Map<Duty, byte[]> dutyTexts = new HashMap<>(); // distinct duties are few: print each once

  /** Encodes {@code line}'s leaf as settled; the bytes are {@link #bytes()} up to {@link #length()}. */
  void encode(FilteredLine line, byte[] lineSha256) {
    encode(line, lineSha256, 0);
  }

  /** Encodes {@code line}'s leaf as settled, its line's SHA-256 at {@code shaOffset} of {@code lineSha256}. */
  void encode(FilteredLine line, byte[] lineSha256, int shaOffset) {
    encode(line.lineNumber(), line.id(), lineSha256, shaOffset, line.outcome(),
        line.reason().orElse(null), line.obligations());
  }

  /**
   * Encodes one leaf from its parts; the bytes are {@link #bytes()} up to {@link #length()}.
   *
   * @param lineNumber the line number
   * @param id the record's id, or null for an invalid line
   * @param lineSha256 holds the SHA-256 of the line's bytes at {@code shaOffset}
   * @param shaOffset where in {@code lineSha256} the 32 bytes start
   * @param outcome the line's outcome
   * @param reason why it is not allowed, or null when it is
   * @param duties its obligations (empty unless allowed)
   */
  void encode(long lineNumber, String id, byte[] lineSha256, int shaOffset, Outcome outcome, DenialReason reason,
      List<Duty> duties) {
    length = 0;
    putLong(lineNumber);
    if (id == null) {
      putByte(0);
    } else {
      putByte(1);
      putString(id.getBytes(StandardCharsets.UTF_8));
    }
    ensure(32);
    System.arraycopy(lineSha256, shaOffset, buffer, length, 32);
    length += 32;
    putString(OUTCOME_WORDS[outcome.ordinal()]);
    putString(reason == null ? EMPTY : REASON_WORDS[reason.ordinal()]);
    putInt(duties.size());
    for (int i = 0; i < duties.size(); i++) {
      Duty duty = duties.get(i);
      byte[] text = dutyTexts.get(duty);
      if (text == null) {
        if (dutyTexts.size() >= MAX_DUTY_TEXTS) {
          dutyTexts.clear(); // a cache, bounded: distinct duties are usually few
        }
        text = TermsPrinter.print(duty).getBytes(StandardCharsets.UTF_8);
        dutyTexts.put(duty, text);
      }
      putString(text);
    }
  }

  /** {@return how many duties' texts are kept} */
  int cachedDutyTexts() {
    return dutyTexts.size();
  }

  byte[] bytes() {
    return buffer;
  }

  int length() {
    return length;
  }

  private static final byte[] EMPTY = new byte[0];
  // Each word's bytes by the enum's ordinal: every leaf holds two, so they are encoded once, not looked up by text.
  private static final byte[][] OUTCOME_WORDS = words(Outcome.values(), Outcome::word);
  private static final byte[][] REASON_WORDS = words(DenialReason.values(), DenialReason::word);

  private static <E extends Enum<E>> byte[][] words(E[] values, java.util.function.Function<E, String> word) {
    byte[][] words = new byte[values.length][];
    for (E value : values) {
      words[value.ordinal()] = word.apply(value).getBytes(StandardCharsets.US_ASCII);
    }
    return words;
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }

  private void putByte(int b) {
    ensure(1);
    buffer[length++] = (byte) b;
  }

  private void putInt(int v) {
    ensure(4);
    buffer[length++] = (byte) (v >>> 24);
    buffer[length++] = (byte) (v >>> 16);
    buffer[length++] = (byte) (v >>> 8);
    buffer[length++] = (byte) v;
  }

  private void putLong(long v) {
    putInt((int) (v >>> 32));
    putInt((int) v);
  }

  private void putString(byte[] utf8) {
    putInt(utf8.length);
    ensure(utf8.length);
    System.arraycopy(utf8, 0, buffer, length, utf8.length);
    length += utf8.length;
  }
}
