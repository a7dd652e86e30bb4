package dev.flywheel.policy.engine.compact;

import static dev.flywheel.policy.engine.compact.PackedClause.DUTY;
import static dev.flywheel.policy.engine.compact.PackedClause.ONLY;
import static dev.flywheel.policy.engine.compact.PackedClause.PURPOSES;
import static dev.flywheel.policy.engine.compact.PackedClause.activeIn;
import static dev.flywheel.policy.engine.compact.PackedClause.kind;
import static dev.flywheel.policy.engine.compact.PackedClause.onlyPurpose;
import static dev.flywheel.policy.engine.compact.PackedClause.purposes;

import dev.flywheel.policy.Purpose;
import java.util.Arrays;

/**
 * Equivalence classes of (purpose, segment) pairs: pairs that the same clauses decide share one row of the decision
 * table. The map from pair to class is inline (4 bits per pair in one long) for at most {@link #INLINE_SEGMENTS}
 * segments and {@link #INLINE_CLASSES} classes, else a {@code char[]} shared by the statements of one shape.
 */
final class ClassMaps {
  private ClassMaps() {}

  /** An inline map holds 8 purpose slots per segment (a shift instead of a multiplication), so 2 segments. */
  static final int INLINE_SEGMENTS = 2;
  /** An inline map's class index has 4 bits. */
  static final int INLINE_CLASSES = 16;

  /** Where the class of (purpose, segment) stands in an inline map: 4 bits per class, 8 purposes per segment. */
  static int inlineShift(Purpose purpose, int segment) {
    return segment << 5 | purpose.ordinal() << 2;
  }

  /**
   * Fills {@code map} with the class of each (purpose, segment) pair and returns the number of classes.
   *
   * <p>The invariant this relies on (rules 2, 4 and 5 of
   * {@link dev.flywheel.policy.engine.semantics.StatementRules}): what a statement
   * says about a purpose in a segment depends only on (a) the active {@code -only} clauses that exclude it (when any
   * does, nothing else counts, rule 4), else (b) the active clauses naming its level (rule 2; none when it has no
   * level) and (c) the active standalone duties (rule 5). The level itself need not be compared: reasons, duties and
   * missing facts come from the clauses alone (a clause naming train and eval says the same to each), and whether
   * there is a level at all is whether the naming set is empty. Clause sets are bit masks when there are at most 64
   * clauses; with more, every pair is its own class (correct, only larger).
   */
  static int classify(long[] data, int boundaries, char[] map) {
    int segments = boundaries + 1;
    int count = data.length - boundaries;
    if (count > Long.SIZE) {
      for (int i = 0; i < map.length; i++) {
        map[i] = (char) i;
      }
      return map.length;
    }
    long[] keys = new long[3 * 4]; // per class: excluding only clauses, clauses at the level, duty clauses
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

  /** The inline form of {@code map} (see {@link #inlineShift}); only for at most 2 segments and 16 classes. */
  static long inline(char[] map, int segments) {
    long bits = 0;
    for (Purpose p : PURPOSES) {
      for (int segment = 0; segment < segments; segment++) {
        bits |= (long) map[p.ordinal() * segments + segment] << inlineShift(p, segment);
      }
    }
    return bits;
  }

  /**
   * A class map too large to be inline, shared between statements. The array is only ever reached through this
   * record's final field, which makes its contents visible to every thread that reads the record, however the record
   * itself was passed on (here: racily, through {@link #SHARED_MAPS}); it is never written after that.
   *
   * @param classes the class of pair (p, s) at {@code p.ordinal() * segments + s}
   */
  record ClassMap(char[] classes) {}

  /**
   * Recently built class maps, by content: statements of one shape (the same kinds of clauses over the same purposes
   * and time windows, whatever their texts and dates) share one map. Slots are read and written without locks: a
   * {@link ClassMap} is immutable, and a missed or lost entry only means an equal copy.
   */
  private static final ClassMap[] SHARED_MAPS = new ClassMap[256];

  static ClassMap shared(char[] map) {
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
}
