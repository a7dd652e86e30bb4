package dev.flywheel.policy.records;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a record that follows the schema in one streaming pass, checking the schema's rules by hand as it goes and
 * building nothing but the {@link RecordFields}. It refuses duplicate keys itself (each field it knows may come once;
 * any other field makes it give up), which spares the parser's own detection. It gives up ({@code null}) at the
 * first thing it does not expect: bytes that are not well-formed Unicode text ({@link StrictUnicode}), malformed JSON,
 * an exhausted limit, an unknown field, a value of the wrong type or shape, anything after the record.
 * The caller then reads the record the general way (a tree, checked by the JSON Schema validator), which explains
 * the problem; so this reader decides no diagnostic and may give up on anything unusual.
 *
 * <p>Why: nearly every record of a dataset is valid, and for them building a tree and running the general schema
 * validator cost several times the rest of validating and deciding the record.
 *
 * <p>The promise, checked by {@code StreamingRecordReaderTest} on the test corpora and on generated edits of valid
 * records: whenever this reader returns fields, the general reading accepts the record's JSON and its schema, and
 * reads the same fields. Stateless and thread-safe.
 */
final class StreamingRecordReader {
  /** The schema's {@code maxItems} of every array. */
  private static final int MAX_ITEMS = 64;
  /** The schema's {@code maxProperties} of {@code extensions}. */
  private static final int MAX_EXTENSIONS = 256;
  /** The schema's {@code maxLength} of an instant. */
  private static final int MAX_INSTANT = 35;

  private final RecordJson json;

  StreamingRecordReader(RecordJson json) {
    this.json = json;
  }

  /** The fields of the record in {@code bytes[0, length)}, or {@code null} if it is not a plain valid record. */
  RecordFields read(byte[] bytes, int length) {
    // Jackson would decode malformed UTF-8 and lone surrogate escapes without complaint; the general reading refuses
    // them, so this reader must not accept them either.
    if (length > json.limits().maxRecordBytes() || StrictUnicode.firstProblem(bytes, length) != null) {
      return null;
    }
    try (JsonParser parser = json.parserForKnownFields(bytes, length)) {
      RecordFields fields = parser.nextToken() == JsonToken.START_OBJECT ? record(parser) : null;
      return fields != null && parser.nextToken() == null ? fields : null;
    } catch (IOException | GiveUp e) { // Jackson's exceptions included: malformed JSON, an exhausted limit
      return null;
    }
  }

  private static <T> T giveUp() {
    throw GiveUp.INSTANCE;
  }

