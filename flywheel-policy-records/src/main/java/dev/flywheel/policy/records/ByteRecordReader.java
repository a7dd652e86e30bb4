package dev.flywheel.policy.records;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a plain record straight from its UTF-8 bytes in one pass, without a JSON parser: field names are compared as
 * bytes with the schema's names, and only the values a record keeps are decoded, the repeated ones (terms, names,
 * licence, tags, sources) through a small table of strings already decoded, so that a dataset repeating a few values
 * over millions of records makes one {@code String} per distinct value rather than one per record.
 *
 * <p>It reads a subset of what {@link StreamingRecordReader} reads and gives up ({@code null}) on anything else:
 * bytes outside strings that are not ASCII, a surrogate escape, an escape together with non-ASCII bytes in one
 * string, {@code extensions}, an unknown or escaped field name, a repeated field, a value of the wrong type or shape,
 * an exhausted limit, anything after the record. The caller then reads the record with {@link StreamingRecordReader}
 * and, failing that, the general way; so this reader decides no diagnostic and may give up on anything unusual.
 *
 * <p>The promise, checked by {@code ByteRecordReaderTest} on the test corpora, on generated records and on
 * generated edits of them, valid and invalid: whenever this reader returns fields, {@link StreamingRecordReader}
 * returns equal fields. It applies the same checks to the decoded values (the shared {@code is...} rules of
 * {@link StreamingRecordReader}). Thread-safe: the table of strings is shared by every thread, and an entry is
 * immutable (the bytes, the string they decode to, its forms), so a thread that reads a stale or another thread's
 * entry only misses.
 *
 * <p>Bounded: the table has {@value #TABLE_SLOTS} slots, each holding at most one string of at most
 * {@value #TABLE_MAX_BYTES} raw bytes (a string may sit in either of two slots chosen by its hash; a new string that
 * finds both taken replaces the one in its first slot, which moves to its own other slot), so it never holds more
 * than about 4 MiB whatever the input; it only ever spares work, never changes a result.
 *
 * <p>Why: Jackson's parser (one per record, its own name table, a {@code String} per value) cost most of validating a
 * record once the tree was gone.
 */
final class ByteRecordReader {
  /** The schema's {@code maxItems} of every array. */
  private static final int MAX_ITEMS = 64;
  /** The schema's {@code maxLength} of an instant. */
  private static final int MAX_INSTANT = 35;
  /** The deepest nesting of a record this reader reads: record, statements, statement, scope, tags. */
  private static final int DEPTH = 5;
  /** Slots of the table of decoded strings (a power of two). */
  static final int TABLE_SLOTS = 4096;
  /** {@code TABLE_SLOTS} is 2 to this power. */
  private static final int TABLE_BITS = Integer.numberOfTrailingZeros(TABLE_SLOTS);
  /** Longest raw string (in bytes) kept in the table; longer ones are decoded each time. */
  static final int TABLE_MAX_BYTES = 256;

  private static final Names RECORD_FIELDS = names("schemaVersion", "id", "contributor", "collectives",
      "provenance", "licence", "released", "preference", "statements", "tags", "content");
  private static final Names PROVENANCE_FIELDS = names("source", "method", "created");
  private static final Names TAG_FIELDS = names("language", "domain", "kind", "scarcity");
  private static final Names STATEMENT_FIELDS = names("by", "collective", "effective", "terms", "scope");
  private static final Names SCOPE_FIELDS = names("contributedFrom", "contributedUntil", "tags");

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final RecordLimits limits;
  private final Interned[] table = new Interned[TABLE_SLOTS];

  ByteRecordReader(RecordLimits limits) {
    this.limits = limits;
  }

  /** The fields of the record in {@code bytes[0, length)}, or {@code null} if this reader does not read it. */
  RecordFields read(byte[] bytes, int length) {
    if (length > limits.maxRecordBytes() || limits.maxNestingDepth() < DEPTH || length > bytes.length) {
      return null;
    }
    try {
      Cursor cursor = new Cursor(bytes, length);
      RecordFields fields = cursor.record();
      cursor.skipSpace();
      return cursor.pos == length ? fields : null;
    } catch (GiveUp | ArrayIndexOutOfBoundsException e) { // an index past the end is a record cut short
      return null;
    }
  }

  /**
   * A string as raw bytes (between the quotes), their hash (compared before the bytes, so that another string in the
   * same slot is told apart without reading its bytes), the text they decode to, and the forms that text has.
   */
  private record Interned(byte[] raw, long hash, String text, int forms) {}

  /** No form required. */
  private static final int ANY = 0;
  /** The schema's {@code identifier}: 1 to 128 of {@code [A-Za-z0-9][A-Za-z0-9._:-]*}. */
  private static final int IDENTIFIER = 1;
  /** A licence: 1 to 100 of {@code [A-Za-z0-9][A-Za-z0-9.+-]*}. */
  private static final int LICENCE = 1 << 1;
  /** A tag value: 1 to 64 of {@code [A-Za-z0-9][A-Za-z0-9._-]*}. */
  private static final int TAG = 1 << 2;
  /** {@code printable256}: 1 to 256 chars, no control chars. */
  private static final int SOURCE = 1 << 3;
  /** {@code collectiveName}: 1 to 128 chars, no control chars. */
  private static final int COLLECTIVE = 1 << 4;
  /** {@code word}: 1 to 64 of {@code [a-z][a-z0-9_-]*}. */
  private static final int WORD = 1 << 5;
  /** {@code scopeTag}: a tag key, a colon and a tag value. */
  private static final int SCOPE_TAG = 1 << 6;
  private static final int ALL_FORMS = (1 << 7) - 1;
  /** Not through the table of decoded strings (values that rarely repeat: ids, times, content). */
  private static final int NOT_KEPT = 1 << 30;

  /**
   * Which of the forms in {@code wanted} {@code text} has, by the rules {@link StreamingRecordReader} applies to the
   * same fields.
   */
  private static int formsOf(String text, int wanted) {
    int forms = 0;
    if ((wanted & IDENTIFIER) != 0 && StreamingRecordReader.isPattern(text, 0, 128, "._:-")) {
      forms |= IDENTIFIER;
    }
    if ((wanted & LICENCE) != 0 && StreamingRecordReader.isPattern(text, 0, 100, ".+-")) {
      forms |= LICENCE;
    }
    if ((wanted & TAG) != 0 && StreamingRecordReader.isPattern(text, 0, 64, "._-")) {
      forms |= TAG;
    }
    if ((wanted & SOURCE) != 0 && StreamingRecordReader.isPrintable(text, 256)) {
      forms |= SOURCE;
    }
    if ((wanted & COLLECTIVE) != 0 && StreamingRecordReader.isPrintable(text, 128)) {
      forms |= COLLECTIVE;
    }
    if ((wanted & WORD) != 0 && StreamingRecordReader.isWord(text)) {
      forms |= WORD;
    }
    if ((wanted & SCOPE_TAG) != 0 && StreamingRecordReader.isScopeTag(text)) {
      forms |= SCOPE_TAG;
    }
    return forms;
  }

  private static <T> T giveUp() {
    throw GiveUp.INSTANCE;
  }

  /**
   * The field names of one kind of object, in the schema's order, as ASCII bytes; and for each, the first eight bytes
   * of the name followed by its closing quote as a little-endian word ({@code heads}), with the mask of the bytes that
   * word holds ({@code masks}): a name of at most seven letters is matched, quote included, by one compare.
   */
  private record Names(byte[][] bytes, long[] heads, long[] masks) {}

  private static Names names(String... names) {
    byte[][] bytes = new byte[names.length][];
    long[] heads = new long[names.length];
    long[] masks = new long[names.length];
    for (int i = 0; i < names.length; i++) {
      bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
      byte[] quoted = (names[i] + '"').getBytes(StandardCharsets.US_ASCII);
      for (int k = 0; k < Math.min(quoted.length, Long.BYTES); k++) {
        heads[i] |= (quoted[k] & 0xFFL) << (8 * k);
        masks[i] |= 0xFFL << (8 * k);
      }
    }
    return new Names(bytes, heads, masks);
  }

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
  private static final long SPACES = 0x2020202020202020L;
  /** Multiplier of the hash of a string's raw bytes (the golden ratio's 64-bit fraction). */
  private static final long MIX = 0x9E3779B97F4A7C15L;

  /**
   * The high bits of the bytes of {@code word} (read little-endian, so its first byte is the lowest) that are a quote,
   * a backslash, a control char (below 0x20) or a non-ASCII byte; 0 when none is. Each {@code (x - ONES) & ~x} term
   * has the high bit of a byte set when that byte of {@code x} is zero (or, with {@code SPACES}, below 0x20); a byte
   * above such a byte may be marked too (the borrow carries), but no byte below the first true one is, so whether the
   * result is 0 and its lowest set bit are both exact.
   */
  static long specialBytes(long word) {
    long quote = word ^ QUOTES;
    long backslash = word ^ BACKSLASHES;
    long found = (quote - ONES) & ~quote | (backslash - ONES) & ~backslash | (word - SPACES) & ~word | word;
    return found & HIGH_BITS;
  }

  /**
   * Whether {@code raw} holds exactly the bytes {@code b[start, start + length)}, which must lie within {@code b}.
   * Eight bytes a step through {@link #LONGS}, the last step overlapping the one before when the length is not a
   * multiple of eight; byte by byte below eight. The strings compared are mostly 2 to 90 bytes long, where this is
   * quicker than {@link Arrays#mismatch}, whose vector loop pays its setup on every call.
   */
  static boolean sameBytes(byte[] raw, byte[] b, int start, int length) {
    if (raw.length != length) {
      return false;
    }
    if (length < Long.BYTES) {
      for (int i = 0; i < length; i++) {
        if (raw[i] != b[start + i]) {
          return false;
        }
      }
      return true;
    }
    int last = length - Long.BYTES;
    for (int i = 0; i < last; i += Long.BYTES) {
      if ((long) LONGS.get(raw, i) != (long) LONGS.get(b, start + i)) {
        return false;
      }
    }
    return (long) LONGS.get(raw, last) == (long) LONGS.get(b, start + last);
  }

  /**
   * The first of the two slots of the table where a string of raw bytes with {@code hash} may be: the hash's top
   * bits, the best mixed of a product. Two slots rather than one, so that two strings a dataset repeats all the time
   * and whose first slots collide do not keep replacing each other: {@code ByteRecordReaderTest} counts the strings
   * decoded again on the generated dataset.
   */
  static int firstSlot(long hash) {
    return (int) (hash >>> (Long.SIZE - TABLE_BITS));
  }

  /** The second slot for a string of raw bytes with {@code hash}: the next bits of the hash. */
  static int secondSlot(long hash) {
    return (int) (hash >>> (Long.SIZE - 2 * TABLE_BITS)) & (TABLE_SLOTS - 1);
  }

  /** The other slot of {@code entry}, which sits in {@code slot}; {@code slot} when both its slots are the same. */
  private static int otherSlot(Interned entry, int slot) {
    int first = firstSlot(entry.hash);
    return first == slot ? secondSlot(entry.hash) : first;
  }

  /** One reading of one record: the position and the count of tokens so far. */
  private final class Cursor {
    private final byte[] b;
    private final int end;
    int pos;
    private int tokens;
    /** The provenance's source, method and created time, once {@link #provenance} has read them. */
    private String source;
    private String method;
    private String created;
    /** Whether the string {@link #string} is reading has an escape; set by {@link #specialByte}. */
    private boolean escaped;
    /** Whether the string {@link #string} is reading is all ASCII; cleared by {@link #specialByte}. */
    private boolean ascii;

    Cursor(byte[] b, int end) {
      this.b = b;
      this.end = end;
    }

    RecordFields record() {
      skipSpace();
      open('{');
      int schemaVersion = 0;
      String id = null;
      String contributor = null;
      List<String> collectives = null;
      boolean hasProvenance = false;
      String licence = null;
      String released = null;
      boolean hasReleased = false;
      String preference = null;
      List<RecordFields.StatementFields> statements = List.of();
      ContributionRecord.Tags tags = null;
      String content = null;
      int seen = 0;
      int next = 0; // the field expected next: the one after the last, in the schema's order
      if (!closes('}')) {
        do {
          int field = name(RECORD_FIELDS, next);
          seen = once(seen, field);
          next = field + 1;
          switch (field) {
            case 0 -> schemaVersion = one();
            case 1 -> id = string(NOT_KEPT | IDENTIFIER);
            case 2 -> contributor = string(IDENTIFIER);
            case 3 -> collectives = uniqueStrings(false);
            case 4 -> {
              provenance();
              hasProvenance = true;
            }
            case 5 -> licence = string(LICENCE);
            case 6 -> {
              released = instantOrNull();
              hasReleased = true;
            }
            case 7 -> preference = string(ANY);
            case 8 -> statements = statements();
            case 9 -> tags = tags();
            default -> content = string(NOT_KEPT);
          }
        } while (next('}'));
      }
      if (schemaVersion != 1 || id == null || contributor == null || collectives == null || !hasProvenance
          || licence == null || !hasReleased || preference == null || tags == null) {
        return null;
      }
      return new RecordFields(schemaVersion, id, contributor, collectives, source, method, created, licence,
          released, preference, statements, tags, content, "{}");
    }

    /** {@code schemaVersion}: the literal {@code 1} and nothing else. */
    private int one() {
      skipSpace();
      if (at(pos) != '1') {
        return giveUp();
      }
      pos++;
      byte after = pos < end ? at(pos) : (byte) ' ';
      if (after != ',' && after != '}' && !isSpace(after)) {
        return giveUp();
      }
      token();
      return 1;
    }

    /** The provenance object, into {@link #source}, {@link #method} and {@link #created}: all three or none. */
    private void provenance() {
      skipSpace();
      open('{');
      int seen = 0;
      int next = 0; // the field expected next: the one after the last, in the schema's order
      if (!closes('}')) {
        do {
          int field = name(PROVENANCE_FIELDS, next);
          seen = once(seen, field);
          next = field + 1;
          switch (field) {
            case 0 -> source = string(SOURCE);
            case 1 -> method = string(WORD);
            default -> created = instant();
          }
        } while (next('}'));
      }
      if (source == null || method == null || created == null) {
        giveUp();
      }
    }

    private ContributionRecord.Tags tags() {
      skipSpace();
      open('{');
      String language = null;
      String domain = null;
      String kind = null;
      String scarcity = null;
      int seen = 0;
      int next = 0; // the field expected next: the one after the last, in the schema's order
      if (!closes('}')) {
        do {
          int field = name(TAG_FIELDS, next);
          seen = once(seen, field);
          next = field + 1;
          String value = string(TAG);
          switch (field) {
            case 0 -> language = value;
            case 1 -> domain = value;
            case 2 -> kind = value;
            default -> scarcity = value;
          }
        } while (next('}'));
      }
      return new ContributionRecord.Tags(language, domain, kind, scarcity);
    }

    private List<RecordFields.StatementFields> statements() {
      skipSpace();
      open('[');
      List<RecordFields.StatementFields> out = new ArrayList<>(2);
      if (!closes(']')) {
        do {
          if (out.size() == MAX_ITEMS) {
            return giveUp();
          }
          out.add(statement());
        } while (next(']'));
      }
      return out;
    }

    /** As {@link StreamingRecordReader}'s statement: a contributor statement or a collective statement. */
    private RecordFields.StatementFields statement() {
      skipSpace();
      open('{');
      String by = null;
      String collective = null;
      String effective = null;
      String terms = null;
      boolean hasScope = false;
      String from = null;
      String until = null;
      List<String> scopeTags = List.of();
      int seen = 0;
      int next = 0; // the field expected next: the one after the last, in the schema's order
      if (!closes('}')) {
        do {
          int field = name(STATEMENT_FIELDS, next);
          seen = once(seen, field);
          next = field + 1;
          switch (field) {
            case 0 -> by = string(ANY);
            case 1 -> collective = string(COLLECTIVE);
            case 2 -> effective = instantOrNull();
            case 3 -> terms = string(ANY);
            default -> {
              hasScope = true;
              skipSpace();
              open('{');
              int seenInScope = 0;
              if (!closes('}')) {
                do {
                  int key = name(SCOPE_FIELDS, 0);
                  seenInScope = once(seenInScope, key);
                  switch (key) {
                    case 0 -> from = instantOrNull();
                    case 1 -> until = instantOrNull();
                    default -> scopeTags = uniqueStrings(true);
                  }
                } while (next('}'));
              }
            }
          }
        } while (next('}'));
      }
      if (by == null || terms == null) {
        return giveUp();
      }
      boolean valid = by.equals("collective")
          ? collective != null
          : by.equals("contributor") && collective == null && !hasScope && effective != null;
      if (!valid) {
        return giveUp();
      }
      return new RecordFields.StatementFields(by, collective, effective, terms, from, until, scopeTags);
    }

    /**
     * An array of at most {@link #MAX_ITEMS} distinct collective names or, with {@code scopeTags}, scope tags; an
     * immutable list when it holds none or one, the common case, so that the record keeps it without a copy.
     */
    private List<String> uniqueStrings(boolean scopeTags) {
      skipSpace();
      open('[');
      if (closes(']')) {
        return List.of();
      }
      String first = element(scopeTags);
      if (!next(']')) {
        return List.of(first);
      }
      List<String> out = new ArrayList<>(4);
      out.add(first);
      do {
        String value = element(scopeTags);
        if (out.size() == MAX_ITEMS || out.contains(value)) {
          return giveUp();
        }
        out.add(value);
      } while (next(']'));
      return out;
    }

    private String element(boolean scopeTag) {
      return string(scopeTag ? SCOPE_TAG : COLLECTIVE);
    }

    private String instant() {
      String s = string(NOT_KEPT);
      return s.length() <= MAX_INSTANT ? s : giveUp();
    }

    private String instantOrNull() {
      skipSpace();
      if (at(pos) == 'n') {
        if (at(pos + 1) != 'u' || at(pos + 2) != 'l' || at(pos + 3) != 'l') {
          return giveUp();
        }
        pos += 4;
        // Jackson reads "nullx" as an error, never as null followed by something.
        if (pos < end && isWordByte(b[pos])) {
          return giveUp();
        }
        token();
        return null;
      }
      return instant();
    }

    /**
     * A string value of {@code form} (form bits, {@link #ANY} for none; with {@link #NOT_KEPT} for a value that
     * rarely repeats). Unless not kept, it goes through the table of decoded strings: a value seen before is taken
     * with the forms it was found to have, so a repeated value is neither decoded nor checked again. Gives up on an unescaped control character, a surrogate escape, an
     * escape together with non-ASCII bytes, malformed UTF-8, more chars than the string limit, or the wrong form.
     */
    private String string(int form) {
      skipSpace();
      if (at(pos) != '"') {
        return giveUp();
      }
      int start = ++pos;
      long hash = 0;
      escaped = false;
      ascii = true;
      while (true) {
        // Eight plain bytes at a time (no quote, backslash, control char or non-ASCII byte among them), and in the
        // word that holds the next special byte, the plain bytes before it in one step. The hash only picks a slot
        // and is compared before the bytes, so words, parts of words and single bytes may be mixed into it: the same
        // bytes hashed in other steps (near the end of the record) only miss the table.
        if (pos + Long.BYTES <= end) {
          long word = (long) LONGS.get(b, pos);
          long special = specialBytes(word);
          if (special == 0) {
            hash = (hash ^ word) * MIX;
            pos += Long.BYTES;
            continue;
          }
          int plain = Long.numberOfTrailingZeros(special) >>> 3; // 0 to 7 plain bytes before the special one
          if (plain > 0) {
            hash = (hash ^ (word & ((1L << (plain << 3)) - 1))) * MIX;
            pos += plain;
          }
        }
        if (at(pos) == '"') {
          break;
        }
        hash = specialByte(hash);
      }
      int rawEnd = pos++;
      token();
      int rawLength = rawEnd - start;
      if ((form & NOT_KEPT) == 0 && rawLength <= TABLE_MAX_BYTES) {
        Interned known = table[firstSlot(hash)];
        if (known == null || known.hash != hash) {
          known = table[secondSlot(hash)];
        }
        if (known != null && known.hash == hash && sameBytes(known.raw, b, start, rawLength)) {
          return (known.forms & form) == form ? known.text : giveUp();
        }
      }
      return decode(start, rawEnd, hash, form);
    }

    /**
     * Steps over the byte at the current position inside a string, not its closing quote: an escape with the byte it
     * escapes, or one byte of a UTF-8 sequence (checked when the string is decoded); gives up on an unescaped control
     * char. {@return {@code hash} with the bytes stepped over}
     */
    private long specialByte(long hash) {
      byte c = b[pos];
      if (c == '\\') {
        escaped = true;
        hash = (hash ^ c) * MIX;
        c = at(++pos); // the escaped byte is never the closing quote
      } else if (c >= 0 && c < 0x20) {
        return giveUp();
      } else if (c < 0) {
        ascii = false;
      }
      pos++;
      return (hash ^ c) * MIX;
    }

    /**
     * The raw string {@code b[start, rawEnd)} just read by {@link #string}, not in the table: decoded, checked for
     * {@code form} and, unless not kept, put in the table under {@code hash}.
     */
    private String decode(int start, int rawEnd, long hash, int form) {
      int rawLength = rawEnd - start;
      boolean keep = (form & NOT_KEPT) == 0 && rawLength <= TABLE_MAX_BYTES;
      int required = form & ~NOT_KEPT;
      String text;
      if (escaped) {
        text = ascii ? unescape(start, rawEnd) : giveUp();
      } else if (ascii) {
        text = new String(b, start, rawLength, StandardCharsets.ISO_8859_1);
      } else {
        for (int i = start; i < rawEnd; i++) {
          if (b[i] < 0) {
            int size = StrictUnicode.sequenceLength(b, i, rawEnd);
            if (size < 0) {
              return giveUp();
            }
            i += size - 1;
          }
        }
        text = new String(b, start, rawLength, StandardCharsets.UTF_8);
      }
      if (text.length() > limits.maxStringLength()) {
        return giveUp();
      }
      int forms = formsOf(text, keep ? ALL_FORMS : required);
      if ((forms & required) != required) {
        return giveUp();
      }
      if (keep) {
        remember(new Interned(Arrays.copyOfRange(b, start, rawEnd), hash, text, forms));
      }
      return text;
    }

    /**
     * Puts {@code entry} in the table: in an empty one of its two slots, or else in its first slot, moving the string
     * there to that string's other slot (replacing whatever that held). Another thread's write to the same slots may
     * win; every slot always holds an immutable entry or nothing, so a reader only ever misses.
     */
    private void remember(Interned entry) {
      int first = firstSlot(entry.hash);
      int second = secondSlot(entry.hash);
      Interned displaced = table[first];
      if (displaced == null) {
        table[first] = entry;
      } else if (table[second] == null) {
        table[second] = entry;
      } else {
        table[first] = entry;
        int away = otherSlot(displaced, first);
        if (away != first) {
          table[away] = displaced;
        }
      }
    }

    /** The ASCII bytes {@code [from, to)} of a string with escapes, decoded; gives up on a surrogate escape. */
    private String unescape(int from, int to) {
      char[] out = new char[to - from];
      int n = 0;
      for (int i = from; i < to; i++) {
        char c = (char) b[i];
        if (c == '\\') {
          char e = (char) b[++i];
          switch (e) {
            case '"', '\\', '/' -> c = e;
            case 'b' -> c = '\b';
            case 'f' -> c = '\f';
            case 'n' -> c = '\n';
            case 'r' -> c = '\r';
            case 't' -> c = '\t';
            case 'u' -> {
              if (i + 4 >= to) {
                return giveUp();
              }
              int unit = 0;
              for (int k = 1; k <= 4; k++) {
                int digit = Character.digit((char) b[i + k], 16);
                if (digit < 0) {
                  return giveUp();
                }
                unit = unit * 16 + digit;
              }
              if (Character.isSurrogate((char) unit)) {
                return giveUp();
              }
              c = (char) unit;
              i += 4;
            }
            default -> {
              return giveUp();
            }
          }
        }
        out[n++] = c;
      }
      return new String(out, 0, n);
    }

    /**
     * The index in {@code names} of the next field's name (after its quote, up to its colon), trying {@code from}
     * first (fields mostly come in the schema's order); gives up on a name that is not one of them exactly (an
     * escaped or unknown one) or is longer than the key limit. A known name is ASCII letters, so the quote after its
     * bytes closes the key.
     */
    private int name(Names names, int from) {
      skipSpace();
      if (at(pos) != '"') {
        return giveUp();
      }
      int start = pos + 1;
      byte[][] all = names.bytes();
      // The next eight bytes at once, when the record has them: a name of up to seven letters and its quote are
      // compared in one step, and the first eight letters of a longer one before the rest.
      boolean wide = start + Long.BYTES <= end;
      long word = wide ? (long) LONGS.get(b, start) : 0;
      for (int k = 0; k < all.length; k++) {
        int i = from + k < all.length ? from + k : from + k - all.length;
        byte[] name = all[i];
        int close = start + name.length;
        boolean quoted = close < end && b[close] == '"';
        boolean same = wide
            ? (word & names.masks()[i]) == names.heads()[i]
                && (name.length < Long.BYTES || quoted && sameBytes(name, b, start, name.length))
            : quoted && sameBytes(name, b, start, name.length);
        if (same) {
          if (name.length > limits.maxKeyLength()) {
            return giveUp();
          }
          pos = close + 1;
          token();
          skipSpace();
          if (at(pos) != ':') {
            return giveUp();
          }
          pos++;
          return i;
        }
      }
      return giveUp();
    }

    /** Opens an object or array with {@code bracket} at the current position. */
    private void open(char bracket) {
      if (at(pos) != bracket) {
        giveUp();
      }
      pos++;
      token();
    }

    /** Whether the container just opened is empty: closed at once by {@code bracket}. */
    private boolean closes(char bracket) {
      skipSpace();
      if (at(pos) == bracket) {
        pos++;
        token();
        return true;
      }
      return false;
    }

    /** After a member or element: true on a comma (another follows), false on {@code bracket} (the end). */
    private boolean next(char bracket) {
      skipSpace();
      byte c = at(pos++);
      if (c == ',') {
        return true;
      }
      if (c == bracket) {
        token();
        return false;
      }
      return giveUp();
    }

    /**
     * Counts one token against the limit; gives up one token early, so that no count of Jackson's, which counts the
     * same tokens, can be over the limit where this one is not.
     */
    private void token() {
      if (++tokens >= limits.maxTokens()) {
        giveUp();
      }
    }

    /** The byte at {@code i}; gives up past the end of the record (the buffer may hold more). */
    private byte at(int i) {
      if (i >= end) {
        giveUp();
      }
      return b[i];
    }

    void skipSpace() {
      while (pos < end) {
        byte c = b[pos];
        if (c > ' ' || !isSpace(c)) {
          return;
        }
        pos++;
      }
    }
  }

  /** A byte that would continue a literal such as {@code null}: letters, digits, underscore, non-ASCII. */
  private static boolean isWordByte(byte c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c < 0;
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  /** {@code seen} with the bit of field {@code index}; gives up if it was there already. */
  private static int once(int seen, int index) {
    int bit = 1 << index;
    if ((seen & bit) != 0) {
      giveUp();
    }
    return seen | bit;
  }
}
