package dev.flywheel.policy.engine.compact;

import static dev.flywheel.policy.engine.compact.PackedClause.FACTS;
import static dev.flywheel.policy.engine.compact.PackedClause.PURPOSES;
import static dev.flywheel.policy.engine.compact.PackedClause.SEGMENT_MASK;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Reason;
import dev.flywheel.policy.Span;
import dev.flywheel.policy.engine.semantics.Semantics;
import dev.flywheel.policy.engine.semantics.StatementRules;
import dev.flywheel.policy.engine.semantics.TreeStatement;
import dev.flywheel.policy.engine.semantics.Verdict;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.Policy;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * One statement of terms, compiled (see the package essay for the layout, its invariants and its limits): the
 * diagnostics that make it unusable, or its clauses packed with a lazily filled decision table, or, for a statement
 * past the packed form's capacity, its parsed tree, decided by the semantics directly. Immutable apart from the
 * table's cells, which are filled racily with equal immutable values; safe to share between threads.
 */
public final class CompactTerms {
  /** In {@link #shape}: the number of fact bits of a cell index, in bits 24-27. */
  private static final int FACT_COLUMN_SHIFT = 24;
  private static final int FACT_COLUMN_MASK = 15;
  /** In {@link #shape} (the sign bit): the class map is {@link Extras#classMap}, not inline. */
  private static final int MAP_IN_EXTRAS = 1 << 31;
  /** In {@link #shape}: every char of {@link #source} is below U+0080 (a bit, not a field, which would cost 8 B). */
  private static final int ASCII_SOURCE = 1 << 30;

  /** The terms text this was compiled from (the cache key), or {@code null} for a tree compiled directly. */
  private final String source;
  /** The boundaries' epoch seconds, ascending, then one long per packed clause; {@code null} for invalid terms. */
  final long[] data;
  /** Boundaries (bits 0-23), fact bits of a cell index (24-27), {@link #ASCII_SOURCE}, {@link #MAP_IN_EXTRAS}. */
  final int shape;
  /** The class map when inline (see {@link ClassMaps#inlineShift}); else 0. No array read on the hot path. */
  final long classBits;
  /** Lazily filled cells, one per class x fact set: a Decision or an obligation cell; {@code null} without a table. */
  final Object[] cells;
  /** What the packed form does not hold, or {@code null} when it holds everything (the common case). */
  final Extras extras;

  /**
   * The rarer parts of a statement, each {@code null} when not needed.
   *
   * @param duties per clause, its duty conditions or its standalone duty (null entries: none)
   * @param texts per clause, its canonical text when the source does not hold it (null entries: read it there)
   * @param spans per clause, its span (may be null), when the spans cannot be read back from the source
   * @param boundaryNanos per boundary, its nanosecond part, when any is not zero
   * @param errorDecision for invalid terms, the deny
   * @param classMap the class of each (purpose, segment) pair when the map is not inline; shared
   * @param tree for a statement past the packed form's capacity, its tree, decided by the semantics directly
   */
  record Extras(Duty[][] duties, String[] texts, Span[] spans, int[] boundaryNanos, Decision.Deny errorDecision,
      ClassMaps.ClassMap classMap, Unpacked tree) {}

  /** A statement the packed form cannot hold: its tree and the printer its reasons quote clauses with. */
  record Unpacked(Policy policy, Function<Clause, String> printer) {}