  private RecordFields record(JsonParser p) throws IOException {
    int schemaVersion = 0;
    String id = null;
    String contributor = null;
    List<String> collectives = null;
    String[] provenance = null;
    String licence = null;
    String released = null;
    boolean hasReleased = false;
    String preference = null;
    List<RecordFields.StatementFields> statements = List.of();
    ContributionRecord.Tags tags = null;
    String content = null;
    String extensions = "{}";
    int seen = 0;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken token = p.nextToken();
      seen = once(seen, name);
      switch (name) {
        case "schemaVersion" -> schemaVersion = token == JsonToken.VALUE_NUMBER_INT
            && p.getNumberType() == JsonParser.NumberType.INT && p.getIntValue() == 1 ? 1 : giveUp();
        case "id" -> id = identifier(p, token);
        case "contributor" -> contributor = identifier(p, token);
        case "collectives" -> collectives = uniqueStrings(p, token, false);
        case "provenance" -> provenance = provenance(p, token);
        case "licence" -> licence = pattern(p, token, 100, ".+-");
        case "released" -> {
          released = instantOrNull(p, token);
          hasReleased = true;
        }
        case "preference" -> preference = string(p, token);
        case "statements" -> statements = statements(p, token);
        case "tags" -> tags = tags(p, token);
        case "content" -> content = string(p, token);
        case "extensions" -> extensions = extensions(p, token);
        default -> giveUp();
      }
    }
    if (schemaVersion != 1 || id == null || contributor == null || collectives == null || provenance == null
        || licence == null || !hasReleased || preference == null || tags == null) {
      return null;
    }
    return new RecordFields(schemaVersion, id, contributor, collectives, provenance[0], provenance[1], provenance[2],
        licence, released, preference, statements, tags, content, extensions);
  }

  /** source, method, created. */
  private static String[] provenance(JsonParser p, JsonToken token) throws IOException {
    expect(token, JsonToken.START_OBJECT);
    String[] out = new String[3];
    int seen = 0;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken value = p.nextToken();
      seen = once(seen, name);
      switch (name) {
        case "source" -> out[0] = printable(p, value, 256);
        case "method" -> out[1] = word(p, value);
        case "created" -> out[2] = instant(p, value);
        default -> giveUp();
      }
    }
    return out[0] != null && out[1] != null && out[2] != null ? out : giveUp();
  }

  private static ContributionRecord.Tags tags(JsonParser p, JsonToken token) throws IOException {
    expect(token, JsonToken.START_OBJECT);
    String[] values = new String[4];
    int seen = 0;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      seen = once(seen, name);
      String value = pattern(p, p.nextToken(), 64, "._-");
      switch (name) {
        case "language" -> values[0] = value;
        case "domain" -> values[1] = value;
        case "kind" -> values[2] = value;
        case "scarcity" -> values[3] = value;
        default -> giveUp();
      }
    }
    return new ContributionRecord.Tags(values[0], values[1], values[2], values[3]);
  }

  private List<RecordFields.StatementFields> statements(JsonParser p, JsonToken token) throws IOException {
    expect(token, JsonToken.START_ARRAY);
    List<RecordFields.StatementFields> out = new ArrayList<>(2);
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (out.size() == MAX_ITEMS) {
        return giveUp();
      }
      out.add(statement(p, t));
    }
    return out;
  }

  /**
   * A contributor statement (by, effective, terms; effective a time) or a collective statement (by, collective,
   * terms, and optionally effective and scope), as the schema's if/then/else says.
   */
  private static RecordFields.StatementFields statement(JsonParser p, JsonToken token) throws IOException {
    expect(token, JsonToken.START_OBJECT);
    String by = null;
    String collective = null;
    String effective = null;
    String terms = null;
    String[] scope = null;
    List<String> scopeTags = List.of();
    int seen = 0;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken value = p.nextToken();
      seen = once(seen, name);
      switch (name) {
        case "by" -> by = string(p, value);
        case "collective" -> collective = printable(p, value, 128);
        case "effective" -> effective = instantOrNull(p, value);
        case "terms" -> terms = string(p, value);
        case "scope" -> {
          expect(value, JsonToken.START_OBJECT);
          scope = new String[2];
          int seenInScope = 0;
          for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
            JsonToken v = p.nextToken();
            seenInScope = once(seenInScope, key);
            switch (key) {
              case "contributedFrom" -> scope[0] = instantOrNull(p, v);
              case "contributedUntil" -> scope[1] = instantOrNull(p, v);
              case "tags" -> scopeTags = uniqueStrings(p, v, true);
              default -> giveUp();
            }
          }
        }
        default -> giveUp();
      }
    }
    if (by == null || terms == null) {
      return giveUp();
    }
    boolean valid = by.equals("collective")
        ? collective != null
        : by.equals("contributor") && collective == null && scope == null && effective != null;
    if (!valid) {
      return giveUp();
    }
    return new RecordFields.StatementFields(by, collective, effective, terms, scope == null ? null : scope[0],
        scope == null ? null : scope[1], scopeTags);
  }

  /** An object of at most {@link #MAX_EXTENSIONS} members, as compact text; read as a tree, as the general path is. */
  private String extensions(JsonParser p, JsonToken token) throws IOException {
    expect(token, JsonToken.START_OBJECT);
    JsonNode node = json.readValue(p);
    if (node == null || !node.isObject() || node.size() > MAX_EXTENSIONS || RecordValidator.hasNonFinite(node)) {
      return giveUp();
    }
    return json.write(node);
  }

  /** An array of at most {@link #MAX_ITEMS} distinct collective names or, with {@code scopeTags}, scope tags. */
  private static List<String> uniqueStrings(JsonParser p, JsonToken token, boolean scopeTags) throws IOException {
    expect(token, JsonToken.START_ARRAY);
    List<String> out = new ArrayList<>(2);
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      String value = scopeTags ? scopeTag(p, t) : printable(p, t, 128);
      if (out.size() == MAX_ITEMS || out.contains(value)) {
        return giveUp();
      }
      out.add(value);
    }
    return out;
  }

  /** Every field name of the schema, each with its own bit (26 names, so they fit an int). */
  private static final Map<String, Integer> FIELD_BITS = fieldBits("schemaVersion", "id", "contributor",
      "collectives", "provenance", "licence", "released", "preference", "statements", "tags", "content", "extensions",
      "source", "method", "created", "language", "domain", "kind", "scarcity", "by", "collective", "effective",
      "terms", "scope", "contributedFrom", "contributedUntil");

  private static Map<String, Integer> fieldBits(String... names) {
    Map<String, Integer> bits = new HashMap<>();
    for (String name : names) {
      bits.put(name, 1 << bits.size());
    }
    return Map.copyOf(bits);
  }

  /**
   * {@code seen} with the bit of field {@code name} added; gives up if it was there already. A name the schema does
   * not know has no bit: the caller gives up on it anyway.
   */
  private static int once(int seen, String name) {
    int bit = FIELD_BITS.getOrDefault(name, 0);
    if ((seen & bit) != 0) {
      giveUp();
    }
    return seen | bit;
  }

  private static void expect(JsonToken token, JsonToken expected) {
    if (token != expected) {
      giveUp();
    }
  }

  private static String string(JsonParser p, JsonToken token) throws IOException {
    expect(token, JsonToken.VALUE_STRING);
    return p.getText();
  }

  /** {@code instant}: a string of at most 35 characters (its form is checked with the record's times). */
  private static String instant(JsonParser p, JsonToken token) throws IOException {
    String s = string(p, token);
    return s.length() <= MAX_INSTANT ? s : giveUp();
  }

  /** {@code instantOrNull}. */
  private static String instantOrNull(JsonParser p, JsonToken token) throws IOException {
    return token == JsonToken.VALUE_NULL ? null : instant(p, token);
  }

  /** {@code identifier}: 1 to 128 of {@code [A-Za-z0-9][A-Za-z0-9._:-]*}. */
  private static String identifier(JsonParser p, JsonToken token) throws IOException {
    return pattern(p, token, 128, "._:-");
  }

  /** {@code word}: 1 to 64 of {@code [a-z][a-z0-9_-]*}. */
  private static String word(JsonParser p, JsonToken token) throws IOException {
    String s = string(p, token);
    return isWord(s) ? s : giveUp();
  }

  /** Whether {@code s} is a {@code word}: 1 to 64 of {@code [a-z][a-z0-9_-]*}. */
  static boolean isWord(String s) {
    if (s.isEmpty() || s.length() > 64 || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** {@code scopeTag}: {@code key:value}, a tag key and a tag value, at most 80 characters. */
  private static String scopeTag(JsonParser p, JsonToken token) throws IOException {
    String s = string(p, token);
    return isScopeTag(s) ? s : giveUp();
  }

  /** Whether {@code s} is a {@code scopeTag}: a tag key, a colon and a tag value, at most 80 characters. */
  static boolean isScopeTag(String s) {
    int colon = s.indexOf(':');
    String key = colon > 0 ? s.substring(0, colon) : "";
    return s.length() <= 80 && (key.equals("language") || key.equals("domain") || key.equals("kind")
        || key.equals("scarcity")) && isPattern(s, colon + 1, 80, "._-");
  }

  /**
   * {@code printable256} and {@code collectiveName}: 1 to {@code max} characters, none in U+0000-U+001F or
   * U+007F-U+009F. Counted in chars: text within {@code max} chars is within {@code max} code points; longer text
   * (possible only with surrogate pairs) is left to the general reading.
   */
  private static String printable(JsonParser p, JsonToken token, int max) throws IOException {
    String s = string(p, token);
    return isPrintable(s, max) ? s : giveUp();
  }

  /** Whether {@code s} is 1 to {@code max} chars, none in U+0000-U+001F or U+007F-U+009F. */
  static boolean isPrintable(String s, int max) {
    if (s.isEmpty() || s.length() > max) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x1F || c >= 0x7F && c <= 0x9F) {
        return false;
      }
    }
    return true;
  }

  /** 1 to {@code max} characters: an ASCII letter or digit, then letters, digits and {@code extra}. */
  private static String pattern(JsonParser p, JsonToken token, int max, String extra) throws IOException {
    String s = string(p, token);
    return isPattern(s, 0, max, extra) ? s : giveUp();
  }

  /**
   * Whether {@code s} from {@code start} is 1 to {@code max} chars: an ASCII letter or digit, then letters, digits
   * and {@code extra}.
   */
  static boolean isPattern(String s, int start, int max, String extra) {
    int length = s.length() - start;
    if (length < 1 || length > max || !isAlphanumeric(s.charAt(start))) {
      return false;
    }
    for (int i = start + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isAlphanumeric(c) && extra.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlphanumeric(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }
}
