package dev.flywheel.policy.filter.receipt;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.filter.FilteredLine;
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
 * <p>Not thread-safe: one per recorder.
 */
final class DecisionLeaf {
  private byte[] buffer = new byte[256];
  private int length;
  private final Map<Duty, byte[]> dutyTexts = new HashMap<>(); // distinct duties are few: print each once

  /** Encodes {@code line}'s leaf; the bytes are {@link #bytes()} up to {@link #length()}. */
  void encode(FilteredLine line, byte[] lineSha256) {
    length = 0;
    putLong(line.lineNumber());
    String id = line.id();
    if (id == null) {
      putByte(0);
    } else {
      putByte(1);
      putString(id.getBytes(StandardCharsets.UTF_8));
    }
    putBytes(lineSha256, lineSha256.length);
    putString(ascii(line.outcome().word()));
    putString(line.reason().map(r -> ascii(r.word())).orElse(EMPTY));
    List<Duty> duties = line.obligations();
    putInt(duties.size());
    for (Duty duty : duties) {
      putString(dutyTexts.computeIfAbsent(duty, d -> TermsPrinter.print(d).getBytes(StandardCharsets.UTF_8)));
    }
  }

  byte[] bytes() {
    return buffer;
  }

  int length() {
    return length;
  }

  private static final byte[] EMPTY = new byte[0];
  private static final Map<String, byte[]> WORDS = new java.util.concurrent.ConcurrentHashMap<>();

  private static byte[] ascii(String word) {
    return WORDS.computeIfAbsent(word, w -> w.getBytes(StandardCharsets.US_ASCII));
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

  private void putBytes(byte[] b, int n) {
    ensure(n);
    System.arraycopy(b, 0, buffer, length, n);
    length += n;
  }

  private void putString(byte[] utf8) {
    putInt(utf8.length);
    putBytes(utf8, utf8.length);
  }
}
