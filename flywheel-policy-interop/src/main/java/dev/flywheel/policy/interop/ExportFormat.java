package dev.flywheel.policy.interop;

import java.util.Locale;
import java.util.Optional;

/** The signal formats terms can be exported to. */
public enum ExportFormat {
  /** An IETF AIPREF {@code Content-Usage} value. */
  AIPREF("aipref", "Content-Usage"),
  /** A Cloudflare {@code Content-Signal} value. */
  CONTENT_SIGNAL("content-signal", "Content-Signal");

  private final String word;
  private final String fieldName;

  ExportFormat(String word, String fieldName) {
    this.word = word;
    this.fieldName = fieldName;
  }

  /** The command-line word. */
  public String word() {
    return word;
  }

  /** The header / robots.txt field name, e.g. {@code Content-Usage}. */
  public String fieldName() {
    return fieldName;
  }

  /** The format spelled {@code word} (case-insensitive), if any. */
  public static Optional<ExportFormat> fromWord(String word) {
    for (ExportFormat f : values()) {
      if (f.word.equals(word.toLowerCase(Locale.ROOT))) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return word;
  }
}
