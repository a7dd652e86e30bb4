package dev.flywheel.policy;

import java.util.Optional;

/**
 * Every diagnostic the project reports, with its stable code.
 *
 * <p>The {@link #id() id} is the public, scriptable name of a problem (it appears in text and JSON output and in the
 * conformance suite) and never changes meaning once released. New codes are added to the section of the stage that
 * reports them. Every code is documented with an example: terms and decision codes
 * in {@code docs/LANGUAGE.md}, record codes in {@code docs/RECORDS.md}, import and export codes in
 * {@code docs/INTEROP.md}.
 */
public enum DiagnosticCode {
  // ---- Input as a whole (checked before lexing) ----
  /** The terms are empty or only whitespace. */
  EMPTY_TERMS("empty-terms", Severity.ERROR),
  /** The terms are longer than the configured limit (code points), checked before any lexing. */
  INPUT_TOO_LONG("input-too-long", Severity.ERROR),
  /** The terms have more clauses than the configured limit. */
  TOO_MANY_CLAUSES("too-many-clauses", Severity.ERROR),
  /**
   * More diagnostics were found than the configured cap; the rest are not reported. An error when any of the
   * diagnostics found is an error, otherwise a warning (the only code whose severity varies).
   */
  TOO_MANY_DIAGNOSTICS("too-many-diagnostics", Severity.ERROR),

  // ---- Characters ----
  /** A non-ASCII character that looks like an ASCII letter, e.g. Cyrillic {@code е} in {@code еval-only}. */
  CONFUSABLE_CHARACTER("confusable-character", Severity.ERROR),
  /** A zero-width or otherwise invisible character (U+200B, U+200D, U+2060, U+FEFF, ...). */
  INVISIBLE_CHARACTER("invisible-character", Severity.ERROR),
  /** A bidirectional control (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C). */
  BIDI_CONTROL("bidi-control", Severity.ERROR),
  /** A C0 or C1 control character (NUL, ESC, ...); tab, CR and LF are whitespace. */
  CONTROL_CHARACTER("control-character", Severity.ERROR),
  /** A lone surrogate or a noncharacter: text that is not well-formed Unicode. */
  INVALID_UNICODE("invalid-unicode", Severity.ERROR),
  /** Any other non-ASCII character outside a quoted name. */
  NON_ASCII_CHARACTER("non-ascii-character", Severity.ERROR),
  /** A character that starts no token of the language. */
  UNEXPECTED_CHARACTER("unexpected-character", Severity.ERROR),

  // ---- Words and syntax ----
  /** A keyword written with upper-case letters ({@code EVAL-ONLY}); keywords are lower-case ASCII. */
  UPPERCASE_KEYWORD("uppercase-keyword", Severity.ERROR),
  /** A word that is not part of the language where it stands ({@code trian}). */
  UNKNOWN_WORD("unknown-word", Severity.ERROR),
  /** A token that cannot stand where it stands. */
  UNEXPECTED_TOKEN("unexpected-token", Severity.ERROR),
  /** A {@code deny} clause with conditions ({@code deny train if attribution}): conditions belong to allow. */
  DENY_WITH_CONDITIONS("deny-with-conditions", Severity.ERROR),
  /** A clause that could have ended is followed by the start of another: a {@code ;} is missing between them. */
  MISSING_SEMICOLON("missing-semicolon", Severity.ERROR),
  /** The input ends in the middle of a clause. */
  INCOMPLETE_CLAUSE("incomplete-clause", Severity.ERROR),
  /** Two separators with nothing between them ({@code allow eval;; deny train}), or a leading separator. */
  EMPTY_CLAUSE("empty-clause", Severity.ERROR),
  /** A quoted name with no closing quote. */
  UNTERMINATED_STRING("unterminated-string", Severity.ERROR),
  /** A backslash in a quoted name that is not {@code \"} or {@code \\}. */
  INVALID_ESCAPE("invalid-escape", Severity.ERROR),

