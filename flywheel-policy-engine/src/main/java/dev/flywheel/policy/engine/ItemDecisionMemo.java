package dev.flywheel.policy.engine;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Reason;
import dev.flywheel.policy.engine.semantics.ApplicableLayers;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decisions of items kept by everything an item's decision is a function of, so that the many items of a dataset
 * that share their terms, statements and licence are decided once: the applying layers (their kind, collective and
 * terms text), each layer's time segment in its compiled terms, the purpose, the facts and honoured obligation types
 * (as masks), the licence id and whether the item is released under it at the time of use. Rules 7 to 10 read nothing
 * else of an item or a request, so a kept decision is the one deciding afresh would give.
 *
 * <p>Bounded: a direct-mapped table of a fixed number of slots, each holding at most one {@link Entry}; a new
 * entry takes its slot's place. Only items of at most {@link #MAX_LAYERS} applying layers whose terms total at most
 * {@link #MAX_TERMS_CHARS} chars are looked up, and only decisions whose entry is estimated at most
 * {@link #MAX_ENTRY_BYTES} ({@link #estimate}) are kept, so that the table holds at most its slot count times that.
 *
 * <p>Thread-safe: a slot holds an immutable entry, so a racy read sees a whole entry or null; two threads that miss
 * on the same key both decide afresh and the later write wins, with an equal decision.
 */
final class ItemDecisionMemo {
  /** Most applying layers of an item whose decision is kept. */
  static final int MAX_LAYERS = 8;
  /** Most chars of terms, over all its applying layers, of an item whose decision is kept. */
  static final int MAX_TERMS_CHARS = 2048;
  /** Most estimated bytes of one kept entry (its key's strings, counted as UTF-16, and its decision). */
  static final long MAX_ENTRY_BYTES = 16 * 1024;

  private final Entry[] slots;

  /**
   * A table of {@code slots} entries.
   *
   * @param slots the number of slots, a power of two
   */
  ItemDecisionMemo(int slots) {
    if (slots <= 0 || Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two: " + slots);
    }
    this.slots = new Entry[slots];
  }

  /** {@return whether an item of these layers is kept at all} */
  static boolean keeps(ApplicableLayers layers) {
    int n = layers.size();
    if (n > MAX_LAYERS) {
      return false;
    }
    int chars = 0;
    for (int i = 0; i < n; i++) {
      chars += layers.terms(i).length();
    }
    return chars <= MAX_TERMS_CHARS;
  }

  /** The hash of a key; {@code segments} holds one segment per layer. */
  static int hash(ApplicableLayers layers, int[] segments, Purpose purpose, int facts, int honoured, String licence,
      boolean released) {
    int h = purpose.ordinal();
    h = 31 * h + facts;
    h = 31 * h + honoured;
    h = 31 * h + (licence == null ? 0 : licence.hashCode());
    h = 31 * h + (released ? 1 : 0);
    int n = layers.size();
    for (int i = 0; i < n; i++) {
      String collective = layers.collective(i);
      h = 31 * h + layers.kind(i);
      h = 31 * h + layers.terms(i).hashCode();
      h = 31 * h + (collective == null ? 0 : collective.hashCode());
      h = 31 * h + segments[i];
    }
    return h ^ (h >>> 16);
  }

  /** The kept decision for this key, or null. */
  Decision find(int hash, ApplicableLayers layers, int[] segments, Purpose purpose, int facts, int honoured,
      String licence, boolean released) {
    Entry entry = slots[hash & (slots.length - 1)];
    if (entry != null && entry.matches(hash, layers, segments, purpose, facts, honoured, licence, released)) {
      return entry.decision;
    }
    return null;
  }

  /**
   * Keeps {@code decision} under this key, in place of whatever its slot held, when its entry is estimated at most
   * {@link #MAX_ENTRY_BYTES}; otherwise keeps nothing.
   */
  void keep(int hash, ApplicableLayers layers, int[] segments, Purpose purpose, int facts, int honoured,
      String licence, boolean released, Decision decision) {
    if (estimate(layers, decision) > MAX_ENTRY_BYTES) {
      return;
    }
    slots[hash & (slots.length - 1)] =
        new Entry(hash, layers, segments, purpose, facts, honoured, licence, released, decision);
  }

  /**
   * An upper estimate of the bytes an entry for these layers and this decision holds: a fixed part, each layer's
   * arrays and terms, each reason's, diagnostic's and duty's object and strings; strings counted two bytes a char.
   */
  static long estimate(ApplicableLayers layers, Decision decision) {
    long bytes = 256;
    for (int i = 0; i < layers.size(); i++) {
      bytes += 64 + 2L * layers.terms(i).length() + chars(layers.collective(i));
    }
    for (Reason reason : decision.reasons()) {
      bytes += 128 + chars(reason.clause()) + chars(reason.message()) + chars(reason.layer().toString());
    }
    for (Diagnostic diagnostic : decision.diagnostics()) {
      bytes += 160 + chars(diagnostic.message()) + chars(diagnostic.help()) + chars(diagnostic.pointer());
    }
    bytes += 128L * decision.obligations().size();
    return bytes;
  }

  private static long chars(String s) {
    return s == null ? 0 : 2L * s.length() + 48;
  }

  /** The number of slots holding an entry (for tests of the bound). */
  int size() {
    int n = 0;
    for (Entry e : slots) {
      if (e != null) {
        n++;
      }
    }
    return n;
  }

  /** The number of slots, the most entries kept at once. */
  int capacity() {
    return slots.length;
  }

  /** One kept decision and its whole key; immutable (final fields, arrays never written after construction). */
  private static final class Entry {
    private final int hash;
    private final int[] kinds;
    private final String[] terms;
    private final String[] collectives;
    private final int[] segments;
    private final Purpose purpose;
    private final int facts;
    private final int honoured;
    private final String licence;
    private final boolean released;
    private final Decision decision;

    Entry(int hash, ApplicableLayers layers, int[] segments, Purpose purpose, int facts, int honoured,
        String licence, boolean released, Decision decision) {
      int n = layers.size();
      this.hash = hash;
      this.kinds = new int[n];
      this.terms = new String[n];
      this.collectives = new String[n];
      for (int i = 0; i < n; i++) {
        kinds[i] = layers.kind(i);
        terms[i] = layers.terms(i);
        collectives[i] = layers.collective(i);
      }
      this.segments = Arrays.copyOf(segments, n);
      this.purpose = purpose;
      this.facts = facts;
      this.honoured = honoured;
      this.licence = licence;
      this.released = released;
      this.decision = decision;
    }

    boolean matches(int hash, ApplicableLayers layers, int[] segments, Purpose purpose, int facts, int honoured,
        String licence, boolean released) {
      int n = layers.size();
      if (this.hash != hash || kinds.length != n || this.purpose != purpose || this.facts != facts
          || this.honoured != honoured || this.released != released || !Objects.equals(this.licence, licence)) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        if (kinds[i] != layers.kind(i) || this.segments[i] != segments[i]
            || !same(terms[i], layers.terms(i)) || !Objects.equals(collectives[i], layers.collective(i))) {
          return false;
        }
      }
      return true;
    }

    /** Equal strings; the reader hands out the same instance for repeated terms, so identity settles most. */
    private static boolean same(String kept, String given) {
      return kept == given || kept.equals(given);
    }
  }
}
