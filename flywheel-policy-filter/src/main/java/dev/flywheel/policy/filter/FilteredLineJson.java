package dev.flywheel.policy.filter;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.json.DecisionJson;
import dev.flywheel.policy.json.DiagnosticJson;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

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
 */
public final class FilteredLineJson implements Closeable, Flushable {

  /** How much of an invalid line is kept in {@code text}. */
  public static final int MAX_TEXT_CHARS = 1024;

  /**
   * Writes the trees of a line's parts. Without flushing after each: {@code writeTree} goes through
   * {@code ObjectMapper.writeValue}, which by default flushes the generator, and so the file, after every value,
   * several system calls per line.
   */
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

  private final JsonGenerator gen;

  private FilteredLineJson(OutputStream out) throws IOException {
    this.gen = MAPPER.getFactory().createGenerator(out);
    this.gen.setRootValueSeparator(null); // each line ends with its own line break
  }

  /**
   * {@return a writer to {@code out} (UTF-8)} Closing the writer flushes it and closes {@code out}.
   *
   * @param out the stream to write to; owned by the writer from now on
   * @throws IOException if the generator cannot be created
   */
  public static FilteredLineJson to(OutputStream out) throws IOException {
    return new FilteredLineJson(out);
  }

  /**
   * Writes one line, ending with a line break.
   *
   * @param line the filtered line
   * @throws IOException if writing fails
   */
  public void write(FilteredLine line) throws IOException {
    gen.writeStartObject();
    gen.writeNumberField("line", line.lineNumber());
    gen.writeStringField("id", line.id());
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
    boolean valid = line.validation().isValid();
    gen.writeFieldName("text");
    if (valid || !line.hasText()) {
      gen.writeNull();
    } else {
      String text = line.text();
      gen.writeString(text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text);
    }
    gen.writeFieldName("record");
    if (valid) {
      gen.writeRawValue(recordText(line.bytes()));
    } else {
      gen.writeNull();
    }
    gen.writeEndObject();
    gen.writeRaw('\n');
  }

  /** The record's JSON text: the line without a leading byte order mark and trailing whitespace. */
  private static String recordText(byte[] bytes) {
    int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
    int end = bytes.length;
    while (end > start && (bytes[end - 1] == ' ' || bytes[end - 1] == '\t' || bytes[end - 1] == '\r')) {
      end--;
    }
    while (start < end && (bytes[start] == ' ' || bytes[start] == '\t' || bytes[start] == '\r')) {
      start++;
    }
    return new String(bytes, start, end - start, StandardCharsets.UTF_8);
  }

  @Override
  public void flush() throws IOException {
    gen.flush();
  }

  @Override
  public void close() throws IOException {
    gen.close();
  }
}