  // ---- Values ----
  /** A date or instant that is malformed or does not exist ({@code 2027-02-30}, {@code 2027-1-1}). */
  INVALID_DATE("invalid-date", Severity.ERROR),
  /** A clause with two {@code until} or two {@code from} bounds. */
  DUPLICATE_TIME_BOUND("duplicate-time-bound", Severity.ERROR),
  /** A clause whose {@code from} is not before its {@code until}: it could never be active. */
  EMPTY_TIME_WINDOW("empty-time-window", Severity.ERROR),
  /** A price that is malformed, negative, too large or too precise. */
  INVALID_AMOUNT("invalid-amount", Severity.ERROR),
  /** A currency that is not three upper-case letters. */
  INVALID_CURRENCY("invalid-currency", Severity.ERROR),
  /** A volume cap that is zero, too large or not a whole number. */
  INVALID_LIMIT("invalid-limit", Severity.ERROR),
  /** A collective name longer than the configured limit. */
  NAME_TOO_LONG("name-too-long", Severity.ERROR),
  /**
   * A collective name, in terms or in a record, that breaks the name rules (docs/LANGUAGE.md section 3): empty, a
   * space other than one U+0020 between words, not in Unicode NFC, a character outside the identifier profile, scripts
   * mixed in a way UTS #39 does not allow, or a word that imitates an ASCII word.
   */
  INVALID_NAME("invalid-name", Severity.ERROR),

  // ---- Warnings about accepted terms ----
  /** The same purpose twice in one list, or the same condition twice in one clause. */
  DUPLICATE_ENTRY("duplicate-entry", Severity.WARNING),
  /** Two {@code -only} clauses deny each other's purposes, so neither purpose is allowed. */
  CONFLICTING_ONLY("conflicting-only", Severity.WARNING),

  // ---- Lints (TermsLints): warnings about valid terms, never part of a parse and never changing a decision ----
  /** A clause that no request can ever be decided by, e.g. the allow of {@code no-train; allow train}. */
  DEAD_CLAUSE("dead-clause", Severity.WARNING),
  /** A clause whose {@code until} is at or before the time it is checked for: it decides nothing from then on. */
  EXPIRED_CLAUSE("expired-clause", Severity.WARNING),

  // ---- Records ----
  /** A record that is empty, or a line of a JSON Lines file that is blank: every line must hold one record. */
  EMPTY_RECORD("empty-record", Severity.ERROR),
  /** A record that is not well-formed JSON (syntax error, comment, single quotes, NaN, bad UTF-8, ...). */
  INVALID_JSON("invalid-json", Severity.ERROR),
  /** The same key twice in one JSON object; never resolved by taking the last one. */
  DUPLICATE_KEY("duplicate-key", Severity.ERROR),
  /** Anything but whitespace after the end of the record's JSON value. */
  TRAILING_CONTENT("trailing-content", Severity.ERROR),
  /** A record (or JSON Lines line) longer than the configured limit in bytes, checked before parsing. */
  RECORD_TOO_LONG("record-too-long", Severity.ERROR),
  /** Arrays and objects nested deeper than the configured limit. */
  NESTING_TOO_DEEP("nesting-too-deep", Severity.ERROR),
  /** A JSON string value longer than the configured limit. */
  STRING_TOO_LONG("string-too-long", Severity.ERROR),
  /** A JSON object key longer than the configured limit. */
  KEY_TOO_LONG("key-too-long", Severity.ERROR),
  /** A JSON number with more characters than the configured limit. */
  NUMBER_TOO_LONG("number-too-long", Severity.ERROR),
  /** A record with more JSON tokens than the configured limit. */
  TOO_MANY_TOKENS("too-many-tokens", Severity.ERROR),
  /** A record field the schema does not define (anything else belongs under {@code extensions}). */
  UNKNOWN_FIELD("unknown-field", Severity.ERROR),
  /** A required record field is absent. */
  MISSING_FIELD("missing-field", Severity.ERROR),
  /** A record field of the wrong JSON type (a number where a string is expected, ...). */
  WRONG_TYPE("wrong-type", Severity.ERROR),
  /** A record field whose value the schema does not allow (pattern, enumeration, repeated item, ...). */
  INVALID_VALUE("invalid-value", Severity.ERROR),
  /** A record field over its schema bound: a string too long, an array or object with too many entries. */
  VALUE_TOO_LONG("value-too-long", Severity.ERROR),
  /** A {@code schemaVersion} other than the one this library reads. */
  UNSUPPORTED_SCHEMA_VERSION("unsupported-schema-version", Severity.ERROR),
  /** A record time that is not an RFC 3339 instant ({@code 2026-03-01T12:00:00Z}) or does not exist. */
  INVALID_TIMESTAMP("invalid-timestamp", Severity.ERROR),
  /** A collective statement about a collective the record does not belong to: it never applies. */
  COLLECTIVE_NOT_LISTED("collective-not-listed", Severity.WARNING),
  /**
   * The record's irrevocable licence keeps allowed a use its terms deny: the licence floor decides, the terms' deny
   * has no effect there.
   */
  LICENCE_OVERRIDES_TERMS("licence-overrides-terms", Severity.WARNING),

