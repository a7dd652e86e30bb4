package dev.flywheel.policy.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.engine.compact.CompactTerms;
import dev.flywheel.policy.engine.compact.DecisionCells;
import dev.flywheel.policy.engine.semantics.ApplicableLayers;
import dev.flywheel.policy.engine.semantics.Duties;
import dev.flywheel.policy.engine.semantics.FactMasks;
import dev.flywheel.policy.engine.semantics.LayerJoin;
import dev.flywheel.policy.engine.semantics.LayerStatement;
import dev.flywheel.policy.engine.semantics.Layering;
import dev.flywheel.policy.engine.semantics.LicenceFloor;
import dev.flywheel.policy.engine.semantics.Semantics;
import dev.flywheel.policy.grammar.CanonicalTree;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.spi.EngineSettings;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.Policy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: parses and compiles each distinct terms text once, keeps the compiled form in a bounded cache, and
 * decides every request afresh from it (decisions are never cached, so the request's time always counts).
 *
 * <p>Fail closed: nothing that goes wrong while deciding escapes to the caller. Invalid terms give a deny with basis
 * ERROR and the parser's diagnostics (and are cached as such); an unexpected exception, a stack overflow or a linkage
 * error gives a deny with code {@code internal-error}; an interrupted thread gives a deny with code
 * {@code interrupted} and keeps its interrupt flag; running out of memory gives a deny with code
 * {@code internal-error} built in advance.
 *
 * <p>Bounded: the cache is bounded by weight, each entry weighing its estimated retained bytes
 * ({@link TermsWeigher}), and by number, each entry weighing at least {@code maximumCacheBytes / maximumCacheSize}.
 * Invalid terms are kept as their error decision with {@link KeptDiagnostics bounded diagnostics}. The front table
 * takes only entries light enough that all its slots together hold at most a quarter of the byte bound.
 */
final class DefaultPolicyEngine implements PolicyEngine {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultPolicyEngine.class);

  private static final Decision.Deny INTERRUPTED = new Decision.Deny(
      Decision.Basis.ERROR,
      List.of(),
      List.of(Diagnostic.of(DiagnosticCode.INTERRUPTED, "the deciding thread was interrupted")
          .withHelp("the decision is deny; the thread's interrupt flag is kept")),
      List.of());

  /**
   * Built in advance: when the heap is exhausted, building a decision (or logging first) may fail again, and nothing
   * may escape to the caller.
   */
  private static final Decision.Deny OUT_OF_MEMORY = new Decision.Deny(
      Decision.Basis.ERROR,
      List.of(),
      List.of(Diagnostic.of(DiagnosticCode.INTERNAL_ERROR, "the engine ran out of memory while deciding")
          .withHelp("the decision is deny; give the JVM more heap or lower the engine's maximumCacheBytes")),
      List.of());
  private static final ParseResult PARSE_OUT_OF_MEMORY = ParseResult.invalid(OUT_OF_MEMORY.diagnostics());

  private final Function<String, ParseResult> parser;
  private final Function<Clause, String> printer;
  private final Clock clock;
  private final Cache<String, CompactTerms> cache;
  /**
   * A small two-way table in front of the cache, indexed by the terms' hash: a hit costs a hash (cached in the
   * String), one or two array reads and a comparison, where the cache's own bookkeeping costs several times a decision.
   * Each slot holds an immutable {@link CompactTerms}, which carries its own key, so a racy read sees either a whole
   * entry or null and never pairs one key with another's value. Only entries just returned by the cache are put here,
   * and only those weighing at most {@link #frontEntryBytes}, so the front adds at most its slot count of entries
   * and a quarter of the byte bound to the cache's bounds; an entry evicted from the cache is compiled again only
   * when its slot is taken, and results are the same either way, since compiling is deterministic. {@code null}
   * without a cache.
   */
  private final CompactTerms[] front;
  static final int FRONT_SLOTS = 4096;
  /** Bytes of the byte bound per front slot: fewer slots for a small bound, so that the front stays a fraction. */
  static final long BYTES_PER_FRONT_SLOT = 16 * 1024;
  /** Heaviest entry (estimated bytes) put in the front table: a quarter of the byte bound over the slots. */
  private final long frontEntryBytes;
  /**
   * Decision cells shared between compiled terms (see {@link DecisionCells#share}): statements that differ only
   * where a decision does not look (another clause's date, say) keep one copy of each equal decision. As many slots as
   * the front table; each keeps at most one cell with at most {@link DecisionCells#MAX_SHARED_MESSAGE_CHARS} chars of
   * reason messages, so a cell kept after its terms left the cache costs little. {@code null} without a cache.
   */
  private final Object[] sharedCells;
  /**
   * Decisions of items by what they are a function of (see {@link ItemDecisionMemo}): at most {@link #MEMO_SLOTS}
   * entries, and for a small byte bound fewer, so that they hold at most a quarter of it
   * ({@link ItemDecisionMemo#MAX_ENTRY_BYTES} each) and are no more than the front table's slots. {@code null}
   * without a cache.
   */
  private final ItemDecisionMemo itemMemo;
  static final int MEMO_SLOTS = 1024;
  /** Bound once so that a cache hit does not allocate a lambda. */
  private final Function<String, CompactTerms> compiler = this::compile;
  private final Decision defaultDecision;
  /** The parser's length limit, in code points: a canonical text past it is not kept by {@link #prepare}. */
  private final int maxLength;

  DefaultPolicyEngine(EngineSettings settings) {
    this(settings, TermsParser.create(settings.limits())::parse, TermsPrinter::print);
  }

  /**
   * An engine with a given parser and printer: tests use it to feed hand-built trees and to make compiling fail.
   */
  DefaultPolicyEngine(
      EngineSettings settings, Function<String, ParseResult> parser, Function<Clause, String> printer) {
    this.parser = Objects.requireNonNull(parser, "parser");
    this.printer = Objects.requireNonNull(printer, "printer");
    this.maxLength = settings.limits().maxLength();
    this.clock = settings.clock();
    long entries = settings.maximumCacheSize();
    long bytes = settings.maximumCacheBytes();
    if (entries == 0 || bytes == 0) {
      this.cache = null;
      this.front = null;
      this.frontEntryBytes = 0;
    } else {
      // Caffeine bounds by number or by weight, not both: every entry weighs at least bytes / entries (rounded up),
      // so a weight bound of bytes admits at most entries of them. A floor past an int's range is cut, and the
      // weight bound with it, so that both bounds still hold.
      long floor = Math.min(Integer.MAX_VALUE, (bytes + entries - 1) / entries);
      long maximumWeight = Math.min(bytes, floor * entries);
      this.cache = Caffeine.newBuilder()
          .maximumWeight(maximumWeight)
          .weigher(new TermsWeigher((int) floor))
          .executor(settings.executor())
          .build();
      long slots = Math.min(FRONT_SLOTS, Math.min(entries, Math.max(1, bytes / BYTES_PER_FRONT_SLOT)));
      this.front = new CompactTerms[Integer.highestOneBit((int) slots)];
      this.frontEntryBytes = bytes / 4 / front.length;
    }
    this.sharedCells = front == null ? null : new Object[front.length];
    this.itemMemo = front == null ? null : new ItemDecisionMemo(Integer.highestOneBit((int) Math.min(
        Math.min(MEMO_SLOTS, front.length), Math.max(1, bytes / 4 / ItemDecisionMemo.MAX_ENTRY_BYTES))));
    this.defaultDecision = Semantics.defaultDecision(settings.defaultDecision());
  }

  @Override
  public Decision decide(String terms, Request request) {
    Objects.requireNonNull(terms, "terms");
    Objects.requireNonNull(request, "request");
    if (Thread.currentThread().isInterrupted()) {
      return INTERRUPTED;
    }
    try {
      return decideCompiled(compiled(terms), request);
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      return failure(e);
    } catch (OutOfMemoryError e) {
      return outOfMemory(e);
    }
  }

  /**
   * Looks cached ASCII terms up by their bytes: the hash String would compute, then the front table, comparing bytes
   * with the key's chars. Anything else (non-ASCII bytes, terms not in the front table, no cache) goes through a
   * String: ASCII decoded as Latin-1 (exact for ASCII), the rest strictly as UTF-8 by the interface's method.
   */
  @Override
  public Decision decide(byte[] utf8, int offset, int length, Request request) {
    Objects.requireNonNull(utf8, "utf8");
    Objects.requireNonNull(request, "request");
    Objects.checkFromIndexSize(offset, length, utf8.length);
    // String.hashCode of the ASCII text, four bytes a step (h * 31^4 + b0 * 31^3 + b1 * 31^2 + b2 * 31 + b3, all
    // wrapping as int arithmetic does), so that the multiply chain is a quarter as long; the bytes are OR-ed to
    // find a non-ASCII one without a branch per byte.
    int hash = 0;
    int any = 0;
    int i = offset;
    int end = offset + length;
    for (; i + 3 < end; i += 4) {
      int b0 = utf8[i];
      int b1 = utf8[i + 1];
      int b2 = utf8[i + 2];
      int b3 = utf8[i + 3];
      any |= b0 | b1 | b2 | b3;
      hash = hash * 923_521 + b0 * 29_791 + b1 * 961 + b2 * 31 + b3;
    }
    for (; i < end; i++) {
      any |= utf8[i];
      hash = 31 * hash + utf8[i];
    }
    if (any < 0) {
      try {
        return PolicyEngine.super.decide(utf8, offset, length, request); // not ASCII: decode strictly
      } catch (OutOfMemoryError e) {
        return outOfMemory(e); // while decoding; deciding the String catches its own
      }
    }
    if (Thread.currentThread().isInterrupted()) {
      return INTERRUPTED;
    }
    CompactTerms cached = front == null ? null : frontLookup(utf8, offset, length, hash);
    if (cached == null) {
      String terms;
      try {
        terms = new String(utf8, offset, length, StandardCharsets.ISO_8859_1);
      } catch (OutOfMemoryError e) {
        return outOfMemory(e);
      }
      return decide(terms, request);
    }
    try {
      return decideCompiled(cached, request);
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      return failure(e);
    } catch (OutOfMemoryError e) {
      return outOfMemory(e);
    }
  }

  /** The front table's compiled terms whose key is the ASCII text {@code utf8[offset, offset + length)}, or null. */
  private CompactTerms frontLookup(byte[] utf8, int offset, int length, int hash) {
    int slot = (hash ^ (hash >>> 16)) & (front.length - 1);
    CompactTerms first = front[slot];
    if (first != null && sameAscii(first, utf8, offset, length)) {
      return first;
    }
    CompactTerms second = front[(slot ^ 1) & (front.length - 1)];
    return second != null && sameAscii(second, utf8, offset, length) ? second : null;
  }

  /**
   * Per-thread room for a key's bytes, so that comparing a cached key with the bytes is a copy and a mismatch, which
   * the JIT turns into wide loads, instead of a loop over {@code charAt}, several times slower. Grown on demand to at
   * most {@link #MAX_KEY_ROOM} bytes per thread; longer keys are compared char by char.
   */
  private static final ThreadLocal<byte[]> KEY_BYTES = ThreadLocal.withInitial(() -> new byte[256]);
  static final int MAX_KEY_ROOM = 1 << 16;

  /** Whether {@code compiled}'s key is exactly the ASCII bytes {@code utf8[offset, offset + length)}. */
  // String.getBytes(int, int, byte[], int) is deprecated for dropping each char's high byte: exact for ASCII keys.
  @SuppressWarnings("deprecation")
  private static boolean sameAscii(CompactTerms compiled, byte[] utf8, int offset, int length) {
    String key = compiled.source();
    if (key.length() != length || !compiled.hasAsciiSource()) {
      return false;
    }
    byte[] room = KEY_BYTES.get();
    if (room.length < length) {
      if (length > MAX_KEY_ROOM) {
        for (int i = 0; i < length; i++) {
          if (key.charAt(i) != utf8[offset + i]) {
            return false;
          }
        }
        return true;
      }
      room = new byte[Math.max(length, room.length * 2)];
      KEY_BYTES.set(room);
    }
    key.getBytes(0, length, room, 0);
    return Arrays.mismatch(room, 0, length, utf8, offset, offset + length) < 0;
  }

  private Decision decideCompiled(CompactTerms compiled, Request request) {
    if (!compiled.isValid()) {
      return compiled.errorDecision();
    }
    Instant at = request.at();
    int segment;
    if (at != null) {
      segment = compiled.segmentAt(at.getEpochSecond(), at.getNano());
    } else {
      long millis = clock.millis();
      segment = compiled.segmentAt(Math.floorDiv(millis, 1000L), (int) Math.floorMod(millis, 1000L) * 1_000_000);
    }
    return compiled.decide(
        request.purpose(), segment, FactMasks.of(request), Duties.honouredMask(request), defaultDecision, sharedCells);
  }

  /** Decides plain terms given as a tree (compiled each time, never cached): the same rules as for text. */
  Decision decide(Policy policy, Request request) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(request, "request");
    CompactTerms compiled = CompactTerms.compile(policy, null, printer);
    Instant at = request.at() != null ? request.at() : clock.instant();
    return compiled.decide(request.purpose(), compiled.segmentAt(at), FactMasks.of(request),
        Duties.honouredMask(request), defaultDecision);
  }

  @Override
  public Decision decide(ItemTerms item, Request request) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(request, "request");
    if (Thread.currentThread().isInterrupted()) {
      return INTERRUPTED;
    }
    try {
      Instant at = request.at() != null ? request.at() : Instant.ofEpochMilli(clock.millis());
      return itemMemo == null ? decideAfresh(item, request, at) : decideRemembered(item, request, at);
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      return failure(e);
    } catch (OutOfMemoryError e) {
      return outOfMemory(e);
    }
  }

  @Override
  public ParseResult parse(String terms) {
    Objects.requireNonNull(terms, "terms");
    try {
      return parser.apply(terms);
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      LOG.warn("parser failed", e);
      return ParseResult.invalid(List.of(internalError(e)));
    } catch (OutOfMemoryError e) {
      outOfMemory(e);
      return PARSE_OUT_OF_MEMORY;
    }
  }

  /**
   * Parses once and, for valid terms, puts the compiled form of that parse in the cache under {@code terms}: the
   * entry {@link #compile(String)} would build from the same parser output, so decisions do not depend on which of
   * the two built it. Terms not written in canonical form are kept under their canonical text too, compiled from the
   * same parse placed in that text ({@link CanonicalTree}): records hold their terms in canonical form and the engine
   * decides that text, which is then never parsed. The canonical entry is the one a parse of the canonical text would
   * give, so it is kept only when that text is within the length limit (a longer one is an error when decided, as it
   * would be without this). A failure while compiling is not the caller's concern here: nothing is kept, and deciding
   * the terms later compiles them again and reports it as a deny.
   */
  @Override
  public ParseResult prepare(String terms) {
    ParseResult result = parse(terms);
    if (cache == null || result.policy().isEmpty()) {
      return result;
    }
    Policy policy = result.policy().get();
    try {
      cache.get(terms, text -> CompactTerms.compile(policy, text, printer));
      CanonicalTree canonical = CanonicalTree.of(policy);
      String text = canonical.text();
      if (!text.equals(terms) && text.codePointCount(0, text.length()) <= maxLength) {
        cache.get(text, t -> CompactTerms.compile(canonical.policy(), t, printer));
      }
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      LOG.warn("compiling prepared terms failed; they are compiled again when decided", e);
    } catch (OutOfMemoryError e) {
      outOfMemory(e);
    }
    return result;
  }

  /** The number of compiled terms kept (after pending cache maintenance); 0 without a cache. */
  long cachedTerms() {
    if (cache == null) {
      return 0;
    }
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** The summed weight, in estimated bytes, of the compiled terms kept (after pending maintenance); 0 without. */
  long cachedBytes() {
    if (cache == null) {
      return 0;
    }
    cache.cleanUp();
    return cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }

  /** The cache's weight bound; 0 without a cache. */
  long cacheWeightBound() {
    return cache == null ? 0 : cache.policy().eviction().orElseThrow().getMaximum();
  }

  // ---- Layers (rule 9) ----

  /** An item's decision from its statements and licence, rules 7 to 10, computed in full. */
  Decision decideAfresh(ItemTerms item, Request request, Instant at) {
    return LicenceFloor.apply(item, request, at, decideStatements(item, request, at));
  }

  /** Per-thread room for an item's applying layers and their segments, reused so that a kept decision costs nothing. */
  private static final class Probe {
    final ApplicableLayers layers = new ApplicableLayers();
    final int[] segments = new int[ItemDecisionMemo.MAX_LAYERS];
  }

  private static final ThreadLocal<Probe> PROBES = ThreadLocal.withInitial(Probe::new);

  /**
   * An item's decision, kept in {@link #itemMemo} by its applying layers, their segments at {@code at}, the request's
   * purpose and masks and the licence floor's inputs; decided afresh (and kept) when not found.
   */
  private Decision decideRemembered(ItemTerms item, Request request, Instant at) {
    Probe probe = PROBES.get();
    ApplicableLayers layers = probe.layers;
    int[] segments = probe.segments;
    Layering.collect(item, at, layers);
    try {
      if (!ItemDecisionMemo.keeps(layers)) {
        return decideAfresh(item, request, at);
      }
      for (int i = 0; i < layers.size(); i++) {
        CompactTerms compiled = compiled(layers.terms(i));
        segments[i] = compiled.isValid() ? compiled.segmentAt(at) : -1;
      }
      Instant releasedAt = item.releasedAt() != null ? item.releasedAt() : item.contributedAt();
      boolean released = releasedAt != null && !releasedAt.isAfter(at);
      int facts = FactMasks.of(request);
      int honoured = Duties.honouredMask(request);
      int hash = ItemDecisionMemo.hash(layers, segments, request.purpose(), facts, honoured, item.licence(), released);
      Decision kept = itemMemo.find(hash, layers, segments, request.purpose(), facts, honoured, item.licence(),
          released);
      if (kept != null) {
        return kept;
      }
      Decision decided = decideAfresh(item, request, at);
      itemMemo.keep(hash, layers, segments, request.purpose(), facts, honoured, item.licence(), released, decided);
      return decided;
    } finally {
      layers.clear();
    }
  }

  /** The table of kept item decisions, or null without a cache (for tests). */
  ItemDecisionMemo itemMemo() {
    return itemMemo;
  }

  /** Rule 9 and the join of section 10.2, each layer's statement decided from its compiled (cached) form. */
  private Decision decideStatements(ItemTerms item, Request request, Instant at) {
    int facts = FactMasks.of(request);
    LayerJoin join = new LayerJoin();
    for (LayerStatement layer : Layering.applicable(item, at)) {
      CompactTerms compiled = compiled(layer.terms());
      if (!compiled.isValid()) {
        join.addInvalid(layer.layer(), compiled.diagnostics());
      } else {
        join.add(compiled.verdict(
            request.purpose(), compiled.segmentAt(at), facts, layer.layer(), layer.quotaScope()));
      }
    }
    return join.decision(request, defaultDecision);
  }

  // ---- Cache, compile, failures ----

  private CompactTerms compiled(String terms) {
    if (cache == null) {
      return compile(terms);
    }
    int h = terms.hashCode();
    int slot = (h ^ (h >>> 16)) & (front.length - 1);
    CompactTerms first = front[slot];
    if (first != null && (first.source() == terms || first.source().equals(terms))) {
      return first;
    }
    // Two-way: the neighbouring slot also takes terms of this hash, so two hot terms that collide do not evict each
    // other on every call.
    int pair = (slot ^ 1) & (front.length - 1);
    CompactTerms second = front[pair];
    if (second != null && (second.source() == terms || second.source().equals(terms))) {
      return second;
    }
    CompactTerms compiled = cache.get(terms, compiler);
    if (isLight(terms, compiled)) {
      front[first == null ? slot : pair] = compiled;
    }
    return compiled;
  }

  /**
   * Whether an entry weighs at most {@link #frontEntryBytes}: the quick bound settles it for nearly all terms, so
   * that a miss in the front table does not pay for the full estimate.
   */
  private boolean isLight(String terms, CompactTerms compiled) {
    if (TermsWeigher.quickBound(terms, compiled) <= frontEntryBytes) {
      return true;
    }
    return TermsWeigher.estimate(terms, compiled) <= frontEntryBytes;
  }

  private CompactTerms compile(String terms) {
    ParseResult result = parser.apply(terms);
    return result.policy()
        .map(policy -> CompactTerms.compile(policy, terms, printer))
        .orElseGet(() -> CompactTerms.invalid(KeptDiagnostics.bounded(result.diagnostics()), terms));
  }

  private static Decision failure(Throwable e) {
    if (Thread.currentThread().isInterrupted() || causedByInterrupt(e)) {
      Thread.currentThread().interrupt();
      return INTERRUPTED;
    }
    LOG.warn("internal error while deciding; the decision is deny", e);
    return new Decision.Deny(Decision.Basis.ERROR, List.of(), List.of(internalError(e)), List.of());
  }

  /** The prebuilt deny; logs when the heap allows, since a log line that fails must not turn the deny into a throw. */
  private static Decision outOfMemory(OutOfMemoryError e) {
    try {
      LOG.error("out of memory while deciding; the decision is deny", e);
    } catch (OutOfMemoryError again) {
      // Nothing more can be done here; the deny below is already built.
    }
    return OUT_OF_MEMORY;
  }

  private static boolean causedByInterrupt(Throwable e) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) { // bounded: causes may form a cycle
      if (t instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }

  private static Diagnostic internalError(Throwable e) {
    return Diagnostic.of(DiagnosticCode.INTERNAL_ERROR, "the engine failed: " + e.getClass().getName())
        .withHelp("the decision is deny; this is a defect in flywheel-policy, please report it");
  }
}
