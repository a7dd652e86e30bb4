package dev.flywheel.policy.engine.compact;

import static dev.flywheel.policy.engine.compact.PackedClause.FACTS;
import static dev.flywheel.policy.engine.compact.PackedClause.ONLY;
import static dev.flywheel.policy.engine.compact.PackedClause.PURPOSES;
import static dev.flywheel.policy.engine.compact.PackedClause.activeIn;
import static dev.flywheel.policy.engine.compact.PackedClause.kind;
import static dev.flywheel.policy.engine.compact.PackedClause.onlyPurpose;
import static dev.flywheel.policy.engine.compact.PackedClause.purposes;
import static dev.flywheel.policy.engine.compact.PackedClause.requiredFacts;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Span;
import dev.flywheel.policy.engine.semantics.StatementRules;

/**
 * Estimates of the bytes a {@link CompactTerms} retains, for the engine's cache weigher: on a 64-bit JVM with
 * compressed references, however many of its cells are filled later (the table fills lazily, and the estimate is
 * taken once, when the cache adds the entry).
 */
final class CompactSize {
  private CompactSize() {}

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
  /** The compiled form's own fields: source, data, shape, classBits, cells, extras. */
  private static final long FIELDS = 4 + 4 + 4 + 8 + 4 + 4;
  /** A parsed tree kept past the packed form's capacity: counted per clause, generously. */
  private static final long TREE_CLAUSE_BYTES = 512;

  /** Most chars of purpose and fact words one reason's message can name (every purpose, every fact). */
  private static final long MAX_WORD_CHARS = maxWordChars();

  private static long maxWordChars() {
    long chars = 0;
    for (Purpose p : PURPOSES) {
      chars += p.word().length() + 2;
    }
    for (var f : FACTS) {
      chars += f.word().length() + 5;
    }
    return chars;
  }

  static long retainedBytes(CompactTerms t) {
    long bytes = RetainedSize.object(FIELDS);
    if (t.data != null) {
      bytes += RetainedSize.array(8, t.data.length);
    }
    if (t.cells != null) {
      bytes += RetainedSize.array(4, t.cells.length) + filledTableBound(t);
    }
    if (t.extras != null) {
      bytes += extras(t, t.extras);
    }
    return bytes;
  }

  /**
   * A quick bound at or above {@link #retainedBytes}, linear in the clauses at most: every cell counted as if every
   * clause gave it a reason quoting all the clause texts there are.
   */
  static long quickBound(CompactTerms t) {
    if (t.cells == null || t.source() == null) {
      return retainedBytes(t);
    }
    long clauses = t.clauseCount();
    long textChars = t.source().length();
    if (t.extras != null && t.extras.texts() != null) {
      for (String text : t.extras.texts()) {
        textChars += text == null || text == t.source() ? 0 : text.length();
      }
    }
    int charBytes = t.hasAsciiSource() ? 1 : 2;
    long perCell = CELL_BYTES + FACTS_LIST_BYTES + RetainedSize.array(4, clauses)
        + clauses * (REASON_BYTES + (REASON_MESSAGE_CHARS + MAX_WORD_CHARS) * charBytes)
        + 2L * charBytes * textChars
        + (t.extras != null && t.extras.duties() != null ? OBLIGATION_CELL_BYTES : 0);
    return RetainedSize.object(FIELDS) + RetainedSize.array(8, t.data.length)
        + RetainedSize.array(4, t.cells.length) + t.cells.length * perCell
        + (t.extras == null ? 0 : extras(t, t.extras));
  }

  /**
   * The most the table retains once filled, whatever requests fill it: per class, every decision its fact sets can
   * give, each holding a reason for every clause that can speak for the class. A cell's reasons come from the active
   * {@code -only} clauses that exclude its purpose, or else from the active clauses naming its level and the active
   * duties; its fact sets give at most two decisions per fact those clauses require (equal decisions of one table are
   * one object); a class no clause speaks for takes the engine's default decision, which costs nothing. Linear in
   * the classes times the clauses, once per entry.
   */
  private static long filledTableBound(CompactTerms t) {
    int count = t.clauseCount();
    int segments = t.segments();
    int factBits = t.factColumnBits();
    long[] reasonBytes = reasonBytesPerClause(t);
    boolean[] seen = new boolean[t.cells.length >> factBits];
    long total = 0;
    for (int segment = 0; segment < segments; segment++) {
      PackedView view = new PackedView(t, segment);
      for (Purpose purpose : PURPOSES) {
        int group = t.shape >= 0
            ? (int) (t.classBits >>> ClassMaps.inlineShift(purpose, segment)) & (ClassMaps.INLINE_CLASSES - 1)
            : t.extras.classMap().classes()[purpose.ordinal() * segments + segment];
        if (seen[group]) {
          continue;
        }
        seen[group] = true;
        boolean excluded = false;
        for (int i = 0; i < count && !excluded; i++) {
          long c = t.head(i);
          excluded = kind(c) == ONLY && activeIn(c, segment) && !purpose.isWithin(onlyPurpose(c));
        }
        Purpose level = excluded ? null : StatementRules.level(view, purpose);
        long bytes = CELL_BYTES;
        int speaking = 0;
        int facts = 0;
        boolean duties = false;
        for (int i = 0; i < count; i++) {
          long c = t.head(i);
          if (speaksFor(c, purpose, segment, excluded, level)) {
            bytes += reasonBytes[i];
            speaking++;
            facts |= requiredFacts(c);
            duties |= t.duties(i) != null;
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

  /** Whether a clause can give a reason to the cell of {@code purpose} in {@code segment}. */
  private static boolean speaksFor(long head, Purpose purpose, int segment, boolean excluded, Purpose level) {
    if (!activeIn(head, segment)) {
      return false;
    }
    if (excluded) {
      return kind(head) == ONLY && !purpose.isWithin(onlyPurpose(head));
    }
    return kind(head) == PackedClause.DUTY || (level != null && PackedClause.names(head, level));
  }

  /** Per clause, what one reason quoting it retains: the record, its span, its text and its message. */
  private static long[] reasonBytesPerClause(CompactTerms t) {
    int count = t.clauseCount();
    String source = t.source();
    int charBytes = source == null || !t.hasAsciiSource() ? 2 : 1;
    long[] bytes = new long[count];
    long range = source == null ? ClauseTexts.NO_RANGE : ClauseTexts.nextRange(source, 0);
    for (int i = 0; i < count; i++) {
      long textChars;
      String kept = t.keptText(i);
      if (kept != null) {
        textChars = kept.length();
      } else if (t.extras != null && t.extras.spans() != null) {
        Span span = t.extras.spans()[i];
        textChars = span == null ? 0 : span.length();
      } else {
        textChars = range == ClauseTexts.NO_RANGE ? 0 : (int) range - (int) (range >>> 32);
      }
      if (source != null && range != ClauseTexts.NO_RANGE) {
        range = ClauseTexts.nextRange(source, (int) range + 1);
      }
      long head = t.head(i);
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

  private static long extras(CompactTerms t, CompactTerms.Extras parts) {
    long bytes = RetainedSize.object(7 * 4);
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
        bytes += text == t.source() ? 0 : RetainedSize.string(text);
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
    if (parts.tree() != null) {
      bytes += TREE_CLAUSE_BYTES * (parts.tree().policy().clauses().size() + 1) + 2 * RetainedSize.string(t.source());
    }
    return bytes;
  }
}
