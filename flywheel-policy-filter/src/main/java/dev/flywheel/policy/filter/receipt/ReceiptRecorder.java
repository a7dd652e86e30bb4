package dev.flywheel.policy.filter.receipt;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.filter.DenialReason;
import dev.flywheel.policy.filter.FilteredLine;
import dev.flywheel.policy.filter.Ledger;
import dev.flywheel.policy.filter.LineHasher;
import dev.flywheel.policy.filter.Outcome;
import dev.flywheel.policy.register.MerkleAccumulator;
import dev.flywheel.policy.register.RegisterRuling;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Computes a {@link Receipt} while a filter run streams: {@link #wrap(InputStream)} the input before the filter reads
 * it (its bytes and SHA-256), then hand each {@link FilteredLine} to {@link #record(FilteredLine)} in input order (its
 * leaf, appended to the Merkle root in that order), then {@link #finish} with the run's ledger. No second pass over
 * the input and nothing kept per line but {@value #LINE_DIGEST_BYTES} bytes of its digest.
 *
 * <p>Not thread-safe, except its {@link #lineHasher()}: the lines come from the one thread that consumes the run; the
 * wrapped stream is read by the filter's one reading thread, and {@link #finish} is called after the run ended.
 *
 * <p><b>Where the hashing runs.</b> Off the thread that consumes the run, which sets a run's pace, on the
 * <i>recorder's thread</i>, one of its own, which takes the work below in the order it was handed over:
 * <ul>
 *   <li>the input's SHA-256 (the bytes read are copied into a bounded pool of buffers, each queued once full);</li>
 *   <li>each line's SHA-256 and its leaf's hash: by the run's deciding threads when a run with several was opened
 *       with {@link #lineHasher()}. Only appending the leaf hashes to the tree is then left, about one inner node
 *       per line, and {@link #record} does it on the calling thread: handing that little to another thread would
 *       cost more on two busy cores than it saves;</li>
 *   <li>otherwise (the first line recorded carries no hashes: a run with one deciding thread, which never calls the
 *       hasher), on the recorder's thread too: {@link #record} only adds the line to a batch (512 lines, or fewer
 *       lines holding 1 MiB), and the recorder's thread takes the batches in order, hashes each line and its leaf
 *       and appends the leaf to the tree. At most 2 batches wait for it; past that, {@link #record} waits, so the
 *       lines held stay bounded in number and bytes.</li>
 * </ul>
 * One thread, not one for the input and one for the lines: with one deciding thread, the run's consuming thread and
 * the recorder's thread then fit a machine's two cores without the scheduler moving the consuming thread between
 * them (docs/PERFORMANCE.md section 17). The receipt is the same wherever each hash was computed. {@link #close()}
 * stops the thread when a run is abandoned.
 */
public final class ReceiptRecorder implements AutoCloseable {
  /** The name of the tool in receipts. */
  public static final String TOOL = "flywheel-policy";
  /** The version of the terms language the engine implements (docs/LANGUAGE.md). */
  public static final String LANGUAGE_VERSION = "1";
  /** Bytes of each line's SHA-256 kept in {@link Receipt.Input#lineDigests()}. */
  public static final int LINE_DIGEST_BYTES = 4;
  /**
   * The most lines a receipt records: its line digests (about 5.4 bytes of base64 per line, and as much again inside
   * a signature's payload, about 12.5 bytes per line in all) keep a signed receipt of this many lines within
   * {@link ReceiptJson#MAX_FILE_BYTES}, so that every receipt written can be read back by an audit. A larger input is
   * split, one receipt per part.
   */
  public static final long MAX_LINES = 20_000_000;

  /**
   * The most lines handed to the recorder's thread at once: the consuming thread's work per line is one array
   * store, and waking that thread is paid once per batch.
   */
  static final int BATCH_LINES = 512;
  /** A batch is handed over once its lines hold this many bytes, even with fewer lines: long lines, few at a time. */
  static final int BATCH_BYTES = 1 << 20;
  /**
   * Batches that may wait for the recorder's thread before {@link #record} waits for it. With the one being filled,
   * at most 3 batches of lines are held: 3 x ({@value #BATCH_BYTES} bytes + one line) of line bytes.
   */
  static final int BATCHES_AHEAD = 2;

  /** One per thread that hashes lines: the digest and the leaf's buffer are reused from line to line. */
  private static final ThreadLocal<LeafWorker> WORKERS = ThreadLocal.withInitial(LeafWorker::new);

  private final LineHasher hasher = line -> WORKERS.get().hash(line);
  private volatile boolean hasherGiven; // read by the recorder's thread too
  private final long maxLines;
  /** The recorder's thread: one, so the input's buffers and the batches of lines are each taken in order. */
  private final ExecutorService recorderThread;
  private final InputDigest input;

  // The consuming thread's side: lines counted and either appended here or batched for the recorder's thread.
  private Boolean onRecorderThread; // chosen by the first line recorded: null before it
  private long lines;
  private boolean overflow;
  private FilteredLine[] batch = new FilteredLine[BATCH_LINES];
  private int batchSize;
  private long batchBytes;
  private final ArrayDeque<Future<?>> batchesAhead = new ArrayDeque<>();
  private long batchesHandedOver;
  private Throwable recorderFailure;
  private boolean closed;

  // The recorder's thread's side (the calling thread's when the lines come hashed), read by the calling thread only
  // after waiting for every batch handed over (drain).
  private final LeafWorker own = new LeafWorker(); // lines that come without the run's precomputed hashes
  private final byte[] ownHashes = new byte[64]; // what own computed for the current line, reused
  private final MerkleAccumulator tree = new MerkleAccumulator();
  // What each line of the batch being appended needs, read in appendLeaves' first pass; cleared after each batch.
  private final String[] batchIds = new String[BATCH_LINES];
  private final DenialReason[] batchReasons = new DenialReason[BATCH_LINES];
  private final Object[] batchDuties = new Object[BATCH_LINES]; // List<Duty>; arrays of generic types cannot be made
  private long leaves;
  private byte[] locators = new byte[1 << 12];
  private long reserved; // lines whose decision allowed them with a quota duty: a usage store answered each
  private byte[] admitted = new byte[64]; // one bit per reserved line, 1 when admitted (Receipt.Usage#admitted)

  /** Creates a recorder for one run, recording at most {@link #MAX_LINES} lines. */
  public ReceiptRecorder() {
    this(MAX_LINES);
  }

  /**
   * Creates a recorder for one run that records at most {@code maxLines} lines.
   *
   * @param maxLines the most lines, {@code 0 <= maxLines <= MAX_LINES}
   * @throws IllegalArgumentException if {@code maxLines} is out of that range
   */
  public ReceiptRecorder(long maxLines) {
    this(maxLines, work -> {
      Thread thread = new Thread(work, "flywheel-receipt");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** As {@link #ReceiptRecorder(long)}, with the recorder's thread made by {@code threads} when first needed. */
  ReceiptRecorder(long maxLines, ThreadFactory threads) {
    if (maxLines < 0 || maxLines > MAX_LINES) {
      throw new IllegalArgumentException("maxLines must be between 0 and " + MAX_LINES + ", was " + maxLines);
    }
    this.maxLines = maxLines;
    this.recorderThread = Executors.newSingleThreadExecutor(Objects.requireNonNull(threads, "threads"));
    this.input = new InputDigest(recorderThread);
  }

  /** {@return the most lines this recorder records: {@link #record} refuses one more} */
  public long maxLines() {
    return maxLines;
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
   * The order-independent part of each line's receipt work, for a run with several deciding threads to do in its
   * decide stage, on those threads ({@link dev.flywheel.policy.filter.RecordFilter#open(InputStream, LineHasher)}):
   * the line's SHA-256 and the hash of its leaf as its decision alone settles it. {@link #record} then only checks
   * that the settled outcome is that one (it differs only when a quota or the ledger's room denied an allowed
   * decision, and the leaf is then encoded again) and appends the leaf's hash. Open the run whose lines this
   * recorder records with this hasher or with none; thread-safe.
   *
   * @return the hasher; its result is 64 bytes: the line's SHA-256 (zeros for a line too long to keep), then the
   *     leaf's hash
   */
  public LineHasher lineHasher() {
    hasherGiven = true;
    return hasher;
  }

  /**
   * Records one line: its digest, its leaf in the decisions tree, in the order of the calls. Unless the lines come
   * hashed by the run's deciding threads, the line is hashed and its leaf appended on the recorder's thread; this call
   * then waits only when 2 full batches already wait for that thread, and a failure there is reported by
   * {@link #finish}.
   *
   * @param line the next line of the run, in input order, settled
   * @throws IllegalStateException past {@link #maxLines()} lines, or once the recorder is closed
   */
  public void record(FilteredLine line) {
    Objects.requireNonNull(line, "line");
    if (closed) {
      throw new IllegalStateException("the recorder is closed");
    }
    if (lines >= maxLines) {
      overflow = true;
      throw new IllegalStateException("a receipt records at most " + maxLines + " lines");
    }
    if (onRecorderThread == null) {
      onRecorderThread = !(hasherGiven && line.lineHashes() != null);
    }
    lines++;
    if (!onRecorderThread) {
      appendLeaf(line);
      return;
    }
    batch[batchSize++] = line;
    batchBytes += line.byteLength();
    if (batchSize == BATCH_LINES || batchBytes >= BATCH_BYTES) {
      handOver();
    }
  }

  /** Hands the current batch to the recorder's thread, first waiting for the oldest batch if too many wait already. */
  private void handOver() {
    if (batchesAhead.size() >= BATCHES_AHEAD) {
      await(batchesAhead.poll());
    }
    FilteredLine[] full = batch;
    int size = batchSize;
    batchesAhead.add(recorderThread.submit(() -> appendLeaves(full, size)));
    batchesHandedOver++;
    batch = new FilteredLine[BATCH_LINES];
    batchSize = 0;
    batchBytes = 0;
  }

  /** Hands over what is batched and waits until the recorder's thread appended every line recorded so far. */
  private void drain() {
    if (batchSize > 0) {
      handOver();
    }
    while (!batchesAhead.isEmpty()) {
      await(batchesAhead.poll());
    }
    if (recorderFailure != null) {
      throw new IllegalStateException("hashing the receipt's lines failed", recorderFailure);
    }
  }

  private void await(Future<?> batchDone) {
    try {
      Uninterruptibly.await(batchDone::get);
    } catch (ExecutionException | CancellationException e) {
      if (recorderFailure == null) {
        recorderFailure = e instanceof ExecutionException ? e.getCause() : e;
      }
    }
  }

  /**
   * On the recorder's thread: one batch, in order, in two passes. The first reads what each leaf needs from its line
   * (its id, its provisional reason, its decision's duties): chains of loads through the line's objects, which the
   * consuming thread wrote on the other core. The chains of different lines do not depend on each other, so in a
   * pass of their own the processor overlaps their cache misses; between one line's hashing and the next they are
   * taken one after another (docs/PERFORMANCE.md section 17). The second pass hashes and appends.
   */
  @SuppressWarnings("unchecked")
  private void appendLeaves(FilteredLine[] handedOver, int size) {
    for (int i = 0; i < size; i++) {
      FilteredLine line = handedOver[i];
      DenialReason reason = LeafWorker.provisionalReason(line);
      batchIds[i] = line.id();
      batchReasons[i] = reason;
      batchDuties[i] = LeafWorker.provisionalDuties(line, reason);
    }
    for (int i = 0; i < size; i++) {
      appendLeaf(handedOver[i], batchIds[i], batchReasons[i], (List<Duty>) batchDuties[i]);
    }
    Arrays.fill(batchIds, 0, size, null);
    Arrays.fill(batchDuties, 0, size, null);
  }

  /** On the calling thread, for a line that comes hashed by the run's deciding threads. */
  private void appendLeaf(FilteredLine line) {
    DenialReason reason = LeafWorker.provisionalReason(line);
    appendLeaf(line, line.id(), reason, LeafWorker.provisionalDuties(line, reason));
  }

  /**
   * One line's digest kept, its leaf appended; {@code id}, {@code provisionalReason} and {@code provisionalDuties}
   * are the line's, as {@link FilteredLine#id()}, {@link LeafWorker#provisionalReason} and
   * {@link LeafWorker#provisionalDuties} give them.
   */
  private void appendLeaf(FilteredLine line, String id, DenialReason provisionalReason,
      List<Duty> provisionalDuties) {
    Outcome provisional = LeafWorker.provisionalOutcome(provisionalReason);
    byte[] hashes = hasherGiven ? line.lineHashes() : null;
    if (hashes == null || hashes.length != 64) {
      hashes = own.hash(line, id, provisionalReason, provisionalDuties, ownHashes);
    }
    int at = (int) (leaves * LINE_DIGEST_BYTES);
    if (at + LINE_DIGEST_BYTES > locators.length) {
      locators = Arrays.copyOf(locators, (int) Math.min(Integer.MAX_VALUE - 8, (long) locators.length * 2));
    }
    System.arraycopy(hashes, 0, locators, at, LINE_DIGEST_BYTES);
    leaves++;
    if (provisional == Outcome.ALLOWED && hasQuota(provisionalDuties)) {
      noteAnswer(line);
    }
    if (line.outcome() == provisional && line.reason().orElse(null) == provisionalReason) {
      tree.addLeafHash(hashes, 32);
    } else {
      // Settled otherwise than the decision alone (a quota, the ledger's room): the leaf names the settled outcome.
      own.leaf.encode(line, hashes, 0);
      tree.addLeaf(own.leaf.bytes(), own.leaf.length());
    }
  }

  private static boolean hasQuota(List<Duty> duties) {
    for (int i = 0; i < duties.size(); i++) {
      if (duties.get(i) instanceof Duty.Quota) {
        return true;
      }
    }
    return false;
  }

  /**
   * Notes the usage store's answer for a line the run reserved (an allowed decision with a quota duty): refused when
   * the line was settled as {@code quota} or {@code usage-unavailable}, admitted otherwise (allowed, or admitted and
   * then denied for the ledger's room). Only a receipt of a run with a store carries these answers.
   */
  private void noteAnswer(FilteredLine line) {
    DenialReason reason = line.reason().orElse(null);
    boolean admit = reason != DenialReason.QUOTA && reason != DenialReason.USAGE_UNAVAILABLE;
    int at = (int) (reserved >>> 3);
    if (at >= admitted.length) {
      admitted = Arrays.copyOf(admitted, admitted.length * 2);
    }
    if (admit) {
      admitted[at] |= (byte) (0x80 >>> (reserved & 7));
    }
    reserved++;
  }

  /** The hashing of one line, with a digest and a leaf buffer reused from line to line; one per thread. */
  private static final class LeafWorker {
    private final MessageDigest sha = sha256();
    private final DecisionLeaf leaf = new DecisionLeaf();
    private final OutputStream sink = new OutputStream() {
      @Override
      public void write(int b) {
        sha.update((byte) b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        sha.update(b, off, len);
      }
    };

    /** The line's SHA-256, then its leaf's hash as its decision alone settles it: 64 bytes, a fresh array. */
    byte[] hash(FilteredLine line) {
      DenialReason reason = provisionalReason(line);
      return hash(line, line.id(), reason, provisionalDuties(line, reason), new byte[64]);
    }

    /**
     * As {@link #hash(FilteredLine)}, into {@code out} (64 bytes), which it returns; {@code id}, {@code reason} and
     * {@code duties} are the line's id, {@link #provisionalReason} and {@link #provisionalDuties}, which the caller
     * has already read.
     */
    byte[] hash(FilteredLine line, String id, DenialReason reason, List<Duty> duties, byte[] out) {
      try {
        if (line.hasText()) {
          line.writeTextTo(sink);
          sha.digest(out, 0, 32);
        } else {
          Arrays.fill(out, 0, 32, (byte) 0); // a line too long to keep: zeros for its digest
        }
        leaf.encode(line.lineNumber(), id, out, 0, provisionalOutcome(reason), reason, duties);
        sha.update((byte) 0); // RFC 9162 leaf hash: SHA-256(0x00 || leaf)
        sha.update(leaf.bytes(), 0, leaf.length());
        sha.digest(out, 32, 32);
      } catch (IOException | DigestException e) {
        throw new IllegalStateException("hashing in memory does not fail", e);
      }
      return out;
    }

    /**
     * The outcome the line's validation and decision alone give it, before quotas and the ledger's room, from its
     * {@link #provisionalReason}: that names {@link DenialReason#INVALID_RECORD} exactly for an invalid line.
     */
    static Outcome provisionalOutcome(DenialReason provisionalReason) {
      if (provisionalReason == DenialReason.INVALID_RECORD) {
        return Outcome.INVALID;
      }
      return provisionalReason == null ? Outcome.ALLOWED : Outcome.DENIED;
    }

    /** The duties the line's leaf names as its decision alone settles it: its decision's when that allows it. */
    static List<Duty> provisionalDuties(FilteredLine line, DenialReason provisionalReason) {
      return provisionalReason == null ? line.decision().orElseThrow().obligations() : List.of();
    }

    /** Why the line's validation and decision alone keep it from use, as the ledger names it; null when they do not. */
    static DenialReason provisionalReason(FilteredLine line) {
      if (!line.validation().isValid()) {
        return DenialReason.INVALID_RECORD;
      }
      RegisterRuling ruling = line.register().orElse(null);
      return ruling != null ? DenialReason.of(ruling) : DenialReason.of(line.decision().orElseThrow());
    }
  }

  /** {@return how many batches of lines were handed to the recorder's thread: none when the lines came hashed} */
  long batchesHandedOver() {
    return batchesHandedOver;
  }

  /** {@return the lines recorded so far} */
  public long lines() {
    return lines;
  }

  /**
   * {@return the first {@value #LINE_DIGEST_BYTES} bytes of each recorded line's SHA-256, in order (a copy)}
   *
   * @throws IllegalStateException if hashing a line failed
   */
  public byte[] lineDigests() {
    drain();
    return Arrays.copyOf(locators, (int) (leaves * LINE_DIGEST_BYTES));
  }

  /**
   * {@return the decisions root over the lines recorded so far, 64 lower-case hex digits}
   *
   * @throws IllegalStateException if hashing a line failed
   */
  public String decisionsRoot() {
    drain();
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
   * @param usage the usage store, or null; its answers are the ones recorded here, whatever it holds
   * @param startedAt when the run started, real clock
   * @param finishedAt when it finished, real clock
   * @return the receipt
   * @throws IllegalStateException if the recorder overflowed, or hashing a line failed
   */
  public Receipt finish(Ledger ledger, byte[] ledgerJson, Receipt.Tool tool, Receipt.Engine engine,
      Receipt.RegisterState register, Receipt.Usage usage, Instant startedAt, Instant finishedAt) {
    if (overflow) {
      throw new IllegalStateException("the receipt overflowed");
    }
    drain();
    HexFormat hex = HexFormat.of();
    Receipt.Usage usagePart = usage == null ? null : new Receipt.Usage(usage.consumer(), usage.kind(), usage.store(),
        reserved, Base64.getEncoder().encodeToString(Arrays.copyOf(admitted, (int) ((reserved + 7) / 8))));
    Receipt.Input inputPart = new Receipt.Input(input.bytes(), lines, input.finish(),
        Base64.getEncoder().encodeToString(lineDigests()));
    Map<String, Long> reasons = new LinkedHashMap<>();
    for (DenialReason r : DenialReason.values()) {
      reasons.put(r.word(), ledger.count(r));
    }
    Receipt.Counts counts = new Receipt.Counts(ledger.read(), ledger.allowed(), ledger.denied(), ledger.invalid(),
        reasons);
    return new Receipt(tool, engine, requestPart(ledger.request()), startedAt, finishedAt, inputPart, register,
        usagePart,
        counts, hex.formatHex(sha256().digest(ledgerJson)), decisionsRoot());
  }

  /**
   * Stops the recorder's thread; the recorder cannot {@link #record} or {@link #finish}
   * afterwards. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    input.close();
    recorderThread.shutdownNow();
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
