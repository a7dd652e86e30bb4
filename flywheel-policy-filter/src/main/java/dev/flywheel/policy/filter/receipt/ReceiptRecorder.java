package dev.flywheel.policy.filter.receipt;

import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.filter.DenialReason;
import dev.flywheel.policy.filter.FilteredLine;
import dev.flywheel.policy.filter.Ledger;
import dev.flywheel.policy.register.MerkleAccumulator;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Computes a {@link Receipt} while a filter run streams: {@link #wrap(InputStream)} the input before the filter reads
 * it (its bytes and SHA-256), then hand each {@link FilteredLine} to {@link #record(FilteredLine)} in input order (its
 * leaf, appended to the Merkle root as it comes), then {@link #finish} with the run's ledger. No second pass over the
 * input and nothing kept per line but {@value #LINE_DIGEST_BYTES} bytes of its digest.
 *
 * <p>Not thread-safe: the lines come from the one thread that consumes the run; the wrapped stream is read by the
 * filter's one reading thread, and {@link #finish} is called after the run ended. The input's SHA-256 is computed on
 * a thread of the recorder's own (the bytes read are queued to it, a bounded queue), so that the consuming thread
 * hashes each line's bytes once, not twice; {@link #close()} stops that thread when a run is abandoned.
 */
public final class ReceiptRecorder implements AutoCloseable {
  /** The name of the tool in receipts. */
  public static final String TOOL = "flywheel-policy";
  /** The version of the terms language the engine implements (docs/LANGUAGE.md). */
  public static final String LANGUAGE_VERSION = "1";
  /** Bytes of each line's SHA-256 kept in {@link Receipt.Input#lineDigests()}. */
  public static final int LINE_DIGEST_BYTES = 4;
  /** The most lines a receipt can record: its line digests are one array. */
  public static final long MAX_LINES = (Integer.MAX_VALUE - 8) / LINE_DIGEST_BYTES;

  private static final byte[] NOT_KEPT = new byte[32];

  private final InputDigest input = new InputDigest();
  private final MessageDigest lineSha = sha256();
  private final OutputStream lineShaSink = new OutputStream() {
    @Override
    public void write(int b) {
      lineSha.update((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      lineSha.update(b, off, len);
    }
  };
  private final byte[] lineDigest = new byte[32];
  private final DecisionLeaf leaf = new DecisionLeaf();
  private final MerkleAccumulator tree = new MerkleAccumulator();
  private long lines;
  private byte[] locators = new byte[1 << 12];
  private boolean overflow;

  /** Creates a recorder for one run. */
  public ReceiptRecorder() {
  }

  /**
   * Wraps the run's input so that its bytes are counted and hashed as the filter reads them.
   *
   * @param in the input
   * @return the stream to give the filter
   */
  public InputStream wrap(InputStream in) {
    return new FilterInputStream(Objects.requireNonNull(in, "in")) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          input.add(new byte[] {(byte) b}, 0, 1);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          input.add(b, off, n);
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        // Skipped bytes would be missing from the digest: read them instead.
        byte[] scratch = new byte[8192];
        long done = 0;
        while (done < n) {
          int r = read(scratch, 0, (int) Math.min(scratch.length, n - done));
          if (r < 0) {
            break;
          }
          done += r;
        }
        return done;
      }

      @Override
      public boolean markSupported() {
        return false;
      }
    };
  }

  /**
   * Records one line: its digest, its leaf in the decisions tree.
   *
   * @param line the next line of the run, in input order
   * @throws IllegalStateException past {@link #MAX_LINES} lines
   */
  public void record(FilteredLine line) {
    byte[] digest = lineDigest(line);
    int at = (int) (lines * LINE_DIGEST_BYTES);
    if (lines >= MAX_LINES) {
      overflow = true;
      throw new IllegalStateException("a receipt records at most " + MAX_LINES + " lines");
    }
    if (at + LINE_DIGEST_BYTES > locators.length) {
      locators = Arrays.copyOf(locators, (int) Math.min(Integer.MAX_VALUE - 8, (long) locators.length * 2));
    }
    System.arraycopy(digest, 0, locators, at, LINE_DIGEST_BYTES);
    lines++;
    leaf.encode(line, digest);
    tree.addLeaf(leaf.bytes(), leaf.length());
  }

  private byte[] lineDigest(FilteredLine line) {
    if (!line.hasText()) {
      return NOT_KEPT;
    }
    try {
      line.writeTextTo(lineShaSink);
      lineSha.digest(lineDigest, 0, 32);
    } catch (IOException | java.security.DigestException e) {
      throw new IllegalStateException("hashing in memory does not fail", e);
    }
    return lineDigest;
  }

  /** {@return the lines recorded so far} */
  public long lines() {
    return lines;
  }

  /** {@return the first {@value #LINE_DIGEST_BYTES} bytes of each recorded line's SHA-256, in order (a copy)} */
  public byte[] lineDigests() {
    return Arrays.copyOf(locators, (int) (lines * LINE_DIGEST_BYTES));
  }

  /** {@return the decisions root over the lines recorded so far, 64 lower-case hex digits} */
  public String decisionsRoot() {
    return HexFormat.of().formatHex(tree.root());
  }

  /**
   * Completes the receipt once the run ended.
   *
   * @param ledger the run's ledger (its request has its time resolved)
   * @param ledgerJson the ledger's bytes as {@code --ledger} writes them
   * @param tool the tool
   * @param engine the engine's versions
   * @param register the register's state, or null
   * @param usage the usage store, or null
   * @param startedAt when the run started, real clock
   * @param finishedAt when it finished, real clock
   * @return the receipt
   * @throws IllegalStateException if the recorder overflowed
   */
  public Receipt finish(Ledger ledger, byte[] ledgerJson, Receipt.Tool tool, Receipt.Engine engine,
      Receipt.RegisterState register, Receipt.Usage usage, Instant startedAt, Instant finishedAt) {
    if (overflow) {
      throw new IllegalStateException("the receipt overflowed");
    }
    HexFormat hex = HexFormat.of();
    Receipt.Input inputPart = new Receipt.Input(input.bytes(), lines, input.finish(),
        Base64.getEncoder().encodeToString(lineDigests()));
    Map<String, Long> reasons = new LinkedHashMap<>();
    for (DenialReason r : DenialReason.values()) {
      reasons.put(r.word(), ledger.count(r));
    }
    Receipt.Counts counts = new Receipt.Counts(ledger.read(), ledger.allowed(), ledger.denied(), ledger.invalid(),
        reasons);
    return new Receipt(tool, engine, requestPart(ledger.request()), startedAt, finishedAt, inputPart, register, usage,
        counts, hex.formatHex(sha256().digest(ledgerJson)), decisionsRoot());
  }

  /** Stops the input's digest thread; the recorder cannot {@link #finish} afterwards. Idempotent. */
  @Override
  public void close() {
    input.close();
  }

  /** The request as the receipt names it: words, sorted. */
  public static Receipt.RequestPart requestPart(Request request) {
    List<String> facts = request.facts().stream().map(Fact::word).sorted().toList();
    List<String> honoured = request.honoured().stream().map(ObligationType::word).sorted().toList();
    return new Receipt.RequestPart(request.purpose().word(), facts, honoured, request.at());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
