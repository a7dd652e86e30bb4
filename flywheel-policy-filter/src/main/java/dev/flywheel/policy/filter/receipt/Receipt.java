package dev.flywheel.policy.filter.receipt;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one filter run decided on which bytes (docs/AUDIT.md): the versions, the request, the real times, the input's
 * digest, the register's state and the usage store, the counts, the ledger's digest and the Merkle root over one leaf
 * per input line ({@link DecisionLeaf}). Immutable. Two runs over the same input with the same request and register
 * give receipts that differ only in {@link #startedAt()} and {@link #finishedAt()}.
 *
 * @param tool the command line's name, version and commit
 * @param engine the engine's version and the terms language's version
 * @param request the request every line was decided for, its time resolved
 * @param startedAt when the run started, from the real clock (never the request's time)
 * @param finishedAt when the run finished, from the real clock
 * @param input the input's size and digests
 * @param register the register's state the run decided under, or null when none was used
 * @param usage the usage store the run reserved quotas in, or null when none was used
 * @param counts the lines per outcome and reason
 * @param ledgerSha256 SHA-256 of the ledger as {@code --ledger} writes it (64 lower-case hex digits)
 * @param decisionsRoot the RFC 9162 root over the lines' leaves (64 lower-case hex digits)
 */
public record Receipt(Tool tool, Engine engine, RequestPart request, Instant startedAt, Instant finishedAt,
    Input input, RegisterState register, Usage usage, Counts counts, String ledgerSha256, String decisionsRoot) {

  /** The receipt format's version, {@code receiptVersion} in JSON; a reader refuses any other. */
  public static final int VERSION = 1;

  /**
   * Creates the receipt.
   *
   * @throws NullPointerException if a component other than {@code register} or {@code usage} is null
   * @throws IllegalArgumentException if a digest is not 64 lower-case hex digits
   */
  public Receipt {
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(counts, "counts");
    requireHex(ledgerSha256, "ledgerSha256");
    requireHex(decisionsRoot, "decisionsRoot");
  }

  static String requireHex(String value, String name) {
    Objects.requireNonNull(value, name);
    if (!value.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(name + " must be 64 lower-case hex digits");
    }
    return value;
  }

  /**
   * The tool that wrote the receipt.
   *
   * @param name {@code flywheel-policy}
   * @param version its version, or {@code unknown}
   * @param commit the git commit it was built from, or {@code unknown}
   */
  public record Tool(String name, String version, String commit) {
    /**
     * Creates the value.
     *
     * @throws NullPointerException if a component is null
     */
    public Tool {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(commit, "commit");
    }
  }

  /**
   * The engine that decided.
   *
   * @param version the engine's version, or {@code unknown}
   * @param languageVersion the version of the terms language (docs/LANGUAGE.md) it implements
   */
  public record Engine(String version, String languageVersion) {
    /**
     * Creates the value.
     *
     * @throws NullPointerException if a component is null
     */
    public Engine {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(languageVersion, "languageVersion");
    }
  }

  /**
   * The request, as words.
   *
   * @param purpose the purpose's word
   * @param facts the facts' words, sorted
   * @param honoured the honoured obligation types' words, sorted
   * @param at the decision time every line was decided at
   */
  public record RequestPart(String purpose, List<String> facts, List<String> honoured, Instant at) {
    /**
     * Creates the value; copies the lists.
     *
     * @throws NullPointerException if a component is null
     */
    public RequestPart {
      Objects.requireNonNull(purpose, "purpose");
      facts = List.copyOf(facts);
      honoured = List.copyOf(honoured);
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The input as read.
   *
   * @param bytes its length in bytes
   * @param lines its number of lines (each one leaf)
   * @param sha256 SHA-256 of all its bytes, 64 lower-case hex digits
   * @param lineDigests the first {@value ReceiptRecorder#LINE_DIGEST_BYTES} bytes of each line's SHA-256, in order,
   *     base64: what lets an audit name the first line that differs (a locator; the proof is {@code sha256})
   */
  public record Input(long bytes, long lines, String sha256, String lineDigests) {
    /**
     * Creates the value.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if a count is negative or the digest is not 64 lower-case hex digits
     */
    public Input {
      if (bytes < 0 || lines < 0) {
        throw new IllegalArgumentException("counts must not be negative");
      }
      requireHex(sha256, "sha256");
      Objects.requireNonNull(lineDigests, "lineDigests");
    }
  }

  /**
   * The register's state: its first {@code size} entries and their RFC 9162 root.
   *
   * @param size the entries the run decided under
   * @param rootHash the root over them, 64 lower-case hex digits
   * @param requireRelease whether records in no release in force were denied ({@code --require-release})
   */
  public record RegisterState(long size, String rootHash, boolean requireRelease) {
    /**
     * Creates the value.
     *
     * @throws IllegalArgumentException if {@code size} is negative or the hash is not 64 lower-case hex digits
     */
    public RegisterState {
      if (size < 0) {
        throw new IllegalArgumentException("size must not be negative");
      }
      requireHex(rootHash, "rootHash");
    }
  }

  /**
   * The usage store the run reserved quotas in, and its answers: the store's counts cannot be replayed by an audit,
   * so the receipt carries, for each line whose decision allowed it with a quota duty (a line the run reserved, in
   * input order), whether the store admitted it (docs/AUDIT.md, "Runs with a usage store").
   *
   * @param consumer the consumer's name
   * @param kind the store's kind ({@code memory}, {@code sqlite}, {@code postgresql})
   * @param store the store as the ledger names it ({@code usage.store}), so that an audit rebuilds the same ledger
   * @param reserved how many lines the run reserved
   * @param admitted base64 of {@code reserved} bits, the first line the most significant bit of the first byte: 1
   *     when the store admitted the line, 0 when it refused it; the last byte's unused bits are 0
   */
  public record Usage(String consumer, String kind, String store, long reserved, String admitted) {
    /**
     * Creates the value.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code reserved} is negative
     */
    public Usage {
      Objects.requireNonNull(consumer, "consumer");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(admitted, "admitted");
      if (reserved < 0) {
        throw new IllegalArgumentException("reserved must not be negative");
      }
    }

    /**
     * A store before its answers are known: what a caller gives {@link ReceiptRecorder#finish}, which fills in the
     * answers it recorded.
     *
     * @param consumer the consumer's name
     * @param kind the store's kind
     * @param store the store as the ledger names it
     */
    public Usage(String consumer, String kind, String store) {
      this(consumer, kind, store, 0, "");
    }

    /**
     * {@return the store's answers, one per reserved line, {@code true} when it admitted the line; empty when
     * {@link #admitted()} is not base64 of exactly {@link #reserved()} bits with unused bits 0}
     */
    public java.util.Optional<boolean[]> answers() {
      byte[] bits;
      try {
        bits = java.util.Base64.getDecoder().decode(admitted);
      } catch (IllegalArgumentException e) {
        return java.util.Optional.empty();
      }
      if (reserved > (long) Integer.MAX_VALUE - 8 || bits.length != (reserved + 7) / 8) {
        return java.util.Optional.empty();
      }
      boolean[] answers = new boolean[(int) reserved];
      for (int i = 0; i < answers.length; i++) {
        answers[i] = (bits[i >>> 3] & (0x80 >>> (i & 7))) != 0;
      }
      for (long i = reserved; i < bits.length * 8L; i++) {
        if ((bits[(int) (i >>> 3)] & (0x80 >>> (i & 7))) != 0) {
          return java.util.Optional.empty();
        }
      }
      return java.util.Optional.of(answers);
    }
  }

  /**
   * The lines per outcome and per reason.
   *
   * @param read every line
   * @param allowed lines allowed
   * @param denied valid records denied
   * @param invalid lines that are not valid records
   * @param reasons lines per reason word (every reason, zeros included), in the filter's order
   */
  public record Counts(long read, long allowed, long denied, long invalid, Map<String, Long> reasons) {
    /**
     * Creates the value; keeps the reasons' order.
     *
     * @throws NullPointerException if {@code reasons} is null
     */
    public Counts {
      reasons = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(reasons));
    }
  }
}
