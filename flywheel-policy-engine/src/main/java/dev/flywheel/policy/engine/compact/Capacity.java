package dev.flywheel.policy.engine.compact;

/**
 * The capacity limits of the compact form, each with what happens past it (see the package essay). Every limit is
 * checked when terms are compiled; terms past one are never packed wrongly, they take the wider or slower form named
 * here.
 */
public final class Capacity {
  private Capacity() {}

  /**
   * Most purposes the packed form holds: an inline class map gives each segment 8 purpose slots of 4 bits (two
   * segments in one long). Past it, no statement is packed: each is decided by the semantics directly.
   */
  public static final int MAX_PURPOSES = 8;

  /**
   * Most bits of a packed clause's head (kind: 2, then one per purpose, then one per fact). Past it, no statement is
   * packed: each is decided by the semantics directly.
   */
  public static final int MAX_HEAD_BITS = PackedClause.HEAD_BITS;

  /**
   * Most time segments (distinct {@code from}/{@code until} instants plus one) of a statement that keeps a decision
   * table when some clause requires a fact; past it the statement keeps no table and each call decides afresh from
   * the packed clauses. Counted in segments, not cells, so that adding a fact to the vocabulary does not shrink it.
   */
  public static final int MAX_TABLE_SEGMENTS_WITH_FACTS = 16;

  /** As {@link #MAX_TABLE_SEGMENTS_WITH_FACTS}, for statements in which no clause requires a fact. */
  public static final int MAX_TABLE_SEGMENTS_WITHOUT_FACTS = 64;

  /**
   * Most distinct time instants of one statement the packed clauses can index (24 bits per segment number); past it
   * the statement is decided by the semantics directly. The parser's limits keep real terms far below it.
   */
  public static final int MAX_BOUNDARIES = PackedClause.MAX_BOUNDARIES;

  /** Whether this build's vocabulary ({@code Purpose} and {@code Fact} values) fits the packed form. */
  public static final boolean VOCABULARY_PACKS =
      packs(PackedClause.PURPOSES.length, PackedClause.FACTS.length);

  /**
   * Whether a vocabulary of {@code purposes} purposes and {@code facts} facts fits the packed form.
   *
   * @param purposes the number of purposes
   * @param facts the number of facts
   * @return true when a clause head and an inline class map can hold them
   */
  public static boolean packs(int purposes, int facts) {
    return purposes >= 1 && facts >= 0 && purposes <= MAX_PURPOSES && 2 + purposes + facts <= MAX_HEAD_BITS;
  }

  /**
   * Whether a statement with {@code segments} time segments keeps a decision table.
   *
   * @param segments the number of segments (boundaries plus one)
   * @param anyFact whether some clause requires a fact
   * @return true when the table is kept
   */
  public static boolean keepsTable(int segments, boolean anyFact) {
    return segments <= (anyFact ? MAX_TABLE_SEGMENTS_WITH_FACTS : MAX_TABLE_SEGMENTS_WITHOUT_FACTS);
  }
}