  // ---- Interop ----
  /** An imported signal uses a label or key that its format does not define (or an older draft's label). */
  UNKNOWN_LABEL("unknown-label", Severity.WARNING),
  /** An imported signal carries a parameter or extension that has no meaning for the import; it is ignored. */
  IGNORED_PARAMETER("ignored-parameter", Severity.WARNING),
  /** A label or key appears twice in one imported signal; the last one wins (as the signal's format says). */
  DUPLICATE_LABEL("duplicate-label", Severity.WARNING),
  /** A value in an imported signal is not one its format defines; the signal means "unknown" for that category. */
  MALFORMED_SIGNAL("malformed-signal", Severity.WARNING),
  /** Something in the source has no equivalent on the other side and was left out. */
  NO_EQUIVALENT("no-equivalent", Severity.WARNING),
  /** An export had to say less than the terms (a conditional or time-limited allow exported as a refusal). */
  LOSSY_EXPORT("lossy-export", Severity.WARNING),
  /** A mapping that is a documented approximation (a derived collective name, a purpose chosen by convention). */
  APPROXIMATE_MAPPING("approximate-mapping", Severity.WARNING),
  /** Purposes the imported signal leaves unknown: the terms say nothing about them, so the default decides. */
  UNKNOWN_CATEGORY("unknown-category", Severity.WARNING),
  /** The import found no preference at all: the resulting terms would say nothing, so none are produced. */
  NO_PREFERENCE("no-preference", Severity.WARNING),
  /**
   * An imported signal cannot be used at all: a TDMRep file that is not an array of rules. (JSON that is not
   * well-formed is {@code invalid-json}; an AIPREF value that does not parse is a {@code malformed-signal} warning.)
   */
  MALFORMED_INPUT("malformed-input", Severity.ERROR),
  /** An imported XML document is not well-formed. */
  MALFORMED_XML("malformed-xml", Severity.ERROR),
  /** An imported XML document uses a construct refused for safety (a DTD, an entity declaration). */
  FORBIDDEN_XML("forbidden-xml", Severity.ERROR),

  // ---- Decisions ----
  /** An unexpected failure inside the engine; the decision is deny. */
  INTERNAL_ERROR("internal-error", Severity.ERROR),
  /** The deciding thread was interrupted; the decision is deny and the interrupt flag is kept. */
  INTERRUPTED("interrupted", Severity.ERROR);

  private static final DiagnosticCode[] VALUES = values();
  private final String id;
  private final Severity severity;

  DiagnosticCode(String id, Severity severity) {
    this.id = id;
    this.severity = severity;
  }

  /** {@return the stable, lower-case, hyphenated code, e.g. {@code unknown-word}} */
  public String id() {
    return id;
  }

  /** {@return the severity this code is always reported with} */
  public Severity severity() {
    return severity;
  }

  /**
   * {@return the code whose {@link #id()} is {@code id}, if any}
   *
   * @param id a code as written in output, e.g. {@code unknown-word}; {@code null} gives empty
   */
  public static Optional<DiagnosticCode> fromId(String id) {
    for (DiagnosticCode c : VALUES) {
      if (c.id.equals(id)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return id;
  }
}
