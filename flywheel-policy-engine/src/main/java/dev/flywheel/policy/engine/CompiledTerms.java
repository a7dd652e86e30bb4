package dev.flywheel.policy.engine;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Reason;
import dev.flywheel.policy.Span;
import dev.flywheel.policy.terms.AllowClause;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.Condition;
import dev.flywheel.policy.terms.DenyClause;
import dev.flywheel.policy.terms.DutyClause;
import dev.flywheel.policy.terms.DutyCondition;
import dev.flywheel.policy.terms.FactCondition;
import dev.flywheel.policy.terms.OnlyClause;
import dev.flywheel.policy.terms.Policy;
import dev.flywheel.policy.terms.TimeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One statement of terms, compiled: either the diagnostics that make it unusable, or its clauses as masks plus a
 * lazily filled decision table for plain terms (layer {@link Layer#TERMS}).
 *
 * <p><b>Time segments.</b> Every {@code from}/{@code until} instant of the statement is a boundary; between two
 * neighbouring boundaries no clause changes state, so the table needs one column per segment, and the segment of a
 * request time is found by binary search over the boundaries (kept as epoch seconds and nanos, never as objects).
 *
 * <p><b>The table.</b> One cell per class x fact set (the fact dimension collapses to one when no clause names a
 * fact), where a class is the set of (purpose, segment) pairs that the same clauses decide: what a statement says about
 * a purpose depends only on the active {@code -only} clauses that exclude it, the active clauses naming its level
 * (rule 2), and the active standalone duties (whose reasons depend on whether the purpose has a level at all). So
 * {@code deny train until D; allow eval} needs 3 cells, not 7 purposes x 2 segments. The map from (purpose, segment)
 * to class fits in one long for nearly all statements (at most one time bound); a larger one is an array, shared by the
 * statements of one shape (it depends on the clauses' kinds, purposes and time windows, not on texts or dates). A
 * cell holds the finished decision, or for an obligation both variants (honoured or not), so that a decision for
 * cached terms allocates nothing once its cell is filled. Cells are filled on first use, sharing any equal decision
 * already in the table (and, given a shared table, one of another statement); a race fills a cell twice with equal
 * immutable values, which is harmless.
 *
 * <p><b>Compact form.</b> An engine keeps one of these per distinct terms text, so it is kept small: the boundaries
 * and the clauses live in one {@code long[]} (one long per clause, no object), and a clause's canonical text and
 * span are not kept when they can be read back from the source text. A clause's span is the text between its
 * semicolons (outside quoted names) without the surrounding blanks, and a clause written in canonical form (nearly
 * all) is its own canonical text. Both are produced only when a reason is built, which for plain terms is once per
 * filled cell. What cannot be read back (spans in terms of several lines, or when the source is not known; the text
 * of a clause written differently from its canonical form; duties; boundaries with nanoseconds) is kept in a side
 * record, present only when needed.
 */
final class CompiledTerms {
  private static final Purpose[] PURPOSES = Purpose.values();
  private static final Fact[] FACTS = Fact.values();
  /**
   * Largest table kept: 7 purposes x 16 segments x 4 fact sets. A statement with more time bounds than that (the parser
   * allows 64 clauses, so up to 128 bounds) is decided afresh on every call instead, so that hostile terms cannot make
   * each cache entry tens of kilobytes.
   */
  static final int MAX_CELLS = 448;

  // ---- Clause kinds and the packing of a clause into one long ----

  static final int ALLOW = 0;
  static final int DENY = 1;
  static final int ONLY = 2;
  static final int DUTY = 3;

  /**
   * The long of a clause: kind (bits 0-1), purpose mask (one bit per purpose ordinal, from bit 2), required-fact
   * mask (one bit per fact ordinal, after the purposes), all within bits 0-15; first active segment (bits 16-39) and
   * first segment after that in which it is no longer active (bits 40-63).
   */
  private static final int PURPOSE_SHIFT = 2;
  private static final int FACT_SHIFT = PURPOSE_SHIFT + PURPOSES.length;
  private static final int PURPOSE_BITS = (1 << PURPOSES.length) - 1;
  private static final int FACT_BITS = (1 << FACTS.length) - 1;
  private static final int FIRST_SEGMENT_SHIFT = 16;
  private static final int END_SEGMENT_SHIFT = 40;
  private static final int SEGMENT_MASK = (1 << 24) - 1;
  /** The largest number of boundaries the packing holds (the parser's hard length limit allows about 2^16). */
  static final int MAX_BOUNDARIES = SEGMENT_MASK - 1;

  /**
   * {@link #shape}: the number of boundaries in bits 0-23, the number of fact bits of a cell index in bits 24-27,
   * {@link #ASCII_SOURCE} when the source text is ASCII, and {@link #MAP_IN_EXTRAS} (the sign bit) when the class
   * map is not inline.
   */
  private static final int FACT_COLUMN_SHIFT = 24;
  private static final int FACT_COLUMN_MASK = 15;
  private static final int MAP_IN_EXTRAS = 1 << 31;
  /** In {@link #shape}: every char of {@link #source} is below U+0080 (a bit, not a field, which would cost 8 B). */
  private static final int ASCII_SOURCE = 1 << 30;
  /**
   * An inline class map: 4 bits per class index, 8 purpose slots per segment (a shift instead of a multiplication),
   * so at most 2 segments (one time bound, as nearly all terms have) and 16 classes.
   */
  private static final int INLINE_SEGMENTS = 2;
  private static final int INLINE_CLASSES = 16;

  static {
    if (FACT_SHIFT + FACTS.length > FIRST_SEGMENT_SHIFT || FACTS.length > FACT_COLUMN_MASK || PURPOSES.length > 8) {
      throw new AssertionError("purposes and facts no longer fit the packed clause");
    }
  }

  /** The terms text this was compiled from (the cache key), or {@code null} for a tree compiled directly. */
  final String source;
  /**
   * The boundaries' epoch seconds, ascending (the first {@code shape & SEGMENT_MASK} longs), then one long per clause
   * in source order; {@code null} when the terms are invalid.
   */
  private final long[] data;
  /** See {@link #FACT_COLUMN_SHIFT}. */
  private final int shape;
  /**
   * The class map when it fits in 64 bits (see {@link #INLINE_SEGMENTS}; the index of pair (p, s) at bit
   * {@link #inlineShift}); else 0, and the map is {@link Extras#classMap}. Inline, it costs no array read on the hot
   * path.
   */
  private final long classBits;
  /** Lazily filled decisions for layer TERMS, one per class x fact set: a Decision or an {@link ObligationCell}. */
  private final Object[] cells;
  /** What the packed form cannot hold, or {@code null} when it holds everything (the common case). */
  private final Extras extras;

  /**
   * The rarer parts of a statement, each {@code null} when not needed.
   *
   * @param duties per clause, its duty conditions or its standalone duty (null entries: none)
   * @param texts per clause, its canonical text when the source does not hold it (null entries: read it there)
   * @param spans per clause, its span (may be null), when the spans cannot be read back from the source
   * @param boundaryNanos per boundary, its nanosecond part, when any is not zero
   * @param errorDecision for invalid terms, the deny
   * @param classMap the class of each (purpose, segment) pair when the map does not fit {@link #classBits}; shared
   */
  private record Extras(
      Duty[][] duties, String[] texts, Span[] spans, int[] boundaryNanos, Decision.Deny errorDecision,
      ClassMap classMap) {}

  private CompiledTerms(String source, long[] data, int boundaries, int factColumnBits, Extras extras) {
    this.source = source;
    this.data = data;
    int segments = boundaries + 1;
    int ascii = isAscii(source) ? ASCII_SOURCE : 0;
    // The bound is on the table before classes merge (an upper bound of the cells kept), as documented.
    if (data == null || (PURPOSES.length * segments) << factColumnBits > MAX_CELLS) {
      this.shape = boundaries | factColumnBits << FACT_COLUMN_SHIFT | ascii;
      this.classBits = 0;
      this.cells = null;
      this.extras = extras;
      return;
    }
    char[] map = new char[PURPOSES.length * segments];
    int classCount = classify(data, boundaries, map);
    if (segments <= INLINE_SEGMENTS && classCount <= INLINE_CLASSES) {
      long bits = 0;
      for (Purpose p : PURPOSES) {
        for (int segment = 0; segment < segments; segment++) {
          bits |= (long) map[p.ordinal() * segments + segment] << inlineShift(p, segment);
        }
      }
      this.classBits = bits;
      this.shape = boundaries | factColumnBits << FACT_COLUMN_SHIFT | ascii;
      this.extras = extras;
    } else {
      this.classBits = 0;
      this.shape = boundaries | factColumnBits << FACT_COLUMN_SHIFT | MAP_IN_EXTRAS | ascii;
      this.extras = extras == null
          ? new Extras(null, null, null, null, null, sharedMap(map))
          : new Extras(extras.duties(), extras.texts(), extras.spans(), extras.boundaryNanos(), null, sharedMap(map));
    }
    this.cells = new Object[classCount << factColumnBits];
  }

  private static boolean isAscii(String text) {
    if (text == null) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Whether the source text is ASCII, so that its chars are its UTF-8 bytes. */
  boolean hasAsciiSource() {
    return (shape & ASCII_SOURCE) != 0;
  }

  /** Where the class of (purpose, segment) stands in an inline map: 4 bits per class, 8 purposes per segment. */
  private static int inlineShift(Purpose purpose, int segment) {
    return segment << 5 | purpose.ordinal() << 2;
  }

  /**
   * Fills {@code map} with the class of each (purpose, segment) pair (see the class comment) and returns the number
   * of classes. Pairs get the same class when the same clauses decide them: the same active {@code -only} clauses
   * exclude the purpose (when any does, nothing else counts), or else the same active clauses naming its level (none
   * when it has no level) and the same active standalone duties. Clause sets are bit masks when there are at most 64
   * clauses; with more, every pair is its own class.
   */
  private static int classify(long[] data, int boundaries, char[] map) {
    int segments = boundaries + 1;
    int count = data.length - boundaries;
    if (count > Long.SIZE) {
      for (int i = 0; i < map.length; i++) {
        map[i] = (char) i;
      }
      return map.length;
    }
    // Per class, three longs: the excluding -only clauses, the active clauses naming the level, the active duty
    // clauses (the last two 0 when some -only clause excludes the purpose). The level itself need not be compared:
    // reasons, duties and missing facts come from the clauses alone (a clause naming train and eval says the same to
    // each), and whether there is a level at all is whether the naming set is empty.
    long[] keys = new long[3 * 4];
    int classCount = 0;
    long[] naming = new long[PURPOSES.length]; // per purpose: the active allow, deny and only clauses naming it
    for (int segment = 0; segment < segments; segment++) {
      Arrays.fill(naming, 0);
      long onlyClauses = 0;
      long dutyClauses = 0;
      for (int i = 0; i < count; i++) {
        long c = data[boundaries + i];
        if (!activeIn(c, segment)) {
          continue;
        }
        if (kind(c) == DUTY) {
          dutyClauses |= 1L << i;
          continue;
        }
        if (kind(c) == ONLY) {
          onlyClauses |= 1L << i;
        }
        for (int named = purposes(c); named != 0; named &= named - 1) {
          naming[Integer.numberOfTrailingZeros(named)] |= 1L << i;
        }
      }
      for (Purpose purpose : PURPOSES) {
        long excluding = 0;
        for (long only = onlyClauses; only != 0; only &= only - 1) {
          int i = Long.numberOfTrailingZeros(only);
          if (!purpose.isWithin(onlyPurpose(data[boundaries + i]))) {
            excluding |= 1L << i;
          }
        }
        long atLevel = 0;
        long duties = 0;
        if (excluding == 0) {
          for (Purpose p = purpose; p != null && atLevel == 0; p = p.parent()) {
            atLevel = naming[p.ordinal()]; // rule 2: the nearest level with clauses
          }
          duties = dutyClauses;
        }
        int found = 0;
        while (found < classCount && !(keys[3 * found] == excluding && keys[3 * found + 1] == atLevel
            && keys[3 * found + 2] == duties)) {
          found++;
        }
        if (found == classCount) {
          if (keys.length < 3 * (classCount + 1)) {
            keys = Arrays.copyOf(keys, 2 * keys.length);
          }
          keys[3 * classCount] = excluding;
          keys[3 * classCount + 1] = atLevel;
          keys[3 * classCount + 2] = duties;
          classCount++;
        }
        map[purpose.ordinal() * segments + segment] = (char) found;
      }
    }
    return classCount;
  }

  /**
   * A class map too large for {@link #classBits}, shared between statements. The array is only ever reached through
   * this record's final field, which makes its contents visible to every thread that reads the record, however the
   * record itself was passed on (here: racily, through {@link #SHARED_MAPS}); it is never written after that.
   *
   * @param classes the class of pair (p, s) at {@code p.ordinal() * segments + s}
   */
  private record ClassMap(char[] classes) {}

  /**
   * Recently built class maps, by content: statements of one shape (the same kinds of clauses over the same purposes
   * and time windows, whatever their texts and dates) share one map. Slots are read and written without locks: a
   * {@link ClassMap} is immutable, and a missed or lost entry only means an equal copy.
   */
  private static final ClassMap[] SHARED_MAPS = new ClassMap[256];

  private static ClassMap sharedMap(char[] map) {
    int h = Arrays.hashCode(map);
    int slot = (h ^ (h >>> 16)) & (SHARED_MAPS.length - 1);
    ClassMap existing = SHARED_MAPS[slot];
    if (existing != null && Arrays.equals(existing.classes(), map)) {
      return existing;
    }
    ClassMap fresh = new ClassMap(map);
    SHARED_MAPS[slot] = fresh;
    return fresh;
  }

  /** A statement the parser rejected. */
  static CompiledTerms invalid(List<Diagnostic> diagnostics) {
    return invalid(diagnostics, null);
  }

  /** Terms text {@code source} that the parser rejected. */
  static CompiledTerms invalid(List<Diagnostic> diagnostics, String source) {
    List<Diagnostic> copy = List.copyOf(diagnostics);
    Decision.Deny deny = new Decision.Deny(Decision.Basis.ERROR, errorReasons(Layer.TERMS, copy), copy, List.of());
    return new CompiledTerms(source, null, 0, 0, new Extras(null, null, null, null, deny, null));
  }

  /**
   * Compiles {@code policy}.
   *
   * @param source the text the policy was parsed from (clause texts and spans are read back from it), or null
   * @param printer gives the canonical text of a clause
   */
  static CompiledTerms compile(Policy policy, String source, Function<Clause, String> printer) {
    TreeSet<Instant> bounds = new TreeSet<>();
    for (Clause c : policy.clauses()) {
      TimeWindow w = c.window();
      if (w.from() != null) {
        bounds.add(w.from());
      }
      if (w.until() != null) {
        bounds.add(w.until());
      }
    }
    Instant[] sortedBounds = bounds.toArray(new Instant[0]);
    int boundaries = sortedBounds.length;
    if (boundaries > MAX_BOUNDARIES) {
      throw new IllegalArgumentException("more than " + MAX_BOUNDARIES + " time bounds");
    }
    List<Clause> clauses = policy.clauses();
    long[] data = new long[boundaries + clauses.size()];
    int[] nanos = null;
    for (int i = 0; i < boundaries; i++) {
      data[i] = sortedBounds[i].getEpochSecond();
      if (sortedBounds[i].getNano() != 0) {
        if (nanos == null) {
          nanos = new int[boundaries];
        }
        nanos[i] = sortedBounds[i].getNano();
      }
    }
    // Offsets count code points; without surrogate pairs they are char indices, and texts can be cut out directly.
    boolean readable = source != null && source.length() == source.codePointCount(0, source.length());
    // On one line, a span is its offset and length (column = offset + 1), and those are found between semicolons.
    boolean spansReadable = readable && source.indexOf('\n') < 0 && source.indexOf('\r') < 0;
    int nextRangeFrom = 0;
    int segments = boundaries + 1;
    Duty[][] duties = null;
    String[] texts = null;
    Span[] spans = null;
    boolean anyFact = false;
    for (int i = 0; i < clauses.size(); i++) {
      Clause clause = clauses.get(i);
      TimeWindow w = clause.window();
      int first = w.from() == null ? 0 : Arrays.binarySearch(sortedBounds, w.from()) + 1;
      int end = w.until() == null ? segments : Arrays.binarySearch(sortedBounds, w.until()) + 1;
      int kind;
      int purposes;
      int facts = 0;
      Duty[] clauseDuties = null;
      if (clause instanceof AllowClause a) {
        kind = ALLOW;
        purposes = purposeMask(a.purposes());
        List<Duty> conditions = new ArrayList<>();
        for (Condition condition : a.conditions()) {
          if (condition instanceof FactCondition f) {
            facts |= 1 << f.fact().ordinal();
          } else {
            Duty d = ((DutyCondition) condition).duty();
            if (!conditions.contains(d)) {
              conditions.add(d);
            }
          }
        }
        clauseDuties = conditions.isEmpty() ? null : conditions.toArray(new Duty[0]);
      } else if (clause instanceof DenyClause d) {
        kind = DENY;
        purposes = purposeMask(d.purposes());
      } else if (clause instanceof OnlyClause o) {
        kind = ONLY;
        purposes = 1 << o.purpose().ordinal();
      } else {
        kind = DUTY;
        purposes = 0;
        clauseDuties = new Duty[] {((DutyClause) clause).duty()};
      }
      anyFact |= facts != 0;
      data[boundaries + i] = kind | purposes << PURPOSE_SHIFT | facts << FACT_SHIFT
          | (long) first << FIRST_SEGMENT_SHIFT | (long) end << END_SEGMENT_SHIFT;
      if (clauseDuties != null) {
        if (duties == null) {
          duties = new Duty[clauses.size()][];
        }
        duties[i] = clauseDuties;
      }
      Span span = clause.span();
      if (spansReadable) {
        long range = nextRange(source, nextRangeFrom);
        spansReadable = span != null && range == ((long) span.offset() << 32 | span.end()) && span.line() == 1
            && span.column() == span.offset() + 1;
        nextRangeFrom = (int) range + 1;
      }
      String text = printer.apply(clause);
      boolean textReadable = readable && span != null && span.end() <= source.length()
          && text.length() == span.length() && source.startsWith(text, span.offset());
      if (!textReadable) {
        if (texts == null) {
          texts = new String[clauses.size()];
        }
        texts[i] = text.equals(source) ? source : text; // one string for key and reason
      }
    }
    if (spansReadable && nextRange(source, nextRangeFrom) != NO_RANGE) {
      spansReadable = false; // more regions than clauses: not what the parser made
    }
    if (!spansReadable) {
      spans = new Span[clauses.size()];
      for (int i = 0; i < spans.length; i++) {
        spans[i] = clauses.get(i).span();
      }
    }
    Extras extras = duties == null && texts == null && spans == null && nanos == null
        ? null
        : new Extras(duties, texts, spans, nanos, null, null);
    return new CompiledTerms(source, data, boundaries, anyFact ? FACTS.length : 0, extras);
  }

  private static int purposeMask(List<Purpose> purposes) {
    int mask = 0;
    for (Purpose p : purposes) {
      mask |= 1 << p.ordinal();
    }
    return mask;
  }

  boolean isValid() {
    return data != null;
  }

  /** The parser's diagnostics of invalid terms; empty for valid ones. */
  List<Diagnostic> diagnostics() {
    return data == null ? extras.errorDecision().diagnostics() : List.of();
  }

  /** The deny for invalid plain terms; {@code null} for valid ones. */
  Decision.Deny errorDecision() {
    return data == null ? extras.errorDecision() : null;
  }

  /** One reason per error diagnostic, in {@code layer}. */
  static List<Reason> errorReasons(Layer layer, List<Diagnostic> diagnostics) {
    List<Reason> reasons = new ArrayList<>();
    for (Diagnostic d : diagnostics) {
      if (d.isError()) {
        reasons.add(new Reason(layer, null, d.span(), d.code().id() + ": " + d.message()));
      }
    }
    if (reasons.isEmpty()) {
      reasons.add(new Reason(layer, null, null, "the terms could not be used"));
    }
    return Reasons.sorted(reasons);
  }

  // ---- Time segments ----

  private int boundaries() {
    return shape & SEGMENT_MASK;
  }

  /** The number of time segments: boundaries plus one. */
  int segments() {
    return boundaries() + 1;
  }

  /** The segment holding the instant {@code seconds}.{@code nanos} (epoch): the count of boundaries at or before it. */
  int segmentAt(long seconds, int nanos) {
    long[] bounds = data;
    int low = 0;
    int high = shape & SEGMENT_MASK;
    while (low < high) {
      int mid = (low + high) >>> 1;
      long s = bounds[mid];
      boolean atOrBefore = s < seconds || (s == seconds && boundaryNanos(mid) <= nanos);
      if (atOrBefore) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private int boundaryNanos(int boundary) {
    return extras == null || extras.boundaryNanos() == null ? 0 : extras.boundaryNanos()[boundary];
  }

  /** The segment holding {@code at}. */
  int segmentAt(Instant at) {
    return segmentAt(at.getEpochSecond(), at.getNano());
  }

  // ---- The table ----

  /**
   * The plain-terms decision for {@code purpose} in {@code segment} with the request's {@code facts} and
   * {@code honoured} masks; allocation-free once the cell is filled.
   */
  Decision decide(Purpose purpose, int segment, int facts, int honoured, Decision silentDecision) {
    return decide(purpose, segment, facts, honoured, silentDecision, null);
  }

  /**
   * As {@link #decide(Purpose, int, int, int, Decision)}; a newly filled cell takes an equal one from
   * {@code shared} (see {@link #share}) when there is one, so that statements deciding alike keep one copy.
   *
   * @param shared a table of cells shared between statements, or {@code null}
   */
  Decision decide(Purpose purpose, int segment, int facts, int honoured, Decision silentDecision, Object[] shared) {
    Object[] table = cells;
    if (table == null) {
      Object cell = cellFor(purpose, segment, facts, silentDecision);
      return cell instanceof ObligationCell obligation ? obligation.pick(honoured) : (Decision) cell;
    }
    int s = shape;
    int group = s >= 0
        ? (int) (classBits >>> inlineShift(purpose, segment)) & (INLINE_CLASSES - 1)
        : extras.classMap().classes()[purpose.ordinal() * ((s & SEGMENT_MASK) + 1) + segment];
    int factBits = (s >>> FACT_COLUMN_SHIFT) & FACT_COLUMN_MASK;
    int index = (group << factBits) | (facts & ((1 << factBits) - 1));
    Object cell = table[index];
    if (cell == null) {
      cell = fill(table, index, purpose, segment, facts, silentDecision, shared);
    }
    if (cell instanceof ObligationCell obligation) {
      return obligation.pick(honoured);
    }
    return (Decision) cell;
  }

  private Object fill(
      Object[] table, int index, Purpose purpose, int segment, int facts, Decision silentDecision, Object[] shared) {
    Object cell = cellFor(purpose, segment, facts, silentDecision);
    // Share an equal decision already in the table: many purposes and segments decide alike.
    Object same = null;
    for (Object existing : table) {
      if (existing != null && existing.equals(cell)) {
        same = existing;
        break;
      }
    }
    cell = same != null ? same : share(shared, cell);
    table[index] = cell;
    return cell;
  }

  /** Longest total of reason message chars of a cell put in a shared table, so that stale entries stay small. */
  static final int MAX_SHARED_MESSAGE_CHARS = 512;

  /**
   * {@code cell}, or an equal cell already in {@code shared} (then {@code cell} is dropped). Otherwise {@code cell}
   * takes its slot (indexed by hash; a previous occupant is only forgotten, never changed), when its reasons are
   * short enough: a slot may keep a cell whose statement has left the cache, and this bounds what that costs.
   * Slots are read and written without locks: cells are immutable, so a racing reader sees a whole cell or null.
   */
  static Object share(Object[] shared, Object cell) {
    if (shared == null) {
      return cell;
    }
    int h = cell.hashCode();
    int slot = (h ^ (h >>> 16)) & (shared.length - 1);
    Object existing = shared[slot];
    if (existing != null && existing.equals(cell)) {
      return existing;
    }
    if (messageChars(cell) <= MAX_SHARED_MESSAGE_CHARS) {
      shared[slot] = cell;
    }
    return cell;
  }

  private static int messageChars(Object cell) {
    Decision d = cell instanceof ObligationCell o ? o.honoured() : (Decision) cell;
    int chars = 0;
    for (Reason r : d.reasons()) {
      chars += r.message().length();
    }
    return chars;
  }

  /** A finished decision, or both variants of an obligation. */
  private Object cellFor(Purpose purpose, int segment, int facts, Decision silentDecision) {
    int factBits = (shape >>> FACT_COLUMN_SHIFT) & FACT_COLUMN_MASK;
    Verdict v = verdict(purpose, segment, facts & ((1 << factBits) - 1), Layer.TERMS, null);
    Object cell;
    switch (v.kind()) {
      case SILENT -> cell = silentDecision;
      case DENY -> cell = new Decision.Deny(
          Decision.Basis.EXPLICIT, v.reasons(), List.of(), factsOf(v.wouldAllowWith()));
      default -> {
        if (v.duties().isEmpty()) {
          cell = new Decision.Allow(Decision.Basis.EXPLICIT, v.reasons());
        } else {
          cell = new ObligationCell(
              Duties.typeMask(v.duties()),
              new Decision.Obligation(v.duties(), Decision.Basis.EXPLICIT, v.reasons(), true),
              new Decision.Obligation(v.duties(), Decision.Basis.EXPLICIT, v.reasons(), false));
        }
      }
    }
    return cell;
  }

  /** Facts from a mask of fact ordinals, in enum order. */
  static List<Fact> factsOf(int mask) {
    if (mask == 0) {
      return List.of();
    }
    List<Fact> facts = new ArrayList<>(2);
    for (Fact f : FACTS) {
      if ((mask & (1 << f.ordinal())) != 0) {
        facts.add(f);
      }
    }
    return List.copyOf(facts);
  }

  // ---- Deciding from the clauses ----

  private int clauseCount() {
    return data.length - boundaries();
  }

  private long head(int clause) {
    return data[boundaries() + clause];
  }

  private static int kind(long head) {
    return (int) head & 3;
  }

  private static int purposes(long head) {
    return (int) (head >>> PURPOSE_SHIFT) & PURPOSE_BITS;
  }

  private static int requiredFacts(long head) {
    return (int) (head >>> FACT_SHIFT) & FACT_BITS;
  }

  private static boolean activeIn(long head, int segment) {
    return ((int) (head >>> FIRST_SEGMENT_SHIFT) & SEGMENT_MASK) <= segment
        && segment < ((int) (head >>> END_SEGMENT_SHIFT) & SEGMENT_MASK);
  }

  private static boolean names(long head, Purpose p) {
    return (purposes(head) & (1 << p.ordinal())) != 0;
  }

  /** The purpose of a {@code P-only} clause. */
  private static Purpose onlyPurpose(long head) {
    return PURPOSES[Integer.numberOfTrailingZeros(purposes(head))];
  }

  private Duty[] duties(int clause) {
    return extras.duties()[clause];
  }

  /** Rule 2: the most specific level, {@code purpose} or an ancestor, with an active allow, deny or only clause. */
  private static Purpose levelOf(long[] data, int boundaries, Purpose purpose, int segment) {
    int count = data.length - boundaries;
    for (Purpose p = purpose; p != null; p = p.parent()) {
      for (int i = 0; i < count; i++) {
        long c = data[boundaries + i];
        if (kind(c) != DUTY && activeIn(c, segment) && names(c, p)) {
          return p;
        }
      }
    }
    return null;
  }

  /**
   * What this (valid) statement says about {@code purpose} in {@code segment} given the request's {@code facts}:
   * rules 1 to 5 of the semantics.
   *
   * @param layer the layer the reasons name
   * @param quotaScope the scope given to quota duties (the collective's name), or {@code null}
   */
  Verdict verdict(Purpose purpose, int segment, int facts, Layer layer, String quotaScope) {
    int count = clauseCount();
    // Rule 4: an active P-only clause denies every purpose outside P, whatever else the statement says.
    List<Reason> reasons = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long c = head(i);
      if (kind(c) == ONLY && activeIn(c, segment) && !purpose.isWithin(onlyPurpose(c))) {
        reasons.add(reason(layer, i, "denies every purpose outside " + onlyPurpose(c).word()));
      }
    }
    if (!reasons.isEmpty()) {
      return new Verdict(Verdict.Kind.DENY, Reasons.sorted(reasons), List.of(), 0);
    }
    Purpose level = levelOf(data, boundaries(), purpose, segment);
    List<Duty> standalone = new ArrayList<>();
    List<Reason> dutyReasons = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long c = head(i);
      if (kind(c) == DUTY && activeIn(c, segment)) {
        Duty duty = duties(i)[0];
        standalone.add(scoped(duty, quotaScope));
        dutyReasons.add(reason(layer, i, level == null
            ? "allows every use nothing else covers, subject to " + duty.type().word()
            : "adds " + duty.type().word() + " to every allow"));
      }
    }
    if (level == null) {
      // Rule 5: only standalone duties speak (allowing, subject to them), or nothing does (silent).
      return standalone.isEmpty()
          ? Verdict.SILENT
          : new Verdict(Verdict.Kind.ALLOW, Reasons.sorted(dutyReasons), Duties.union(standalone), 0);
    }
    // Rule 3: at that level, any deny wins.
    for (int i = 0; i < count; i++) {
      long c = head(i);
      if (kind(c) == DENY && activeIn(c, segment) && names(c, level)) {
        reasons.add(reason(layer, i, "denies " + purposeWords(c)));
      }
    }
    if (!reasons.isEmpty()) {
      return new Verdict(Verdict.Kind.DENY, Reasons.sorted(reasons), List.of(), 0);
    }
    // Rule 3: else every allow whose facts hold allows, with the union of the duties.
    List<Duty> duties = new ArrayList<>(standalone);
    int fewestMissing = Integer.MAX_VALUE;
    int wouldAllowWith = 0;
    List<Reason> failed = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long c = head(i);
      if (kind(c) == DENY || kind(c) == DUTY || !activeIn(c, segment) || !names(c, level)) {
        continue;
      }
      int missing = requiredFacts(c) & ~facts;
      if (missing == 0) {
        reasons.add(reason(layer, i, "allows " + purposeWords(c)));
        if (kind(c) == ALLOW && extras != null && extras.duties() != null && duties(i) != null) {
          for (Duty d : duties(i)) {
            duties.add(scoped(d, quotaScope));
          }
        }
      } else {
        failed.add(reason(layer, i, "allows " + purposeWords(c) + " only with " + factWords(requiredFacts(c))));
        int missingCount = Integer.bitCount(missing);
        if (missingCount < fewestMissing) {
          fewestMissing = missingCount;
          wouldAllowWith = missing;
        } else if (missingCount == fewestMissing) {
          wouldAllowWith |= missing;
        }
      }
    }
    if (!reasons.isEmpty()) {
      if (!standalone.isEmpty()) {
        reasons.addAll(dutyReasons);
      }
      return new Verdict(Verdict.Kind.ALLOW, Reasons.sorted(reasons), Duties.union(duties), 0);
    }
    return new Verdict(Verdict.Kind.DENY, Reasons.sorted(failed), List.of(), wouldAllowWith);
  }

  private static Duty scoped(Duty duty, String quotaScope) {
    return quotaScope != null && duty instanceof Duty.Quota q ? q.withScope(quotaScope) : duty;
  }

  private Reason reason(Layer layer, int clause, String what) {
    Span span;
    long range;
    if (extras != null && extras.spans() != null) {
      span = extras.spans()[clause];
      range = span == null ? NO_RANGE : (long) span.offset() << 32 | span.end();
    } else {
      range = range(clause); // found once for both the span and the text
      int start = (int) (range >>> 32);
      span = firstLineSpan(start, (int) range - start);
    }
    String text = keptText(clause);
    if (text == null) {
      text = source.substring((int) (range >>> 32), (int) range); // the whole source is returned as itself
    }
    return new Reason(layer, text, span, "'" + text + "' " + what);
  }

  /** The canonical text of a clause when kept; {@code null} when the source holds it where the clause stands. */
  private String keptText(int clause) {
    return extras != null && extras.texts() != null ? extras.texts()[clause] : null;
  }

  /** The source range of a clause whose span is not kept: start (high half) and end (low half), in chars. */
  private long range(int clause) {
    long range = nextRange(source, 0);
    for (int i = 0; i < clause; i++) {
      range = nextRange(source, (int) range + 1);
    }
    return range;
  }

  private static final long NO_RANGE = -1L;

  /**
   * The next clause's range in {@code source} from char {@code from} on: the first stretch up to a semicolon outside
   * a quoted name (or the end) that holds more than blanks, without its leading and trailing blanks (spaces and
   * tabs; line breaks are not looked for, the caller knows there are none); start in the high half, end in the low
   * half; {@link #NO_RANGE} when there is none. Inside a quoted name a backslash escapes the next char.
   */
  private static long nextRange(String source, int from) {
    int length = source.length();
    int i = from;
    while (i < length) {
      // The stretch ends at the first semicolon that is not inside a quoted name (String.indexOf is fast).
      int semicolon = source.indexOf(';', i);
      int quote = source.indexOf('"', i);
      while (quote >= 0 && (semicolon < 0 || quote < semicolon)) {
        int j = quote + 1;
        while (j < length && source.charAt(j) != '"') {
          j += source.charAt(j) == '\\' ? 2 : 1;
        }
        j = Math.min(j + 1, length);
        semicolon = source.indexOf(';', j);
        quote = source.indexOf('"', j);
      }
      int stop = semicolon < 0 ? length : semicolon;
      int start = i;
      int end = stop;
      while (start < end && isBlank(source.charAt(start))) {
        start++;
      }
      while (end > start && isBlank(source.charAt(end - 1))) {
        end--;
      }
      if (end > start) {
        return (long) start << 32 | end;
      }
      i = stop + 1; // only blanks: past its semicolon
    }
    return NO_RANGE;
  }

  private static boolean isBlank(char ch) {
    return ch == ' ' || ch == '\t';
  }

  /**
   * Recently built first-line spans, by offset and length: equal spans recur across statements (the second clause of
   * many terms starts at the same offset), so filled cells share them. Racy reads and writes are harmless: a span is
   * immutable, and a missed or lost entry only means a new, equal span.
   */
  private static final Span[] FIRST_LINE_SPANS = new Span[256];

  private static Span firstLineSpan(int offset, int length) {
    int h = offset * 31 + length;
    int slot = (h ^ (h >>> 8)) & (FIRST_LINE_SPANS.length - 1);
    Span span = FIRST_LINE_SPANS[slot];
    if (span != null && span.offset() == offset && span.length() == length) {
      return span; // every span in the table is on line 1, at column offset + 1
    }
    span = new Span(offset, length, 1, offset + 1);
    FIRST_LINE_SPANS[slot] = span;
    return span;
  }

  /** The purposes a clause names, as words joined by ", ", in the order of the purpose tree. */
  private static String purposeWords(long head) {
    StringBuilder words = new StringBuilder();
    for (Purpose p : PURPOSES) {
      if (names(head, p)) {
        if (words.length() > 0) {
          words.append(", ");
        }
        words.append(p.word());
      }
    }
    return words.toString();
  }

  private static String factWords(int mask) {
    StringBuilder words = new StringBuilder();
    for (Fact f : FACTS) {
      if ((mask & (1 << f.ordinal())) != 0) {
        if (words.length() > 0) {
          words.append(" and ");
        }
        words.append(f.word());
      }
    }
    return words.toString();
  }

  /** Both variants of an obligation decision, and the duty types a request must honour to get the first. */
  private record ObligationCell(int requiredTypes, Decision.Obligation honoured, Decision.Obligation unhonoured) {
    Decision pick(int honouredTypes) {
      return (honouredTypes & requiredTypes) == requiredTypes ? honoured : unhonoured;
    }
  }

  /** True when this statement keeps a decision table (small enough); false for invalid or very time-sliced terms. */
  boolean hasTable() {
    return cells != null;
  }

  /** The number of cells of the table (classes x fact sets); 0 without a table. */
  int cellCount() {
    return cells == null ? 0 : cells.length;
  }

  /** True when the class map is held inline; false without a table or when it is a shared array. */
  boolean classMapInline() {
    return cells != null && shape >= 0;
  }

  /** The class map array, shared by statements of one shape; {@code null} when inline or without a table. */
  char[] sharedClassMap() {
    return extras == null || extras.classMap() == null ? null : extras.classMap().classes();
  }

  /** True when the clauses' spans are kept, false when they are read back from the source. */
  boolean keepsSpans() {
    return extras != null && extras.spans() != null;
  }

  /** True when the canonical text of clause {@code clause} is kept, false when it is read back from the source. */
  boolean keepsText(int clause) {
    return extras != null && extras.texts() != null && extras.texts()[clause] != null;
  }

  // ---- Size, for the engine's cache weigher ----

  /** One reason in a filled cell: the record, its span, its clause text and message Strings, its list slot. */
  private static final long REASON_BYTES = 152;
  /** Chars of a reason's message besides its clause text and the words it names ("'...' denies every ..."). */
  private static final long REASON_MESSAGE_CHARS = 64;
  /** A filled cell's decision and its reason list, without the list's slots. */
  private static final long CELL_BYTES = 56;
  /** What a deny adds when it names the facts that would allow. */
  private static final long FACTS_LIST_BYTES = 32;
  /** What an obligation cell adds: the cell, the second variant, the list of duties. */
  private static final long OBLIGATION_CELL_BYTES = 160;
  /** A payment duty without its collective's name: the record, the amount, its BigDecimal, the currency. */
  private static final long PAYMENT_BYTES = 160;
  /** Any other duty (an attribution is one shared instance; a quota a small record). */
  private static final long OTHER_DUTY_BYTES = 32;

  /**
   * An estimate of the bytes this compiled form retains besides its {@link #source} text (which the cache counts as
   * its key), on a 64-bit JVM with compressed references, however many of its cells are filled later: the table
   * fills lazily, and the estimate is taken once, when the cache adds the entry. See {@link #filledTableBound()}.
   */
  long retainedBytesEstimate() {
    long bytes = RetainedSize.object(4 + 4 + 4 + 8 + 4 + 4);
    if (data != null) {
      bytes += RetainedSize.array(8, data.length);
    }
    if (cells != null) {
      bytes += RetainedSize.array(4, cells.length) + filledTableBound();
    }
    if (extras != null) {
      bytes += extrasEstimate(extras);
    }
    return bytes;
  }

  /**
   * A quick bound at or above {@link #retainedBytesEstimate()}, linear in the clauses at most: every cell counted as
   * if every clause gave it a reason quoting all the clause texts there are. The engine uses it to admit light entries
   * to its front table without the full estimate's cost.
   */
  long quickBytesBound() {
    if (cells == null || source == null) {
      return retainedBytesEstimate();
    }
    long clauses = clauseCount();
    long textChars = source.length();
    if (extras != null && extras.texts() != null) {
      for (String text : extras.texts()) {
        textChars += text == null || text == source ? 0 : text.length();
      }
    }
    int charBytes = sourceCharBytes();
    long perCell = CELL_BYTES + FACTS_LIST_BYTES + RetainedSize.array(4, clauses)
        + clauses * (REASON_BYTES + (REASON_MESSAGE_CHARS + MAX_WORD_CHARS) * charBytes)
        + 2L * charBytes * textChars
        + (extras != null && extras.duties() != null ? OBLIGATION_CELL_BYTES : 0);
    return RetainedSize.object(4 + 4 + 4 + 8 + 4 + 4) + RetainedSize.array(8, data.length)
        + RetainedSize.array(4, cells.length) + cells.length * perCell
        + (extras == null ? 0 : extrasEstimate(extras));
  }

  /** Bytes per char of the source text as a String: 1 for ASCII (Latin-1 storage), else counted as 2. */
  int sourceCharBytes() {
    return hasAsciiSource() ? 1 : 2;
  }

  /** Most chars of purpose and fact words one reason's message can name (every purpose, every fact). */
  private static final long MAX_WORD_CHARS = maxWordChars();

  private static long maxWordChars() {
    long chars = 0;
    for (Purpose p : PURPOSES) {
      chars += p.word().length() + 2;
    }
    for (Fact f : FACTS) {
      chars += f.word().length() + 5;
    }
    return chars;
  }

  /**
   * The most the table retains once filled, whatever requests fill it: per class, every decision its fact sets can
   * give, each holding a reason for every clause that can speak for the class. A cell's reasons come from the active
   * {@code -only} clauses that exclude its purpose, or else from the active clauses naming its level and the active
   * duties (see {@link #verdict}); its fact sets give at most two decisions per fact those clauses require (equal
   * decisions of one table are one object, see {@link #fill}); a class no clause speaks for takes the engine's
   * default decision, which costs nothing. Linear in the classes times the clauses, once per entry.
   */
  private long filledTableBound() {
    int boundaries = boundaries();
    int count = clauseCount();
    int segments = boundaries + 1;
    int factBits = (shape >>> FACT_COLUMN_SHIFT) & FACT_COLUMN_MASK;
    long[] reasonBytes = reasonBytesPerClause();
    boolean[] seen = new boolean[cells.length >> factBits];
    long total = 0;
    for (int segment = 0; segment < segments; segment++) {
      for (Purpose purpose : PURPOSES) {
        int group = shape >= 0
            ? (int) (classBits >>> inlineShift(purpose, segment)) & (INLINE_CLASSES - 1)
            : extras.classMap().classes()[purpose.ordinal() * segments + segment];
        if (seen[group]) {
          continue;
        }
        seen[group] = true;
        boolean excluded = false;
        for (int i = 0; i < count && !excluded; i++) {
          long c = head(i);
          excluded = kind(c) == ONLY && activeIn(c, segment) && !purpose.isWithin(onlyPurpose(c));
        }
        Purpose level = excluded ? null : levelOf(data, boundaries, purpose, segment);
        long bytes = CELL_BYTES;
        int speaking = 0;
        int facts = 0;
        boolean duties = false;
        for (int i = 0; i < count; i++) {
          long c = head(i);
          if (speaksFor(c, purpose, segment, excluded, level)) {
            bytes += reasonBytes[i];
            speaking++;
            facts |= requiredFacts(c);
            duties |= extras != null && extras.duties() != null && extras.duties()[i] != null;
          }
        }
        if (speaking == 0) {
          continue; // the engine's default decision
        }
        bytes += RetainedSize.array(4, speaking) + (facts != 0 ? FACTS_LIST_BYTES : 0)
            + (duties ? OBLIGATION_CELL_BYTES : 0);
        int decisions = 1 << Math.min(factBits, Integer.bitCount(facts));
        total += decisions * bytes;
      }
    }
    return total;
  }

  /**
   * Whether the clause {@code head} can give a reason to the cell of {@code purpose} in {@code segment}, given
   * whether an active {@code -only} clause excludes the purpose and, if none does, the purpose's level (rule 2).
   */
  private static boolean speaksFor(long head, Purpose purpose, int segment, boolean excluded, Purpose level) {
    if (!activeIn(head, segment)) {
      return false;
    }
    if (excluded) {
      return kind(head) == ONLY && !purpose.isWithin(onlyPurpose(head));
    }
    return kind(head) == DUTY || (level != null && names(head, level));
  }

  /** Per clause, what one reason quoting it retains: the record, its span, its text and its message. */
  private long[] reasonBytesPerClause() {
    int count = clauseCount();
    int charBytes = source == null || !hasAsciiSource() ? 2 : 1;
    long[] bytes = new long[count];
    long range = source == null ? NO_RANGE : nextRange(source, 0);
    for (int i = 0; i < count; i++) {
      long textChars;
      String kept = keptText(i);
      if (kept != null) {
        textChars = kept.length();
      } else if (extras != null && extras.spans() != null) {
        Span span = extras.spans()[i];
        textChars = span == null ? 0 : span.length();
      } else {
        textChars = range == NO_RANGE ? 0 : (int) range - (int) (range >>> 32);
      }
      if (source != null && range != NO_RANGE) {
        range = nextRange(source, (int) range + 1);
      }
      long head = head(i);
      long words = 0;
      for (int named = purposes(head); named != 0; named &= named - 1) {
        words += PURPOSES[Integer.numberOfTrailingZeros(named)].word().length() + 2;
      }
      for (int required = requiredFacts(head); required != 0; required &= required - 1) {
        words += FACTS[Integer.numberOfTrailingZeros(required)].word().length() + 5;
      }
      bytes[i] = REASON_BYTES + (2 * textChars + REASON_MESSAGE_CHARS + words) * charBytes;
    }
    return bytes;
  }

  private long extrasEstimate(Extras parts) {
    long bytes = RetainedSize.object(6 * 4);
    if (parts.duties() != null) {
      bytes += RetainedSize.array(4, parts.duties().length);
      for (Duty[] clauseDuties : parts.duties()) {
        if (clauseDuties != null) {
          bytes += RetainedSize.array(4, clauseDuties.length);
          for (Duty duty : clauseDuties) {
            bytes += duty instanceof Duty.Payment payment
                ? PAYMENT_BYTES + RetainedSize.string(payment.collective())
                : OTHER_DUTY_BYTES;
          }
        }
      }
    }
    if (parts.texts() != null) {
      bytes += RetainedSize.array(4, parts.texts().length);
      for (String text : parts.texts()) {
        bytes += text == source ? 0 : RetainedSize.string(text);
      }
    }
    if (parts.spans() != null) {
      bytes += RetainedSize.array(4, parts.spans().length) + RetainedSize.SPAN * parts.spans().length;
    }
    if (parts.boundaryNanos() != null) {
      bytes += RetainedSize.array(4, parts.boundaryNanos().length);
    }
    if (parts.errorDecision() != null) {
      bytes += RetainedSize.decision(parts.errorDecision());
    }
    if (parts.classMap() != null) {
      bytes += RetainedSize.object(4) + RetainedSize.array(2, parts.classMap().classes().length);
    }
    return bytes;
  }
}
