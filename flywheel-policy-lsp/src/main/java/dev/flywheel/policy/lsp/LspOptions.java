package dev.flywheel.policy.lsp;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the language server.
 *
 * @param collectives collective names offered by completion after {@code pay collective}, in order, unquoted (the
 *     names paid in open documents and those a client passes as {@code initializationOptions.collectives} are added);
 *     a name the language would reject is left out
 * @param debounce how long the server waits after a change before it validates the document; a change within that
 *     time replaces the pending validation, so a burst of keystrokes is validated once, at its end
 * @param clock the time for hover's decisions and for lints about time ({@code until} in the past)
 * @param maxDocumentChars the largest document, in UTF-16 chars, the server keeps and analyses; a larger one gets one
 *     {@code input-too-long} diagnostic and no other feature
 */
public record LspOptions(List<String> collectives, Duration debounce, Clock clock, int maxDocumentChars) {
  /** The default debounce: 200 ms, below what a person notices after a pause in typing. */
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(200);
  /**
   * The default document limit, 256 Ki chars: terms hold at most 4096 code points (docs/LANGUAGE.md section 7), so
   * this leaves room for comments while bounding what one document costs the server.
   */
  public static final int DEFAULT_MAX_DOCUMENT_CHARS = 256 * 1024;

  /**
   * Creates the record: rejects missing components and out-of-range values; copies the list.
   *
   * @param collectives collective names offered by completion, unquoted
   * @param debounce the delay before validating after a change, zero or more, at most one minute
   * @param clock the time for hover and for lints about time
   * @param maxDocumentChars the largest document kept, at least 1
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the debounce is negative or over a minute, or the limit below 1
   */
  public LspOptions {
    collectives = List.copyOf(collectives);
    Objects.requireNonNull(debounce, "debounce");
    Objects.requireNonNull(clock, "clock");
    if (debounce.isNegative() || debounce.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("debounce must be between 0 and 1 minute, got " + debounce);
    }
    if (maxDocumentChars < 1) {
      throw new IllegalArgumentException("maxDocumentChars must be at least 1, got " + maxDocumentChars);
    }
  }

  /** {@return the defaults: no configured collectives, 200 ms debounce, the system clock in UTC, 256 Ki chars} */
  public static LspOptions defaults() {
    return new LspOptions(List.of(), DEFAULT_DEBOUNCE, Clock.systemUTC(), DEFAULT_MAX_DOCUMENT_CHARS);
  }

  /**
   * {@return these options with {@code names} as the configured collectives}
   *
   * @param names collective names, unquoted
   */
  public LspOptions withCollectives(List<String> names) {
    return new LspOptions(names, debounce, clock, maxDocumentChars);
  }
}
