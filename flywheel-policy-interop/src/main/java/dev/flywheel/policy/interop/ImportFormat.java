package dev.flywheel.policy.interop;

import java.util.Locale;
import java.util.Optional;

/** The signal formats that can be imported, with the words the command line uses. */
public enum ImportFormat {
  /** An IETF AIPREF {@code Content-Usage} value (RFC 9651 Dictionary), CC signals included. */
  AIPREF("aipref"),
  /** A Cloudflare {@code Content-Signal} value, or a robots.txt with {@code Content-Signal} lines. */
  CONTENT_SIGNAL("content-signal"),
  /** A robots.txt with {@code Content-Usage} (and {@code Content-Signal}) lines in user-agent groups. */
  ROBOTS("robots"),
  /** RSL 1.0: a licence file, an RSS licence feed, or an HTML page with embedded licences (told apart by content). */
  RSL("rsl"),
  /** W3C TDMRep: the {@code tdmrep.json} file, HTTP headers, HTML meta tags, or an EPUB package document. */
  TDMREP("tdmrep"),
  /** HTTP {@code X-Robots-Tag} header lines or HTML robots meta tags ({@code noai}, {@code noimageai}). */
  X_ROBOTS_TAG("x-robots-tag");

  private final String word;

  ImportFormat(String word) {
    this.word = word;
  }

  /** The command-line word, e.g. {@code content-signal}. */
  public String word() {
    return word;
  }

  /** The format spelled {@code word} (case-insensitive), if any. */
  public static Optional<ImportFormat> fromWord(String word) {
    for (ImportFormat f : values()) {
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