  private CompactTerms(String source, long[] data, int boundaries, int factColumnBits, Extras extras) {
    this.source = source;
    this.data = data;
    int segments = boundaries + 1;
    int ascii = ClauseTexts.isAscii(source) ? ASCII_SOURCE : 0;
    int plainShape = boundaries | factColumnBits << FACT_COLUMN_SHIFT | ascii;
    boolean packed = data != null && (extras == null || extras.tree() == null);
    if (!packed || !Capacity.keepsTable(segments, factColumnBits != 0)) {
      this.shape = plainShape;
      this.classBits = 0;
      this.cells = null;
      this.extras = extras;
      return;
    }
    char[] map = new char[PURPOSES.length * segments];
    int classCount = ClassMaps.classify(data, boundaries, map);
    if (segments <= ClassMaps.INLINE_SEGMENTS && classCount <= ClassMaps.INLINE_CLASSES) {
      this.classBits = ClassMaps.inline(map, segments);
      this.shape = plainShape;
      this.extras = extras;
    } else {
      this.classBits = 0;
      this.shape = plainShape | MAP_IN_EXTRAS;
      ClassMaps.ClassMap shared = ClassMaps.shared(map);
      this.extras = extras == null
          ? new Extras(null, null, null, null, null, shared, null)
          : new Extras(extras.duties(), extras.texts(), extras.spans(), extras.boundaryNanos(), null, shared, null);
    }
    this.cells = new Object[classCount << factColumnBits];
  }

  /**
   * Terms text that the parser rejected (rule 7): kept as their error decision.
   *
   * @param diagnostics the diagnostics to keep
   * @param source the terms text, or {@code null}
   * @return the compiled form
   */
  public static CompactTerms invalid(List<Diagnostic> diagnostics, String source) {
    return new CompactTerms(source, null, 0, 0,
        new Extras(null, null, null, null, Semantics.invalid(diagnostics), null, null));
  }

  /**
   * Compiles {@code policy} into the packed form, or keeps its tree when the packed form cannot hold it.
   *
   * @param policy the parsed terms
   * @param source the text the policy was parsed from (clause texts and spans are read back from it), or null
   * @param printer gives the canonical text of a clause
   * @return the compiled form
   */
  public static CompactTerms compile(Policy policy, String source, Function<Clause, String> printer) {
    return compile(policy, source, printer, Capacity.VOCABULARY_PACKS, Capacity.MAX_BOUNDARIES);
  }

  /** As {@link #compile(Policy, String, Function)} with given capacities, so that tests can reach every limit. */
  static CompactTerms compile(Policy policy, String source, Function<Clause, String> printer,
      boolean vocabularyPacks, int maxBoundaries) {
    Packing packing = Packing.of(policy, source, printer);
    if (!vocabularyPacks || packing.boundaries() > maxBoundaries) {
      Extras extras = new Extras(null, null, null, packing.nanos(), null, null, new Unpacked(policy, printer));
      return new CompactTerms(source, packing.boundaryData(), packing.boundaries(), 0, extras);
    }
    packing.packClauses();
    return new CompactTerms(source, packing.data(), packing.boundaries(), packing.anyFact() ? FACTS.length : 0,
        packing.extras());
  }

  /**
   * The terms text this was compiled from.
   *
   * @return the text (the cache key), or {@code null} for a tree compiled directly
   */
  public String source() {
    return source;
  }

  /**
   * Whether the terms are usable.
   *
   * @return false when the parser rejected them
   */
  public boolean isValid() {
    return data != null;
  }

  /**
   * The deny for invalid plain terms.
   *
   * @return the deny, or {@code null} for valid terms
   */
  public Decision.Deny errorDecision() {
    return data == null ? extras.errorDecision() : null;
  }

  /**
   * The parser's diagnostics of invalid terms.
   *
   * @return the diagnostics; empty for valid terms
   */
  public List<Diagnostic> diagnostics() {
    return data == null ? extras.errorDecision().diagnostics() : List.of();
  }

  /**
   * Whether the source text is ASCII, so that its chars are its UTF-8 bytes.
   *
   * @return true when every char is below U+0080
   */
  public boolean hasAsciiSource() {
    return (shape & ASCII_SOURCE) != 0;
  }

  // ---- Time segments ----

  int boundaries() {
    return shape & SEGMENT_MASK;
  }

  int factColumnBits() {
    return (shape >>> FACT_COLUMN_SHIFT) & FACT_COLUMN_MASK;
  }

  /**
   * The number of time segments: the statement's distinct {@code from}/{@code until} instants plus one.
   *
   * @return 1 or more
   */
  public int segments() {
    return boundaries() + 1;
  }

