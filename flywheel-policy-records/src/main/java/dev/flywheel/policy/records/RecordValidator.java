package dev.flywheel.policy.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.IrrevocableLicence;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.grammar.NameRules;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.Policy;
import dev.flywheel.policy.terms.TermsLimits;
import java.time.Instant;
import java.time.Month;
import java.time.Year;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Validates contribution records (JSON, schema version 1, {@code docs/RECORDS.md}) from untrusted sources.
 *
 * <p><b>Contract.</b> Thread-safe and immutable: build one and share it. No method throws because of the input:
 * every problem, including an exhausted {@link RecordLimits limit} or an internal failure, is a {@link Diagnostic}
 * in the {@link RecordResult}, and a record is returned only when there is no error. Reading is strict: text that is
 * not well-formed Unicode (malformed UTF-8 of any kind, a surrogate escape not in a pair) is
 * {@code invalid-unicode} before the JSON is read, never repaired; duplicate keys, content after the record,
 * comments, single quotes and non-numeric numbers are errors; {@code schemaVersion} is the literal {@code 1}; every
 * limit is checked while reading, so no tree grows past one. The record is then checked against the bundled JSON
 * Schema (resource {@value #SCHEMA_RESOURCE}; a record that follows it is read and checked in one streaming pass,
 * and only others go through the general schema validator, with the same result), its times must be RFC 3339
 * instants, its terms are parsed by a {@link PolicyEngine} ({@link PolicyEngine#prepare}), and its collective names (in {@code collectives} and in
 * collective statements) must follow {@link NameRules}, as names in terms do. Each diagnostic carries a JSON Pointer; diagnostics
 * from the terms parser keep their span within the terms string, under the pointer of that string
 * ({@code /preference}, {@code /statements/N/terms}). Nothing is ever fetched over a network.
 *
 * <p>A validator made with {@link #create(RecordLimits, PolicyEngine)} parses terms through the engine that decides
 * the records afterwards, so that each distinct terms text is parsed once in the process: the engine keeps the
 * compiled form of that parse under the text as written and, when that is not canonical, under the canonical text a
 * record holds, so a record's terms are decided from it without a second parse.
 */
public final class RecordValidator {

  /** The class-path resource holding the record schema (JSON Schema 2020-12). */
  public static final String SCHEMA_RESOURCE = "dev/flywheel/policy/records/" + RecordSchema.RESOURCE;

  /** The schema version this validator reads. */
  public static final int SCHEMA_VERSION = 1;

  /** Longest accepted time string: {@code 2026-03-01T12:00:00.123456789+05:30}. */
  static final int MAX_INSTANT_LENGTH = 35;

  private static final RecordSchema SCHEMA = RecordSchema.bundled();

  private final RecordLimits limits;
  /**
   * Most distinct terms texts whose validation result is remembered, weighed by length in chars: a dataset repeats a
   * few terms over millions of records, and asking the engine to parse them again for each record would cost more
   * than the rest of validation. The engine's cache keeps compiled terms for deciding, with a bounded number of
   * diagnostics and no tree; this one keeps what validation reports and checks: every diagnostic, the tree for the
   * licence floor, the canonical text. Parsing is deterministic, so a remembered result is the result a new parse
   * would give. The weight bound keeps memory at a few megabytes whatever the input.
   */
  static final long PARSE_CACHE_CHARS = 1L << 20;

  /** The engine that parses terms; one without a cache when the validator has its own. */
  private final PolicyEngine engine;
  /** The limits the validator's own engine was built with; null when the engine was given. */
  private final TermsLimits ownTermsLimits;
  private final RecordJson json;
  private final StreamingRecordReader streaming;
  private final ByteRecordReader bytesReader;
  private final Cache<String, Parsed> parsed;

  private RecordValidator(RecordLimits limits, PolicyEngine engine, TermsLimits ownTermsLimits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.ownTermsLimits = ownTermsLimits;
    this.json = new RecordJson(limits);
    this.streaming = new StreamingRecordReader(json);
    this.bytesReader = new ByteRecordReader(limits);
    this.parsed = Caffeine.newBuilder()
        .maximumWeight(PARSE_CACHE_CHARS)
        .weigher((String terms, Parsed p) -> terms.length() + 1)
        .executor(Runnable::run)
        .build();
  }

  /**
   * A parse of one terms text, the canonical text of its policy (null when invalid), and the clauses an irrevocable
   * licence overrides ({@link LicenceFloor#candidates}; empty for most terms and when invalid), found once here
   * rather than for every record under such a licence. They hold parts of the canonical text, so they add at most a
   * few times the text's length to what the cache's weight bound keeps.
   */
  private record Parsed(ParseResult result, String canonical, List<LicenceFloor.Overridden> overridden) {}

  private Parsed parseTerms(String text) {
    return parsed.get(text, t -> {
      ParseResult result = engine.prepare(t);
      Policy policy = result.policy().orElse(null);
      return policy == null ? new Parsed(result, null, List.of())
          : new Parsed(result, TermsPrinter.print(policy), LicenceFloor.candidates(policy));
    });
  }

  /** {@return a validator with {@link RecordLimits#DEFAULTS} and {@link TermsLimits#DEFAULTS}} */
  public static RecordValidator withDefaults() {
    return create(RecordLimits.DEFAULTS, TermsLimits.DEFAULTS);
  }

  /**
   * {@return a validator with the given limits, parsing terms itself} It keeps no compiled terms: an engine that
   * decides the records parses their terms again. To parse each terms text once, use
   * {@link #create(RecordLimits, PolicyEngine)} with the deciding engine.
   *
   * @param limits the bounds on a record's JSON
   * @param termsLimits the bounds on the terms inside a record
   * @throws NullPointerException if either is null
   */
  public static RecordValidator create(RecordLimits limits, TermsLimits termsLimits) {
    Objects.requireNonNull(termsLimits, "termsLimits");
    PolicyEngine parser = PolicyEngine.builder().limits(termsLimits).maximumCacheSize(0).build();
    return new RecordValidator(limits, parser, termsLimits);
  }

  /**
   * {@return a validator with the given JSON limits that parses terms through {@code engine}} Terms are parsed under
   * the engine's limits, with {@link PolicyEngine#prepare}, so that the engine decides the validated records from the
   * same parse: give it the engine that decides them. Results are those of a validator with the engine's limits.
   *
   * @param limits the bounds on a record's JSON
   * @param engine the engine that parses (and later decides) the records' terms; thread-safe, shared
   * @throws NullPointerException if either is null
   */
  public static RecordValidator create(RecordLimits limits, PolicyEngine engine) {
    return new RecordValidator(limits, engine, null);
  }

  /** {@return the JSON limits} */
  public RecordLimits limits() {
    return limits;
  }

  /**
   * {@return the limits applied to each terms string by this validator's own parser; empty for a validator made with
   * {@link #create(RecordLimits, PolicyEngine)}, whose engine's limits apply}
   */
  public Optional<TermsLimits> termsLimits() {
    return Optional.ofNullable(ownTermsLimits);
  }

  /**
   * Validates one record given as UTF-8 bytes.
   *
   * @param utf8 the record's JSON text as UTF-8 bytes; not modified, not kept
   * @return the record and its warnings, or the errors; never {@code null}
   * @throws NullPointerException if {@code utf8} is null
   */
  public RecordResult validate(byte[] utf8) {
    Objects.requireNonNull(utf8, "utf8");
    return validate(utf8, utf8.length);
  }

  /**
   * Validates one record given as text. The limit on bytes applies to its UTF-8 form. Text that is not well-formed
   * UTF-16 (a lone surrogate) is rejected ({@code invalid-unicode}), never repaired.
   *
   * @param jsonText the record's JSON text
   * @return the record and its warnings, or the errors; never {@code null}
   * @throws NullPointerException if {@code jsonText} is null
   */
  public RecordResult validate(String jsonText) {
    Objects.requireNonNull(jsonText, "json");
    // A UTF-8 form is never shorter than the number of chars, so longer text is over the limit without encoding it.
    if (jsonText.length() > limits.maxRecordBytes()) {
      return invalid(DiagnosticCode.RECORD_TOO_LONG, "record is more than " + limits.maxRecordBytes()
          + " bytes long, the limit");
    }
    RecordJson.Read loneSurrogate = json.unicodeProblem(jsonText);
    if (loneSurrogate != null) {
      return RecordResult.invalid(List.of(loneSurrogate.failure()));
    }
    byte[] bytes = RecordJson.utf8(jsonText);
    if (bytes == null) { // not reached: text without a lone surrogate always encodes
      return invalid(DiagnosticCode.INVALID_UNICODE, "record text is not well-formed Unicode");
    }
    return validate(bytes, bytes.length);
  }

  /**
   * Validates a record already parsed by the caller with Jackson 2. Nesting, string, key and number limits and the
   * token limit apply to the tree as they do to bytes; the byte limit does not (the caller has read the bytes).
   * Duplicate keys and trailing content were the caller's parser's business: for untrusted input, prefer
   * {@link #validate(byte[])}.
   *
   * @param record the record's JSON tree
   * @return the record and its warnings, or the errors; never {@code null}
   * @throws NullPointerException if {@code record} is null
   */
  public RecordResult validate(JsonNode record) {
    Objects.requireNonNull(record, "record");
    JsonNode tree;
    try {
      tree = TreeImport.copy(record, limits);
    } catch (TreeImport.Refused refused) {
      return RecordResult.invalid(List.of(refused.diagnostic));
    } catch (RuntimeException | StackOverflowError e) {
      return internalError(e);
    }
    return validateTree(tree);
  }

  /**
   * Validates {@code bytes[0, length)}; the stream reader calls this with its line buffer. A plain record is read
   * straight from its bytes ({@link ByteRecordReader}); a record that follows the schema otherwise is read in one
   * streaming pass of Jackson's ({@link StreamingRecordReader}); anything else is read as a tree and checked by the
   * JSON Schema validator, which explains its problems. All give the same result for a record the faster ones accept.
   */
  RecordResult validate(byte[] bytes, int length) {
    try {
      RecordFields fields = bytesReader.read(bytes, length);
      if (fields == null) {
        fields = streaming.read(bytes, length);
      }
      if (fields != null) {
        return new Check(fields).run();
      }
    } catch (RuntimeException | StackOverflowError e) {
      return internalError(e);
    }
    return validateThoroughly(bytes, length);
  }

  /** Validates {@code bytes[0, length)} the general way only: tree, JSON Schema validator, then the checks. */
  RecordResult validateThoroughly(byte[] bytes, int length) {
    try {
      RecordJson.Read read = json.read(bytes, length);
      if (read.failure() != null) {
        return RecordResult.invalid(List.of(read.failure()));
      }
      return validateTree(read.node());
    } catch (RuntimeException | StackOverflowError e) {
      return internalError(e);
    }
  }

  private RecordResult validateTree(JsonNode root) {
    try {
      List<Diagnostic> schemaDiagnostics = new ArrayList<>();
      Set<String> nonFinite = new LinkedHashSet<>();
      if (hasNonFinite(root)) {
        findNonFinite(root, "", nonFinite);
      }
      for (String pointer : nonFinite) {
        DiagnosticCode code = DiagnosticCode.INVALID_VALUE;
        schemaDiagnostics.add(new Diagnostic(code, code.severity(),
            "number is too large to represent: it is not finite", null, null, pointer));
      }
      for (Diagnostic d : SCHEMA.validate(nonFinite.isEmpty() ? root : finiteCopy(root))) {
        // One problem, one diagnostic: the schema's view of a non-finite number adds nothing.
        if (!nonFinite.contains(d.pointer())) {
          schemaDiagnostics.add(d);
        }
      }
      if (!root.isObject()) {
        return new Check(null).finish(schemaDiagnostics, null);
      }
      return new Check(RecordFields.fromTree(root, json)).run(schemaDiagnostics);
    } catch (RuntimeException | StackOverflowError e) {
      return internalError(e);
    }
  }

  private static RecordResult invalid(DiagnosticCode code, String message) {
    return RecordResult.invalid(List.of(new Diagnostic(code, code.severity(), message, null, null, "")));
  }

  /** Fail closed: a failure inside validation makes the record invalid, with the failure named. */
  private static RecordResult internalError(Throwable e) {
    return invalid(DiagnosticCode.INTERNAL_ERROR,
        "record could not be validated: internal error (" + e.getClass().getSimpleName() + ")");
  }

  /**
   * The RFC 3339 instant {@code text} denotes, or {@code null} if it is malformed or does not exist (such as
   * {@code 2027-02-30T00:00:00Z}). The form is {@code YYYY-MM-DDTHH:MM:SS[.F{1,9}](Z|+HH:MM|-HH:MM)} with ASCII
   * digits, {@code T} and {@code Z} in either case; offsets up to 18:00; leap seconds ({@code :60}) are not accepted.
   * Read by hand, without {@code java.time}'s formatters or a regular expression: every record has one or more of
   * these, and the general parsers cost more than the rest of the record's checks. {@code InstantParsingProperties}
   * checks it against {@code OffsetDateTime.parse} with {@code ISO_OFFSET_DATE_TIME}.
   */
  static Instant parseInstant(String text) {
    int n = text.length();
    if (n < 20 || n > MAX_INSTANT_LENGTH) {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    char t = text.charAt(10);
    if ((year | month | day | hour | minute | second) < 0 || text.charAt(4) != '-' || text.charAt(7) != '-'
        || t != 'T' && t != 't' || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return null;
    }
    int i = 19;
    int nano = 0;
    if (text.charAt(i) == '.') {
      int first = ++i;
      while (i < n && i - first < 9 && isDigit(text.charAt(i))) {
        nano = nano * 10 + (text.charAt(i++) - '0');
      }
      if (i == first || i == n) {
        return null;
      }
      for (int k = i - first; k < 9; k++) {
        nano *= 10;
      }
    }
    int offsetSeconds;
    char zone = text.charAt(i);
    if (zone == 'Z' || zone == 'z') {
      if (i + 1 != n) {
        return null;
      }
      offsetSeconds = 0;
    } else if (zone == '+' || zone == '-') {
      int offsetHours = i + 6 == n ? digits(text, i + 1, 2) : -1;
      int offsetMinutes = i + 6 == n ? digits(text, i + 4, 2) : -1;
      if (offsetHours < 0 || offsetMinutes < 0 || text.charAt(i + 3) != ':' || offsetMinutes > 59
          || offsetHours * 60 + offsetMinutes > 18 * 60) {
        return null;
      }
      offsetSeconds = (zone == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
    } else {
      return null;
    }
    if (month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year)) || hour > 23
        || minute > 59 || second > 59) {
      return null;
    }
    long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600 + minute * 60 + second - offsetSeconds;
    return Instant.ofEpochSecond(epochSecond, nano);
  }

  /**
   * The days from 1970-01-01 to a valid date of the proleptic Gregorian calendar (year 0 to 9999 here), by
   * arithmetic: the count of 400-year eras, then days within the era from March 1 (so that the leap day ends a year),
   * without the {@code LocalDate} that {@code LocalDate.of(...).toEpochDay()} would make for every time of every
   * record. {@code InstantParsingProperties} checks the result against {@code OffsetDateTime.parse}.
   */
  static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  /** The value of the {@code count} ASCII digits at {@code start}, or -1 if any is not one. */
  private static int digits(String text, int start, int count) {
    int value = 0;
    for (int i = start; i < start + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * The JSON Pointers of statement {@code N} and its members, made once for the indexes a schema-valid record can
   * have rather than concatenated for every statement of every record.
   */
  private record StatementPointers(String statement, String effective, String terms, String contributedFrom,
      String contributedUntil, String collective) {
    private static final StatementPointers[] FIRST = new StatementPointers[64];

    static {
      for (int i = 0; i < FIRST.length; i++) {
        FIRST[i] = make(i);
      }
    }

    static StatementPointers of(int index) {
      return index < FIRST.length ? FIRST[index] : make(index);
    }

    private static StatementPointers make(int index) {
      String p = "/statements/" + index;
      return new StatementPointers(p, p + "/effective", p + "/terms", p + "/scope/contributedFrom",
          p + "/scope/contributedUntil", p + "/collective");
    }
  }

  /** The pointer of a record's preference. */
  private static final String PREFERENCE = "/preference";

  /** One validation of one record's fields; collects diagnostics and, when they allow, builds the record. */
  private final class Check {
    private final RecordFields fields;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    Check(RecordFields fields) {
      this.fields = fields;
    }

    RecordResult run() {
      return run(List.of());
    }

    /** Checks times, terms and statements after the reading's own diagnostics. */
    RecordResult run(List<Diagnostic> readingDiagnostics) {
      diagnostics.addAll(readingDiagnostics);
      requireSchemaVersionOne();
      Instant created = instant(fields.created(), "/provenance/created");
      Instant released = instant(fields.released(), "/released");
      Parsed preference = terms(fields.preference(), PREFERENCE);
      List<String> collectives = fields.collectives();
      for (int i = 0; i < collectives.size(); i++) {
        name(collectives.get(i), "/collectives", i, readingDiagnostics);
      }
      List<StatementParts> statements = fields.statements().isEmpty() ? List.of()
          : new ArrayList<>(fields.statements().size());
      for (int i = 0; i < fields.statements().size(); i++) {
        RecordFields.StatementFields statement = fields.statements().get(i);
        if (statement != null) { // a statement that is not an object is a schema error already
          StatementPointers pointers = StatementPointers.of(i);
          statements.add(statement(statement, pointers));
          name(statement.collective(), pointers.collective(), -1, readingDiagnostics);
        }
      }
      for (int i = 0; i < diagnostics.size(); i++) { // indexed: no iterator for each record of a dataset
        if (diagnostics.get(i).isError()) {
          return finish(diagnostics, null);
        }
      }
      return finish(diagnostics, build(created, released, preference, statements));
    }

    /**
     * The schema's {@code "type": "integer", "const": 1} accepts 1.0, 1e0 and 10e-1 (JSON Schema compares values),
     * and 1.00000000000000000001 once a double has rounded it. The record format is stricter: the version is the
     * literal {@code 1}, so every reading agrees without comparing decimals. A version the schema already refused
     * (missing, wrong type, not finite, another integer) keeps its one diagnostic.
     */
    private void requireSchemaVersionOne() {
      if (fields.schemaVersion() == SCHEMA_VERSION) {
        return;
      }
      for (Diagnostic d : diagnostics) {
        if (d.pointer().equals("/schemaVersion")) {
          return;
        }
      }
      DiagnosticCode code = DiagnosticCode.UNSUPPORTED_SCHEMA_VERSION;
      diagnostics.add(new Diagnostic(code, code.severity(),
          "schemaVersion must be the integer 1, written 1: no fraction, no exponent",
          "write \"schemaVersion\": 1", null, "/schemaVersion"));
    }

    RecordResult finish(List<Diagnostic> all, ContributionRecord record) {
      if (all.isEmpty()) {
        return new RecordResult(Optional.ofNullable(record), List.of(), Map.of()); // the common case: nothing to sort
      }
      List<Diagnostic> sorted;
      if (all.size() == 1) { // one diagnostic (a licence's warning, mostly): nothing to remove or sort
        sorted = all;
      } else {
        sorted = new ArrayList<>(new LinkedHashSet<>(all));
        sorted.sort(Diagnostic.BY_POSITION);
      }
      Map<String, String> sources = Map.of();
      for (Diagnostic d : sorted) {
        String source = d.span() != null ? termsText(d.pointer()) : null;
        if (source != null) {
          if (sources.isEmpty()) {
            sources = new HashMap<>();
          }
          sources.put(d.pointer(), source);
        }
      }
      return new RecordResult(Optional.ofNullable(record), sorted, sources);
    }

    /**
     * The terms text {@link #terms} parsed under {@code pointer}, or null if it parsed none there: found again in
     * the fields when a diagnostic needs it, rather than kept in a map for every record.
     */
    private String termsText(String pointer) {
      if (fields == null || pointer == null) {
        return null;
      }
      if (pointer.equals("/preference")) {
        return fields.preference();
      }
      List<RecordFields.StatementFields> statements = fields.statements();
      for (int i = 0; i < statements.size(); i++) {
        RecordFields.StatementFields statement = statements.get(i);
        if (statement != null && StatementPointers.of(i).terms().equals(pointer)) {
          return statement.terms();
        }
      }
      return null;
    }

    /** A statement's parsed parts; fields are null where the statement was malformed (errors are recorded). */
    private record StatementParts(String by, String collective, Instant effective, Parsed terms, Instant from,
        Instant until, List<String> tags, StatementPointers pointers) {}

    private StatementParts statement(RecordFields.StatementFields statement, StatementPointers pointers) {
      Instant effective = instant(statement.effective(), pointers.effective());
      Parsed terms = terms(statement.terms(), pointers.terms());
      Instant from = instant(statement.contributedFrom(), pointers.contributedFrom());
      Instant until = instant(statement.contributedUntil(), pointers.contributedUntil());
      if (from != null && until != null && !from.isBefore(until)) {
        DiagnosticCode code = DiagnosticCode.EMPTY_TIME_WINDOW;
        diagnostics.add(new Diagnostic(code, code.severity(),
            "contributedFrom " + from + " is not before contributedUntil " + until
                + ": the statement could never apply",
            null, null, pointers.contributedUntil()));
      }
      return new StatementParts(statement.by(), statement.collective(), effective, terms, from, until,
          statement.tags(), pointers);
    }

    /**
     * Checks a collective name by the same rules as a name in terms ({@link NameRules}), at {@code pointer} (with
     * {@code /index} when {@code index >= 0}). A name the schema already found wrong is left to the schema's
     * diagnostic: one problem, one diagnostic.
     */
    private void name(String name, String pointer, int index, List<Diagnostic> readingDiagnostics) {
      if (name == null) {
        return;
      }
      for (int i = 0; i < readingDiagnostics.size(); i++) {
        Diagnostic d = readingDiagnostics.get(i);
        if (d.pointer() != null && d.pointer().startsWith(pointer)) {
          return;
        }
      }
      List<Diagnostic> problems = NameRules.check(name);
      for (int i = 0; i < problems.size(); i++) {
        diagnostics.add(problems.get(i).atPointer(index >= 0 ? pointer + "/" + index : pointer));
      }
    }

    /** The instant {@code text} denotes, or null when absent (the schema reports a missing or mistyped value). */
    private Instant instant(String text, String pointer) {
      if (text == null || text.length() > MAX_INSTANT_LENGTH) {
        return null; // the schema's maxLength reports an overlong one; no second diagnostic for one problem
      }
      Instant instant = parseInstant(text);
      if (instant == null) {
        DiagnosticCode code = DiagnosticCode.INVALID_TIMESTAMP;
        diagnostics.add(new Diagnostic(code, code.severity(),
            "'" + text + "' is not an RFC 3339 instant",
            "write a date and time with an offset, such as 2026-03-01T12:00:00Z", null, pointer));
      }
      return instant;
    }

    /**
     * Parses the terms {@code text}; their diagnostics go under {@code pointer}, spans kept. {@return the parse when
     * the terms parsed to a policy, else null}
     */
    private Parsed terms(String text, String pointer) {
      if (text == null) {
        return null;
      }
      Parsed terms = parseTerms(text);
      List<Diagnostic> found = terms.result().diagnostics();
      for (int i = 0; i < found.size(); i++) {
        diagnostics.add(found.get(i).atPointer(pointer));
      }
      return terms.canonical() == null ? null : terms; // canonical exactly when a policy parsed
    }

    private ContributionRecord build(Instant created, Instant released, Parsed preference,
        List<StatementParts> parts) {
      List<String> collectives = fields.collectives();
      List<ContributionRecord.Statement> statements = parts.isEmpty() ? List.of() : new ArrayList<>(parts.size());
      for (int i = 0; i < parts.size(); i++) {
        StatementParts s = parts.get(i);
        if ("collective".equals(s.by())) {
          statements.add(new ContributionRecord.CollectiveStatement(s.collective(), s.effective(),
              s.terms().canonical(), new ContributionRecord.Scope(s.from(), s.until(), s.tags())));
          if (!collectives.contains(s.collective())) {
            DiagnosticCode code = DiagnosticCode.COLLECTIVE_NOT_LISTED;
            diagnostics.add(new Diagnostic(code, code.severity(),
                "the record does not belong to collective '" + s.collective()
                    + "', so this statement never applies",
                "add it to 'collectives' if the record belongs to it", null, s.pointers().collective()));
          }
        } else {
          statements.add(new ContributionRecord.ContributorStatement(s.effective(), s.terms().canonical()));
        }
      }
      String licence = fields.licence();
      Instant floorStart = released != null ? released : created;
      // The preference's, then each statement's, in record order.
      IrrevocableLicence floor = IrrevocableLicence.fromSpdxId(licence).orElse(null);
      if (floor != null) { // no floor, no overrides: the common licences without one cost nothing more here
        diagnostics.addAll(LicenceFloor.overrides(floor, preference.overridden(), floorStart, PREFERENCE));
        for (int i = 0; i < parts.size(); i++) {
          StatementParts part = parts.get(i);
          diagnostics.addAll(LicenceFloor.overrides(floor, part.terms().overridden(), floorStart,
              part.pointers().terms()));
        }
      }
      return new ContributionRecord(
          fields.schemaVersion(),
          fields.id(),
          fields.contributor(),
          collectives,
          new ContributionRecord.Provenance(fields.source(), fields.method(), created),
          licence,
          released,
          preference.canonical(),
          statements,
          fields.tags(),
          fields.content(),
          fields.extensions());
    }
  }

  /**
   * Whether any number overflowed to infinity when read (such as {@code 1e400}); JSON has no such value, and
   * writing it back would produce text that is not JSON. Builds nothing, so valid records pay no pointer strings.
   * The tree's depth is bounded by the nesting limit, so the recursion is too.
   */
  static boolean hasNonFinite(JsonNode node) {
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        if (hasNonFinite(child)) {
          return true;
        }
      }
      return false;
    }
    return node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue());
  }

  /**
   * A copy of {@code node} with every non-finite number replaced by a string, for the schema validator, which cannot
   * compare such numbers (it throws); its diagnostics at their pointers are dropped anyway. Run only when
   * {@link #hasNonFinite} finds one; the recursion is bounded by the nesting limit.
   */
  private static JsonNode finiteCopy(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (var e : node.properties()) {
        out.set(e.getKey(), finiteCopy(e.getValue()));
      }
      return out;
    } else if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode(node.size());
      for (JsonNode child : node) {
        out.add(finiteCopy(child));
      }
      return out;
    }
    return node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())
        ? JsonNodeFactory.instance.textNode("non-finite number") : node;
  }

  /** The pointers of the numbers {@link #hasNonFinite} finds; run only when it finds one. */
  private static void findNonFinite(JsonNode node, String pointer, Set<String> out) {
    if (node.isObject()) {
      for (var e : node.properties()) {
        findNonFinite(e.getValue(), pointer + "/" + RecordSchema.escape(e.getKey()), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        findNonFinite(node.get(i), pointer + "/" + i, out);
      }
    } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      out.add(pointer);
    }
  }
}
