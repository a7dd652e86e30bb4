package dev.flywheel.policy;

import dev.flywheel.policy.spi.EngineSettings;
import dev.flywheel.policy.spi.PolicyEngineProvider;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.TermsLimits;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Decides whether an item may be used for a purpose, under the item's terms.
 *
 * <p><b>Contract.</b> Implementations are thread-safe: one engine serves every thread of a data loader. No method
 * throws because of the terms: invalid terms, exhausted limits, internal failures and interrupts all give a
 * {@link Decision.Deny} with basis {@link Decision.Basis#ERROR} and diagnostics. The same terms, request and time
 * always give the same decision. Compiled terms are cached (never decisions), so the request's time is always
 * honoured; for terms already in the cache, an explicit allow or deny allocates nothing.
 *
 * <p>Build one with {@link #builder()}; the implementation comes from the {@code flywheel-policy-engine} artifact.
 */
public interface PolicyEngine {

  /**
   * Decides {@code request} under {@code terms}.
   *
   * @param terms the terms, in the flywheel-policy language
   * @param request the purpose, facts, time and honourable obligation types
   * @return the decision; never {@code null}
   * @throws NullPointerException if {@code terms} or {@code request} is null (a programming error)
   */
  Decision decide(String terms, Request request);

  /**
   * Decides {@code request} under terms given as UTF-8 bytes, {@code utf8[offset, offset + length)}: the decision
   * {@link #decide(String, Request)} gives for the text they encode. For loaders that hold terms as bytes (read from
   * a file, a column or the network): the default engine finds terms it has compiled by the bytes themselves, so a
   * decision for cached ASCII terms creates no String and, for an explicit allow or deny, allocates nothing.
   *
   * <p>Bytes that are not well-formed UTF-8 (a malformed or overlong sequence, an encoded surrogate) are never
   * repaired: the decision is a deny with basis {@link Decision.Basis#ERROR} and code
   * {@link DiagnosticCode#INVALID_UNICODE}. This default implementation decodes the bytes and calls
   * {@link #decide(String, Request)}.
   *
   * @param utf8 the array holding the terms' bytes; not modified, not kept
   * @param offset where the terms start in {@code utf8}
   * @param length the number of bytes
   * @param request the purpose, facts, time and honourable obligation types
   * @return the decision; never {@code null}
   * @throws NullPointerException if {@code utf8} or {@code request} is null (a programming error)
   * @throws IndexOutOfBoundsException if the range is not within {@code utf8} (a programming error)
   */
  default Decision decide(byte[] utf8, int offset, int length, Request request) {
    Objects.requireNonNull(utf8, "utf8");
    Objects.requireNonNull(request, "request");
    Objects.checkFromIndexSize(offset, length, utf8.length);
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    String terms;
    try {
      terms = decoder.decode(ByteBuffer.wrap(utf8, offset, length)).toString();
    } catch (CharacterCodingException e) {
      Diagnostic diagnostic = Diagnostic.of(DiagnosticCode.INVALID_UNICODE,
          "the terms are not well-formed UTF-8").withHelp("send the terms as UTF-8 text; nothing is repaired");
      return new Decision.Deny(Decision.Basis.ERROR,
          List.of(new Reason(Layer.TERMS, null, null, "invalid-unicode: the terms are not well-formed UTF-8")),
          List.of(diagnostic), List.of());
    }
    return decide(terms, request);
  }

  /**
   * Decides {@code request} under the layered terms and licence of one item.
   *
   * @param item the item's statements and licence
   * @param request the purpose, facts, time and honourable obligation types
   * @return the decision; never {@code null}
   * @throws NullPointerException if {@code item} or {@code request} is null (a programming error)
   */
  Decision decide(ItemTerms item, Request request);

  /**
   * Parses {@code terms} under this engine's limits, for validation.
   *
   * @param terms the terms
   * @return the policy or the diagnostics; never {@code null}
   */
  ParseResult parse(String terms);

  /**
   * Parses {@code terms} as {@link #parse(String)} does, for a caller that validates terms and then decides them: a
   * record validator, say. An engine with a cache keeps the compiled form of valid terms from this same parse, so
   * that deciding the same text afterwards ({@link #decide(String, Request)}, or as a statement of {@link ItemTerms})
   * does not parse it again: each distinct text is parsed once, in one cache. Terms not written in canonical form are
   * kept under their canonical text as well (what a record holds), when it is within the length limit. The engine parses the text itself; no
   * tree from the caller is trusted. Invalid terms are not kept by this method (deciding them compiles them as
   * usual, to a deny). The result, and every later decision, is exactly what {@link #parse(String)} and deciding
   * without this call give.
   *
   * <p>This default implementation calls {@link #parse(String)} and keeps nothing.
   *
   * @param terms the terms
   * @return the policy or the diagnostics, as {@link #parse(String)} gives them; never {@code null}
   * @throws NullPointerException if {@code terms} is null (a programming error)
   */
  default ParseResult prepare(String terms) {
    return parse(terms);
  }

  /** {@return a builder with the defaults described on each setter} */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link PolicyEngine}. Each setter checks its argument at once and names what is wrong. Not thread-safe;
   * the engines it builds are.
   */
  final class Builder {
    /** Default bound on the number of compiled terms kept. */
    public static final long DEFAULT_MAXIMUM_CACHE_SIZE = 10_000;
    /** Largest accepted bound on the number of compiled terms kept. */
    public static final long MAX_MAXIMUM_CACHE_SIZE = 100_000_000;
    /** Default bound on the estimated bytes retained by the compiled terms kept: 64 MiB. */
    public static final long DEFAULT_MAXIMUM_CACHE_BYTES = EngineSettings.DEFAULT_MAXIMUM_CACHE_BYTES;
    /** Largest accepted bound on the estimated bytes retained by the compiled terms kept: 1 TiB. */
    public static final long MAX_MAXIMUM_CACHE_BYTES = 1L << 40;

    private long maximumCacheSize = DEFAULT_MAXIMUM_CACHE_SIZE;
    private long maximumCacheBytes = DEFAULT_MAXIMUM_CACHE_BYTES;
    private DefaultDecision defaultDecision = DefaultDecision.DENY;
    private Clock clock = Clock.systemUTC();
    private Executor executor = ForkJoinPool.commonPool();
    private TermsLimits limits = TermsLimits.DEFAULTS;

    private Builder() {}

    /**
     * Bounds the number of distinct terms kept compiled (default {@value #DEFAULT_MAXIMUM_CACHE_SIZE}); 0 keeps none.
     * The engine may also keep up to {@code min(size, 4096)} recently decided terms in a small table in front of the
     * cache, so at most {@code size + min(size, 4096)} compiled terms are held in all. The byte bound
     * ({@link #maximumCacheBytes(long)}) holds as well: whichever is reached first evicts.
     *
     * @param size the bound, a count of distinct terms texts, from 0 to {@value #MAX_MAXIMUM_CACHE_SIZE}
     * @return this builder
     * @throws IllegalArgumentException if {@code size} is negative or above {@value #MAX_MAXIMUM_CACHE_SIZE}
     */
    public Builder maximumCacheSize(long size) {
      if (size < 0 || size > MAX_MAXIMUM_CACHE_SIZE) {
        throw new IllegalArgumentException(
            "maximumCacheSize must be between 0 and " + MAX_MAXIMUM_CACHE_SIZE + ", was " + size);
      }
      this.maximumCacheSize = size;
      return this;
    }

    /**
     * Bounds the memory the kept compiled terms retain, in bytes (default {@value #DEFAULT_MAXIMUM_CACHE_BYTES}, that
     * is 64 MiB); 0 keeps none. Each entry is weighed once, when it is added, by an estimate of what it retains on a
     * 64-bit JVM with compressed references: its terms text, the cache's own entry, the compiled clauses, its decision
     * table however full later requests make it, and for invalid terms the error decision. The estimate errs on the
     * high side (measured: 1.0 KB for a short statement that retains 0.5 to 0.7 KB; 4 to 6 KB for invalid terms of
     * 4,096 ASCII chars, 29 KB when they are not Latin-1 and every word is a diagnostic; 650 KB for 60 clauses with 60
     * dates, which retain 260 KB once decided on every day), so the heap the cache really holds stays below the bound.
     * Invalid terms are kept as their error decision alone: at most 33 diagnostics, each message and help text cut to
     * 256 characters, and no copy of the terms besides the key.
     *
     * <p>The number bound ({@link #maximumCacheSize(long)}) holds as well: each entry weighs at least
     * {@code bytes / size}, so at most {@code size} entries fit. The table in front of the cache adds at most a
     * quarter of {@code bytes}: it has at most {@code min(4096, bytes / 16 KiB)} slots and takes only entries that
     * weigh at most {@code bytes / 4} divided by its slot count. The engine's table of decisions shared between terms
     * adds a few MiB at most (as many slots as the front table, each a decision of at most 512 chars of messages).
     *
     * @param bytes the most bytes the kept compiled terms may retain, from 0 to {@value #MAX_MAXIMUM_CACHE_BYTES}
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is negative or above {@value #MAX_MAXIMUM_CACHE_BYTES}
     */
    public Builder maximumCacheBytes(long bytes) {
      if (bytes < 0 || bytes > MAX_MAXIMUM_CACHE_BYTES) {
        throw new IllegalArgumentException(
            "maximumCacheBytes must be between 0 and " + MAX_MAXIMUM_CACHE_BYTES + ", was " + bytes);
      }
      this.maximumCacheBytes = bytes;
      return this;
    }

    /**
     * Sets what to decide when nothing covers a purpose (default {@link DefaultDecision#DENY}).
     *
     * @param decision the default decision
     * @return this builder
     * @throws NullPointerException if {@code decision} is null
     */
    public Builder defaultDecision(DefaultDecision decision) {
      this.defaultDecision = Objects.requireNonNull(decision, "defaultDecision");
      return this;
    }

    /**
     * Sets the clock giving "now" for requests without a time (default {@link Clock#systemUTC()}).
     *
     * @param newClock the clock; read once per such request
     * @return this builder
     * @throws NullPointerException if {@code newClock} is null
     */
    public Builder clock(Clock newClock) {
      this.clock = Objects.requireNonNull(newClock, "clock");
      return this;
    }

    /**
     * Sets the executor for the cache's maintenance work (default the common pool); {@code Runnable::run} makes it
     * deterministic in tests.
     *
     * @param newExecutor the executor; it runs eviction work only, never a decision
     * @return this builder
     * @throws NullPointerException if {@code newExecutor} is null
     */
    public Builder executor(Executor newExecutor) {
      this.executor = Objects.requireNonNull(newExecutor, "executor");
      return this;
    }

    /**
     * Sets the parser's limits (default {@link TermsLimits#DEFAULTS}); terms over a limit decide deny with an error.
     *
     * @param newLimits the limits
     * @return this builder
     * @throws NullPointerException if {@code newLimits} is null
     */
    public Builder limits(TermsLimits newLimits) {
      this.limits = Objects.requireNonNull(newLimits, "limits");
      return this;
    }

    /** {@return the settings as they stand} */
    public EngineSettings settings() {
      return new EngineSettings(maximumCacheSize, maximumCacheBytes, defaultDecision, clock, executor, limits);
    }

    /**
     * Builds the engine through the first {@link PolicyEngineProvider} found by {@link ServiceLoader}.
     *
     * @return a new engine with the settings as they stand; thread-safe
     * @throws IllegalStateException if no engine implementation is on the class or module path
     */
    public PolicyEngine build() {
      PolicyEngineProvider provider = ServiceLoader.load(PolicyEngineProvider.class, Builder.class.getClassLoader())
          .findFirst()
          .orElseThrow(() -> new IllegalStateException(
              "no PolicyEngineProvider found: add the flywheel-policy-engine artifact to the class path"));
      return provider.create(settings());
    }
  }
}
