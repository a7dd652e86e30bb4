package dev.flywheel.policy.filter;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.json.DecisionJson;
import dev.flywheel.policy.json.DiagnosticJson;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link FilteredLine}s as JSON Lines, one object per line, every member always present, in this order:
 *
 * <pre>
 * {"line": 12, "id": "rec-000012", "outcome": "allowed", "reason": null,
 *  "obligations": [{"type": "attribution"}],
 *  "decision": {...the DecisionJson form...},
 *  "diagnostics": [],
 *  "text": null,
 *  "record": {...the record exactly as read...}}
 * </pre>
 *
 * <p>{@code outcome} is {@code allowed}, {@code denied} or {@code invalid}; {@code reason} a {@link DenialReason}
 * word or null when allowed; {@code obligations} the duties to perform (empty unless allowed, in the
 * {@link DecisionJson#dutyJson} form); {@code decision} the engine's decision (null for an invalid line);
 * {@code diagnostics} the validator's (errors of an invalid line, warnings of a valid one). {@code record} is the
 * original record object, copied byte for byte (a leading byte order mark and trailing whitespace removed), or null for
 * an invalid line; an invalid line instead has {@code text}: its first {@value #MAX_TEXT_CHARS} characters as a
 * string (malformed UTF-8 replaced), null when the line was too long to keep. Not thread-safe.
 *
 * <p><b>How a line is written.</b> A valid line's output is its line number, its id, a middle part that depends only
 * on the outcome, the reason, the decision and the validator's warnings, and the record's bytes as read. The middle
 * part is serialised once per distinct combination and kept (at most 4,096 of them, forgotten all at
 * once when full), so that writing a line costs little more than copying its bytes: a dataset repeats a few decisions
 * over millions of records. The bytes are those a full serialisation of the line gives ({@code writeTree}, the
 * reference form, kept for invalid lines and for the test that compares the two).
 */
public final class FilteredLineJson implements Closeable, Flushable {

  /** How much of an invalid line is kept in {@code text}. */
  public static final int MAX_TEXT_CHARS = 1024;

  /** Most distinct middle parts kept; past it, all are forgotten and serialised again as lines need them. */
  static final int MAX_MIDDLES = 4096;

  /** Bytes buffered before they go to the stream. */
  private static final int BUFFER_BYTES = 1 << 16;

  /**
   * Writes the trees of a line's parts. Without flushing after each: {@code writeTree} goes through
   * {@code ObjectMapper.writeValue}, which by default flushes the generator, after every value.
   */
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

  private static final byte[] LINE_OPEN = ascii("{\"line\":");
  private static final byte[] ID_FIELD = ascii(",\"id\":");
  private static final byte[] RECORD_FIELD = ascii(",\"record\":");
  private static final byte[] LINE_CLOSE = ascii("}\n");

  private final OutputStream out;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int used;
  /** Scratch space for the parts serialised by Jackson: invalid lines, new middle parts, ids that need escaping. */
  private final ByteArrayOutputStream scratch = new ByteArrayOutputStream(1024);
  private final Map<MiddleKey, byte[]> middles = new HashMap<>();
  /**
   * The middle parts of lines without warnings, by the identity of their decision: the deciding stage of a run hands
   * out one instance per distinct decision ({@link DecisionInterner}), so most lines are found here without hashing
   * the decision. A slot holds the last part seen for its hash; a miss goes to {@link #middles}.
   */
  private final Slot[] recent = new Slot[RECENT_SLOTS];

  private static final int RECENT_SLOTS = 1024;

  /** A middle part kept by the identity of its decision. */
  private record Slot(Decision decision, Outcome outcome, DenialReason reason, byte[] middle) {}

  /** What the middle part of a valid line's output depends on, and nothing else. */
  private record MiddleKey(Outcome outcome, DenialReason reason, Decision decision, List<Diagnostic> warnings) {}

  private FilteredLineJson(OutputStream out) {
    this.out = out;
  }

  /**
   * {@return a writer to {@code out} (UTF-8)} Closing the writer flushes it and closes {@code out}.
   *
   * @param out the stream to write to; owned by the writer from now on
   * @throws IOException if the generator cannot be created
   */
  public static FilteredLineJson to(OutputStream out) throws IOException {
    return new FilteredLineJson(java.util.Objects.requireNonNull(out, "out"));
  }

  /**
   * Writes one line, ending with a line break.
   *
   * @param line the filtered line
   * @throws IOException if writing fails
   */
  public void write(FilteredLine line) throws IOException {
    if (!line.validation().isValid()) {
      scratch.reset();
      try (JsonGenerator gen = MAPPER.getFactory().createGenerator(scratch)) {
        writeTree(gen, line);
      }
      put(scratch.toByteArray());
      return;
    }
    put(LINE_OPEN);
    putDecimal(line.lineNumber());
    put(ID_FIELD);
    putString(line.id());
    put(',');
    put(middle(line));
    put(RECORD_FIELD);
    byte[] bytes = line.bytes();
    int start = recordStart(bytes);
    put(bytes, start, recordEnd(bytes, start) - start);
    put(LINE_CLOSE);
  }

  /**
   * Writes {@code line} in full through {@code gen}: the reference form of every line, ending with a line break.
   * A valid line's output equals what {@link #write} splices together; the tests hold the two equal.
   */
  static void writeTree(JsonGenerator gen, FilteredLine line) throws IOException {
    gen.writeStartObject();
    gen.writeNumberField("line", line.lineNumber());
    gen.writeStringField("id", line.id());
    writeMiddleFields(gen, line);
    gen.writeFieldName("record");
    if (line.validation().isValid()) {
      byte[] bytes = line.bytes();
      int start = recordStart(bytes);
      gen.writeRawValue(new String(bytes, start, recordEnd(bytes, start) - start, StandardCharsets.UTF_8));
    } else {
      gen.writeNull();
    }
    gen.writeEndObject();
    gen.writeRaw('\n');
  }

  /** The members from {@code outcome} to {@code text}. */
  private static void writeMiddleFields(JsonGenerator gen, FilteredLine line) throws IOException {
    gen.writeStringField("outcome", line.outcome().word());
    gen.writeStringField("reason", line.reason().map(DenialReason::word).orElse(null));
    gen.writeArrayFieldStart("obligations");
    for (Duty duty : line.obligations()) {
      gen.writeTree(DecisionJson.dutyJson(duty));
    }
    gen.writeEndArray();
    gen.writeFieldName("decision");
    if (line.decision().isPresent()) {
      gen.writeTree(DecisionJson.toJson(line.decision().get()));
    } else {
      gen.writeNull();
    }
    gen.writeArrayFieldStart("diagnostics");
    for (Diagnostic d : line.diagnostics()) {
      gen.writeTree(DiagnosticJson.toJson(d));
    }
    gen.writeEndArray();
    gen.writeFieldName("text");
    if (line.validation().isValid() || !line.hasText()) {
      gen.writeNull();
    } else {
      String text = line.text();
      gen.writeString(text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text);
    }
  }

  /**
   * The middle part of a valid line, {@code "outcome":...,"text":null}, from the kept ones or serialised now: the
   * members of an object holding only them, without its braces.
   */
  private byte[] middle(FilteredLine line) throws IOException {
    Decision decision = line.decision().orElse(null);
    Outcome outcome = line.outcome();
    DenialReason reason = line.reason().orElse(null);
    if (!line.diagnostics().isEmpty()) {
      return middleByValue(line);
    }
    int slot = (System.identityHashCode(decision) * 31 + outcome.ordinal() * 7 + (reason == null ? 0 : reason.ordinal()
        + 1)) & (RECENT_SLOTS - 1);
    Slot s = recent[slot];
    if (s != null && s.decision() == decision && s.outcome() == outcome && s.reason() == reason) {
      return s.middle();
    }
    byte[] made = middleByValue(line);
    recent[slot] = new Slot(decision, outcome, reason, made);
    return made;
  }

  private byte[] middleByValue(FilteredLine line) throws IOException {
    MiddleKey key = new MiddleKey(line.outcome(), line.reason().orElse(null), line.decision().orElse(null),
        line.diagnostics());
    byte[] kept = middles.get(key);
    if (kept != null) {
      return kept;
    }
    scratch.reset();
    try (JsonGenerator gen = MAPPER.getFactory().createGenerator(scratch)) {
      gen.writeStartObject();
      writeMiddleFields(gen, line);
      gen.writeEndObject();
    }
    byte[] object = scratch.toByteArray();
    byte[] made = java.util.Arrays.copyOfRange(object, 1, object.length - 1);
    if (middles.size() >= MAX_MIDDLES) {
      middles.clear();
    }
    middles.put(key, made);
    return made;
  }

  /** Writes {@code value} as a JSON string; printable ASCII without quotes or backslashes as it is, else by Jackson. */
  private void putString(String value) throws IOException {
    if (value == null) {
      put(ascii("null"));
      return;
    }
    int n = value.length();
    boolean plain = n < 256;
    for (int i = 0; plain && i < n; i++) {
      char c = value.charAt(i);
      plain = c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
    }
    if (plain) {
      room(n + 2);
      buffer[used++] = '"';
      for (int i = 0; i < n; i++) {
        buffer[used++] = (byte) value.charAt(i);
      }
      buffer[used++] = '"';
      return;
    }
    scratch.reset();
    try (JsonGenerator gen = MAPPER.getFactory().createGenerator(scratch)) {
      gen.writeString(value);
    }
    put(scratch.toByteArray());
  }

  private void putDecimal(long value) throws IOException {
    if (value < 0) { // line numbers are positive; kept general so the output never depends on it
      put(ascii(Long.toString(value)));
      return;
    }
    room(20);
    int digits = 1;
    for (long v = value / 10; v > 0; v /= 10) {
      digits++;
    }
    for (int i = used + digits - 1; i >= used; i--) {
      buffer[i] = (byte) ('0' + (int) (value % 10));
      value /= 10;
    }
    used += digits;
  }

  private void put(int b) throws IOException {
    room(1);
    buffer[used++] = (byte) b;
  }

  private void put(byte[] bytes) throws IOException {
    put(bytes, 0, bytes.length);
  }

  private void put(byte[] bytes, int offset, int length) throws IOException {
    if (length > buffer.length - used) {
      drain();
      if (length > buffer.length) {
        out.write(bytes, offset, length);
        return;
      }
    }
    System.arraycopy(bytes, offset, buffer, used, length);
    used += length;
  }

  private void room(int n) throws IOException {
    if (n > buffer.length - used) {
      drain();
    }
  }

  private void drain() throws IOException {
    if (used > 0) {
      out.write(buffer, 0, used);
      used = 0;
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Where the record's JSON text starts: after a leading byte order mark and whitespace. */
  private static int recordStart(byte[] bytes) {
    int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
    while (start < bytes.length && isBlank(bytes[start])) {
      start++;
    }
    return start;
  }

  /** Where the record's JSON text ends: before trailing whitespace. */
  private static int recordEnd(byte[] bytes, int start) {
    int end = bytes.length;
    while (end > start && isBlank(bytes[end - 1])) {
      end--;
    }
    return end;
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t' || b == '\r';
  }

  @Override
  public void flush() throws IOException {
    drain();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try (out) {
      drain();
    }
  }
}