  /**
   * The segment holding an instant: the number of boundaries at or before it.
   *
   * @param seconds the instant's epoch seconds
   * @param nanos its nanosecond part
   * @return the segment
   */
  public int segmentAt(long seconds, int nanos) {
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

  /**
   * The segment holding {@code at}.
   *
   * @param at the instant
   * @return the segment
   */
  public int segmentAt(Instant at) {
    return segmentAt(at.getEpochSecond(), at.getNano());
  }

  private int boundaryNanos(int boundary) {
    return extras == null || extras.boundaryNanos() == null ? 0 : extras.boundaryNanos()[boundary];
  }

  /** An instant inside {@code segment}: its first boundary, which is inclusive (rule 8), or the earliest instant. */
  private Instant instantIn(int segment) {
    return segment == 0 ? Instant.MIN : Instant.ofEpochSecond(data[segment - 1], boundaryNanos(segment - 1));
  }

  // ---- The table ----

  /**
   * The plain-terms decision for a purpose in a segment; allocation-free once its cell is filled.
   *
   * @param purpose the requested purpose
   * @param segment the segment of the request's time
   * @param facts the request's facts (mask of fact ordinals)
   * @param honoured the obligation types the request honours (mask of ordinals)
   * @param silentDecision the engine's default, for a purpose nothing covers
   * @param shared a table of cells shared between statements (see {@link DecisionCells#share}), or {@code null}
   * @return the decision
   */
  public Decision decide(Purpose purpose, int segment, int facts, int honoured, Decision silentDecision,
      Object[] shared) {
    Object[] table = cells;
    if (table == null) {
      return DecisionCells.pick(cellFor(purpose, segment, facts, silentDecision), honoured);
    }
    int s = shape;
    int group = s >= 0
        ? (int) (classBits >>> ClassMaps.inlineShift(purpose, segment)) & (ClassMaps.INLINE_CLASSES - 1)
        : extras.classMap().classes()[purpose.ordinal() * ((s & SEGMENT_MASK) + 1) + segment];
    int factBits = (s >>> FACT_COLUMN_SHIFT) & FACT_COLUMN_MASK;
    int index = (group << factBits) | (facts & ((1 << factBits) - 1));
    Object cell = table[index];
    if (cell == null) {
      cell = fill(table, index, purpose, segment, facts, silentDecision, shared);
    }
    return DecisionCells.pick(cell, honoured);
  }

  private Object fill(
      Object[] table, int index, Purpose purpose, int segment, int facts, Decision silentDecision, Object[] shared) {
    Object cell = cellFor(purpose, segment, facts, silentDecision);
    // Share an equal decision already in the table: many purposes and segments decide alike.
    for (Object existing : table) {
      if (existing != null && existing.equals(cell)) {
        table[index] = existing;
        return existing;
      }
    }
    cell = DecisionCells.share(shared, cell);
    table[index] = cell;
    return cell;
  }

  private Object cellFor(Purpose purpose, int segment, int facts, Decision silentDecision) {
    int factBits = factColumnBits();
    int cellFacts = factBits == 0 && extras != null && extras.tree() != null ? facts : facts & ((1 << factBits) - 1);
    return DecisionCells.cellFor(verdict(purpose, segment, cellFacts, Layer.TERMS, null), silentDecision);
  }

  /**
   * What this (valid) statement says about a purpose in a segment: rules 1 to 5 of the semantics, read by
   * {@link StatementRules} over the packed clauses (or over the tree, past the packed form's capacity).
   *
   * @param purpose the requested purpose
   * @param segment the segment of the request's time
   * @param facts the request's facts (mask of fact ordinals)
   * @param layer the layer the reasons name
   * @param quotaScope the scope given to quota duties (the collective's name), or {@code null}
   * @return the verdict
   */
  public Verdict verdict(Purpose purpose, int segment, int facts, Layer layer, String quotaScope) {
    if (extras != null && extras.tree() != null) {
      Unpacked tree = extras.tree();
      return StatementRules.verdict(new TreeStatement(tree.policy(), instantIn(segment), tree.printer()), purpose,
          facts, layer, quotaScope);
    }
    return StatementRules.verdict(new PackedView(this, segment), purpose, facts, layer, quotaScope);
  }

  // ---- The packed clauses, for the view ----

  int clauseCount() {
    return data.length - boundaries();
  }

  long head(int clause) {
    return data[boundaries() + clause];
  }

  Duty[] duties(int clause) {
    return extras == null || extras.duties() == null ? null : extras.duties()[clause];
  }

  /** The canonical text of a clause when kept; {@code null} when the source holds it where the clause stands. */
  String keptText(int clause) {
    return extras != null && extras.texts() != null ? extras.texts()[clause] : null;
  }

  Reason reason(Layer layer, int clause, String what) {
    Span span;
    long range;
    if (extras != null && extras.spans() != null) {
      span = extras.spans()[clause];
      range = span == null ? ClauseTexts.NO_RANGE : (long) span.offset() << 32 | span.end();
    } else {
      range = ClauseTexts.range(source, clause); // found once for both the span and the text
      int start = (int) (range >>> 32);
      span = ClauseTexts.firstLineSpan(start, (int) range - start);
    }
    String text = keptText(clause);
    if (text == null) {
      text = source.substring((int) (range >>> 32), (int) range); // the whole source is returned as itself
    }
    return new Reason(layer, text, span, "'" + text + "' " + what);
  }

  // ---- Size and shape, for the engine's cache weigher and for tests ----

  /**
   * An estimate of the bytes this retains besides its source text (which the cache counts as its key), however many
   * cells are filled later; see {@link CompactSize}.
   *
   * @return the estimate in bytes
   */
  public long retainedBytesEstimate() {
    return CompactSize.retainedBytes(this);
  }

  /**
   * A quick bound at or above {@link #retainedBytesEstimate()}, linear in the clauses at most.
   *
   * @return the bound in bytes
   */
  public long quickBytesBound() {
    return CompactSize.quickBound(this);
  }

  /**
   * Whether this keeps a decision table.
   *
   * @return false for invalid terms, very time-sliced terms and terms decided by the semantics directly
   */
  public boolean hasTable() {
    return cells != null;
  }

  /**
   * Whether this statement is past the packed form's capacity and decided by the semantics directly.
   *
   * @return true when the parsed tree is kept instead of packed clauses
   */
  public boolean isUnpacked() {
    return extras != null && extras.tree() != null;
  }

  /**
   * The number of cells of the table (classes x fact sets).
   *
   * @return the count; 0 without a table
   */
  public int cellCount() {
    return cells == null ? 0 : cells.length;
  }

  /**
   * Whether the class map is held inline.
   *
   * @return false without a table or when it is a shared array
   */
  public boolean classMapInline() {
    return cells != null && shape >= 0;
  }

  /**
   * The class map array, shared by statements of one shape.
   *
   * @return the array (not to be changed); {@code null} when inline or without a table
   */
  public char[] sharedClassMap() {
    return extras == null || extras.classMap() == null ? null : extras.classMap().classes();
  }

  /**
   * Whether the clauses' spans are kept.
   *
   * @return false when they are read back from the source
   */
  public boolean keepsSpans() {
    return extras != null && extras.spans() != null;
  }

  /**
   * Whether a clause's canonical text is kept.
   *
   * @param clause the clause's index
   * @return false when it is read back from the source
   */
  public boolean keepsText(int clause) {
    return keptText(clause) != null;
  }

  /**
   * As {@link #decide(Purpose, int, int, int, Decision, Object[])} without a shared table.
   *
   * @param purpose the requested purpose
   * @param segment the segment of the request's time
   * @param facts the request's facts (mask of fact ordinals)
   * @param honoured the obligation types the request honours (mask of ordinals)
   * @param silentDecision the engine's default
   * @return the decision
   */
  public Decision decide(Purpose purpose, int segment, int facts, int honoured, Decision silentDecision) {
    return decide(purpose, segment, facts, honoured, silentDecision, null);
  }
}
