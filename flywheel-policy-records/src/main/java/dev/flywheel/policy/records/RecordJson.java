package dev.flywheel.policy.records;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads one record's bytes into a JSON tree under {@link RecordLimits}, strictly: duplicate keys, trailing content,
 * comments, single quotes, non-numeric numbers, trailing commas and unescaped control characters are all errors.
 * Thread-safe (the mapper is immutable once built).
 */
final class RecordJson {

  /** The position of problems with the record as a whole. */
  private static final Span START = new Span(0, 0, 1, 1);

  /** The tree, or the one diagnostic that stopped reading. Exactly one is non-null. */
  record Read(JsonNode node, Diagnostic failure) {}

  private final RecordLimits limits;
  private final JsonMapper mapper;
  /**
   * The same reading without the parser's duplicate detection, for a reader that detects duplicates of the fields
   * it knows itself and gives up on any other field: Jackson's detection keeps a hash set per object, which costs
   * more than the rest of reading a record. Trees read from it still refuse duplicates
   * ({@code FAIL_ON_READING_DUP_TREE_KEY}).
   */
  private final JsonMapper knownFieldsMapper;

  RecordJson(RecordLimits limits) {
    this.limits = limits;
    // Two factories, not one mapper rebuilt: a Jackson 2 mapper's parser features are the settings of its factory,
    // so the two readings must not share one.
    this.mapper = StrictJsonReaders.mapperBuilder(strictFactory(limits, true)).build();
    this.knownFieldsMapper = JsonMapper.builder(strictFactory(limits, false))
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY) // trees of values inside a document
        .build();
  }

  private static JsonFactory strictFactory(RecordLimits limits, boolean duplicateDetection) {
    return StrictJsonReaders.factoryBuilder(new CodedConstraints(limits))
        // Writing `extensions` back as text must accept every depth reading accepted.
        .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(limits.maxNestingDepth()).build())
        .configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION, duplicateDetection)
        .build();
  }

  /**
   * A strict parser over {@code bytes[0, length)}, checking every limit as it reads, but not duplicate keys: the
   * caller must refuse them itself. The caller closes it.
   */
  JsonParser parserForKnownFields(byte[] bytes, int length) throws IOException {
    return knownFieldsMapper.createParser(bytes, 0, length);
  }

  /**
   * The value starting at the current token of a {@link #parserForKnownFields} parser, read as a tree as
   * {@link #read} would read it inside a whole document (duplicate keys refused); the parser is left on the value's
   * last token.
   */
  JsonNode readValue(JsonParser parser) throws IOException {
    return knownFieldsMapper.readTree(parser);
  }

  RecordLimits limits() {
    return limits;
  }

  /** {@code node} as compact JSON text. */
  String write(JsonNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (IOException e) { // a tree this class read is always writable; in memory there is no I/O to fail
      throw new UncheckedIOException(e);
    }
  }

  /** Reads {@code bytes[0, length)} as one UTF-8 JSON document. */
  Read read(byte[] bytes, int length) {
    if (length > limits.maxRecordBytes()) {
      return failure(DiagnosticCode.RECORD_TOO_LONG, "record is " + length + " bytes long, more than the limit of "
          + limits.maxRecordBytes(), null);
    }
    if (isBlank(bytes, length)) {
      return failure(DiagnosticCode.EMPTY_RECORD, "record is empty", START);
    }
    Read unicode = unicodeProblem(bytes, length);
    if (unicode != null) {
      return unicode;
    }
    // Well-formed records are the common case: read the tree in one pass (the constraints, duplicate detection and
    // the trailing-token check all apply while reading). Only when that fails is the text read again, by the scan,
    // which finds the first problem with its position and JSON Pointer. A tree read succeeds only on text the scan
    // accepts (RecordJsonTest checks both readings agree).
    JacksonException treeFailure = null;
    try (JsonParser parser = mapper.createParser(bytes, 0, length)) {
      JsonNode node = mapper.readTree(parser);
      if (node != null && !node.isMissingNode()) {
        return new Read(node, null);
      }
    } catch (JacksonException e) {
      treeFailure = e;
    } catch (IOException e) {
      // Reading bytes in memory does no I/O: only Jackson's own exceptions are expected. Fail closed.
      return failure(DiagnosticCode.INVALID_JSON, "malformed JSON", START);
    }
    Read scanned = scan(bytes, length);
    if (scanned != null) {
      return scanned;
    }
    // The scan found the text well-formed though the tree read failed (Jackson checks some limits only while
    // building): report the tree reader's problem, never throw it.
    return treeFailure == null
        ? failure(DiagnosticCode.EMPTY_RECORD, "record is empty", START)
        : failure(classify(treeFailure), describe(treeFailure), spanOf(treeFailure, bytes, length));
  }

  /**
   * One streaming pass over the text, building nothing: checks syntax, duplicate keys and every limit (string
   * values are read to their end so that their length is checked), and finds anything after the top-level value.
   * Returns the first problem, or {@code null} when the text is one well-formed JSON value.
   */
  Read scan(byte[] bytes, int length) {
    Read unicode = unicodeProblem(bytes, length);
    if (unicode != null) {
      return unicode;
    }
    try (JsonParser parser = mapper.createParser(bytes, 0, length)) {
      int depth = 0;
      boolean complete = false;
      try {
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
          if (complete) {
            return failure(DiagnosticCode.TRAILING_CONTENT, "content after the end of the record",
                spanAt(bytes, length, parser.currentTokenLocation().getByteOffset()));
          }
          if (token.isStructStart()) {
            depth++;
          } else if (token.isStructEnd()) {
            depth--;
          } else if (token == JsonToken.VALUE_STRING) {
            parser.getTextLength();
          }
          complete = depth == 0;
        }
      } catch (JacksonException e) {
        DiagnosticCode code = classify(e);
        String message = describe(e);
        if (complete && code == DiagnosticCode.INVALID_JSON) {
          code = DiagnosticCode.TRAILING_CONTENT;
          message = "content after the end of the record: " + message;
        }
        return failure(code, message, spanOf(e, bytes, length), complete ? "" : pointerOf(parser));
      }
      return complete ? null : failure(DiagnosticCode.EMPTY_RECORD, "record is empty", START);
    } catch (JacksonException e) {
      return failure(classify(e), describe(e), spanOf(e, bytes, length));
    } catch (IOException e) {
      return failure(DiagnosticCode.INVALID_JSON, "malformed JSON", START); // no I/O in memory; fail closed
    }
  }

  /**
   * The {@code invalid-unicode} failure of text that is not strict UTF-8 or holds a lone surrogate escape
   * ({@link StrictUnicode}), or {@code null}. Checked before the JSON, because the parser would decode such text
   * into characters the bytes never held; so when a record has both kinds of problem, this one is reported.
   */
  Read unicodeProblem(byte[] bytes, int length) {
    StrictUnicode.Problem problem = StrictUnicode.firstProblem(bytes, length);
    if (problem == null) {
      return null;
    }
    Diagnostic diagnostic = new Diagnostic(DiagnosticCode.INVALID_UNICODE, DiagnosticCode.INVALID_UNICODE.severity(),
        "record text is not well-formed Unicode at byte " + problem.offset() + ": " + problem.description(),
        "write records as UTF-8 (RFC 3629) with every surrogate escape in a pair; nothing is repaired",
        spanAt(bytes, length, problem.offset()), pointerAt(bytes, length, problem.offset()));
    return new Read(null, diagnostic);
  }

  /**
   * The {@code invalid-unicode} failure of record text given as a {@code String} that holds a lone surrogate, or
   * {@code null} when it holds none. Such text has no UTF-8 form; its position and pointer are found in the text
   * with the surrogate replaced, for the message only.
   */
  Read unicodeProblem(String text) {
    int at = StrictUnicode.firstLoneSurrogate(text);
    if (at < 0) {
      return null;
    }
    int offset = text.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
    byte[] shown = (text.substring(0, at) + '\uFFFD' + text.substring(at + 1)).getBytes(StandardCharsets.UTF_8);
    Diagnostic diagnostic = new Diagnostic(DiagnosticCode.INVALID_UNICODE, DiagnosticCode.INVALID_UNICODE.severity(),
        "record text is not well-formed Unicode at char " + at + ": a lone surrogate (U+"
            + String.format("%04X", (int) text.charAt(at)) + ") encodes no character",
        "records are Unicode text; nothing is repaired", spanAt(shown, shown.length, offset),
        pointerAt(shown, shown.length, offset));
    return new Read(null, diagnostic);
  }

  /**
   * The JSON Pointer of the value holding byte {@code offset}: the string, or for a key, the object holding it (a
   * key with a problem never becomes part of a pointer, so a pointer is always well-formed text). Where the text
   * stops being JSON before {@code offset}, the place it stops. Only called to explain a problem.
   */
  private String pointerAt(byte[] bytes, int length, int offset) {
    JsonParser parser = null;
    try {
      parser = knownFieldsMapper.createParser(bytes, 0, length);
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME) {
          if (parser.currentLocation().getByteOffset() > offset) {
            return parser.getParsingContext().getParent().pathAsPointer().toString();
          }
          continue;
        }
        if (token == JsonToken.VALUE_STRING) {
          parser.getTextLength(); // reads the string to its end, so the location below is past it
        }
        if (parser.currentLocation().getByteOffset() > offset) {
          return token.isStructStart() ? parentPointer(parser) : pointerOf(parser);
        }
      }
      return "";
    } catch (IOException | RuntimeException e) { // Jackson's exceptions included: the text stops being JSON here
      return parser == null ? "" : pointerOf(parser);
    } finally {
      closeQuietly(parser);
    }
  }

  /** Closing a parser over bytes in memory releases buffers only; nothing can be lost if it fails. */
  private static void closeQuietly(JsonParser parser) {
    if (parser != null) {
      try {
        parser.close();
      } catch (IOException e) {
        // nothing was written, so nothing is lost
      }
    }
  }

  /** The pointer of the container just opened: its parent's path (the container itself is its current entry). */
  private static String parentPointer(JsonParser parser) {
    var parent = parser.getParsingContext().getParent();
    return parent == null ? "" : parent.pathAsPointer().toString();
  }

  private static Read failure(DiagnosticCode code, String message, Span span) {
    return failure(code, message, span, "");
  }

  private static Read failure(DiagnosticCode code, String message, Span span, String pointer) {
    return new Read(null, new Diagnostic(code, code.severity(), message, null, span, pointer));
  }

  /** Where in the tree reading stopped, as a JSON Pointer ({@code ""} for the top). */
  private static String pointerOf(JsonParser parser) {
    if (parser == null) {
      return "";
    }
    try {
      return parser.getParsingContext().pathAsPointer().toString();
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static boolean isBlank(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  private static DiagnosticCode classify(JacksonException e) {
    if (e instanceof LimitExceeded limit) {
      return limit.code;
    }
    String message = String.valueOf(e.getOriginalMessage());
    if (e instanceof StreamConstraintsException) {
      // Fallback for a check that bypassed CodedConstraints; the codes are what the limits promise.
      if (message.contains("nesting depth")) {
        return DiagnosticCode.NESTING_TOO_DEEP;
      } else if (message.contains("Name length")) {
        return DiagnosticCode.KEY_TOO_LONG;
      } else if (message.contains("Number value length")) {
        return DiagnosticCode.NUMBER_TOO_LONG;
      } else if (message.contains("Token count")) {
        return DiagnosticCode.TOO_MANY_TOKENS;
      } else if (message.contains("String value length")) {
        return DiagnosticCode.STRING_TOO_LONG;
      }
      return DiagnosticCode.RECORD_TOO_LONG;
    }
    // Jackson reports duplicate keys (STRICT_DUPLICATE_DETECTION, FAIL_ON_READING_DUP_TREE_KEY) with a generic
    // exception type; its message is the only mark. RecordValidatorReliabilityTest pins this down.
    if (message.startsWith("Duplicate")) {
      return DiagnosticCode.DUPLICATE_KEY;
    }
    return DiagnosticCode.INVALID_JSON;
  }

  private static String describe(JacksonException e) {
    if (e instanceof LimitExceeded limit) {
      return limit.getOriginalMessage();
    }
    String message = e.getOriginalMessage();
    if (message == null || message.isBlank()) {
      return "malformed JSON";
    }
    if (message.startsWith("Duplicate")) {
      // The key is quoted with ' or " depending on which check found it; nothing after it is quoted the same way.
      int single = message.indexOf('\'');
      int dbl = message.indexOf('"');
      char quote = single >= 0 && (dbl < 0 || single < dbl) ? '\'' : '"';
      int open = message.indexOf(quote);
      int close = message.lastIndexOf(quote);
      String key = open >= 0 && close > open ? message.substring(open + 1, close) : "?";
      return "duplicate key '" + (key.length() > 100 ? key.substring(0, 100) + "..." : key)
          + "': a key may appear only once in an object";
    }
    int newline = message.indexOf('\n');
    String first = newline < 0 ? message : message.substring(0, newline);
    int marker = first.indexOf(" (start marker at");
    if (marker > 0) {
      first = first.substring(0, marker);
    }
    return first.length() > 200 ? first.substring(0, 200) + "..." : first;
  }

  private static Span spanOf(JacksonException e, byte[] bytes, int length) {
    JsonLocation location = e.getLocation();
    return location == null ? null : spanAt(bytes, length, location.getByteOffset());
  }

  /**
   * The zero-length span at {@code byteOffset} in the UTF-8 text, in code points, or {@code null} when the offset is
   * unknown or not at a character boundary.
   */
  static Span spanAt(byte[] bytes, int length, long byteOffset) {
    if (byteOffset < 0 || byteOffset > length) {
      return null;
    }
    int end = (int) byteOffset;
    int offset = 0;
    int line = 1;
    int column = 1;
    boolean afterCr = false;
    for (int i = 0; i < end; i++) {
      int b = bytes[i] & 0xFF;
      if ((b & 0xC0) == 0x80) {
        continue; // continuation byte: part of the code point already counted
      }
      offset++;
      if (b == '\n') {
        if (!afterCr) {
          line++;
        }
        column = 1;
        afterCr = false;
      } else if (b == '\r') {
        line++;
        column = 1;
        afterCr = true;
      } else {
        column++;
        afterCr = false;
      }
    }
    return new Span(offset, 0, line, column);
  }

  /**
   * Encodes {@code text} as UTF-8, or returns {@code null} when it is not well-formed UTF-16 (a lone surrogate):
   * such text has no UTF-8 form, and replacing the surrogate would silently change the record.
   */
  static byte[] utf8(String text) {
    try {
      ByteBuffer buffer = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
      byte[] out = new byte[buffer.remaining()];
      buffer.get(out);
      return out;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** A limit error that knows its code, so classification never depends on Jackson's wording. */
  static final class LimitExceeded extends StreamConstraintsException {
    private static final long serialVersionUID = 1L;
    final transient DiagnosticCode code;

    LimitExceeded(DiagnosticCode code, String message) {
      super(message);
      this.code = code;
    }
  }

  /**
   * Jackson's constraints with the limits of {@link RecordLimits}, each check throwing a {@link LimitExceeded} with
   * its own code and a message naming our limit.
   */
  static final class CodedConstraints extends StreamReadConstraints {
    private static final long serialVersionUID = 1L;

    CodedConstraints(RecordLimits limits) {
      super(limits.maxNestingDepth(), limits.maxRecordBytes(), limits.maxNumberLength(), limits.maxStringLength(),
          limits.maxKeyLength(), limits.maxTokens());
    }

    @Override
    public void validateNestingDepth(int depth) throws StreamConstraintsException {
      if (depth > _maxNestingDepth) {
        throw new LimitExceeded(DiagnosticCode.NESTING_TOO_DEEP,
            "arrays and objects nest deeper than the limit of " + _maxNestingDepth);
      }
    }

    @Override
    public void validateDocumentLength(long length) throws StreamConstraintsException {
      if (length > _maxDocLen) {
        throw new LimitExceeded(DiagnosticCode.RECORD_TOO_LONG,
            "record is longer than the limit of " + _maxDocLen + " bytes");
      }
    }

    @Override
    public void validateTokenCount(long count) throws StreamConstraintsException {
      if (count > _maxTokenCount) {
        throw new LimitExceeded(DiagnosticCode.TOO_MANY_TOKENS,
            "record has more JSON tokens than the limit of " + _maxTokenCount);
      }
    }

    @Override
    public void validateFPLength(int length) throws StreamConstraintsException {
      validateNumber(length);
    }

    @Override
    public void validateIntegerLength(int length) throws StreamConstraintsException {
      validateNumber(length);
    }

    private void validateNumber(int length) throws StreamConstraintsException {
      if (length > _maxNumLen) {
        throw new LimitExceeded(DiagnosticCode.NUMBER_TOO_LONG,
            "a number has " + length + " characters, more than the limit of " + _maxNumLen);
      }
    }

    @Override
    public void validateStringLength(int length) throws StreamConstraintsException {
      if (length > _maxStringLen) {
        throw new LimitExceeded(DiagnosticCode.STRING_TOO_LONG,
            "a string is longer than the limit of " + _maxStringLen + " characters");
      }
    }

    @Override
    public void validateNameLength(int length) throws StreamConstraintsException {
      if (length > _maxNameLen) {
        throw new LimitExceeded(DiagnosticCode.KEY_TOO_LONG,
            "a key is longer than the limit of " + _maxNameLen + " characters");
      }
    }
  }
}
