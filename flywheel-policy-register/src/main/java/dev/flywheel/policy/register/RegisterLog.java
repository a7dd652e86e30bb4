package dev.flywheel.policy.register;

import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.terms.ParseResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Loads and verifies a register folder ({@code entries.jsonl}, {@code checkpoint.json}, {@code releases/}) against
 * the pinned operator key. Verification is all or nothing: the result is the whole log or the first bad entry and a
 * stable reason code (docs/REGISTER.md section 5); nothing is thrown for a bad register, and an I/O failure is a
 * rejection too ({@code io-error}).
 *
 * <p>What is checked, entry by entry in log order: the line's length, the envelope (strict JSON, payload type, one
 * signature), the signing key (admitted by an earlier {@code admit} of the operator, or the operator's own key, and
 * not retired by an earlier {@code retire}), the Ed25519 signature over the exact payload bytes, the payload (fields,
 * formats, limits), {@code seq} equal to the line's index, the payload's issuer equal to the key's, {@code issuedAt}
 * never before the previous entry's, each kind's own rules (admitted keys are new, retirements name an admitted key,
 * statements' terms parse and they supersede earlier statements of the same collective, a release's digests file
 * matches its digest, count and root, roster sizes in total). Then the checkpoint: signed by the operator, and its
 * root is the RFC 9162 root over its first {@code size} lines (a checkpoint may lag the log: entries appended by an
 * issuer without the operator key stay individually verified until the operator signs the next checkpoint). Given an
 * earlier checkpoint, the log must extend it (an RFC 9162 consistency proof, generated from the log and verified).
 *
 * <p>Time and memory are linear in the register's bytes, bounded by {@link RegisterLimits}. Thread-safe (stateless).
 */
public final class RegisterLog {
  /** The log's file name in a register folder. */
  public static final String ENTRIES = "entries.jsonl";
  /** The checkpoint's file name in a register folder. */
  public static final String CHECKPOINT = "checkpoint.json";
  /** The folder of releases' digests files in a register folder. */
  public static final String RELEASES = "releases";
  /** The payload type of register entries. */
  public static final String PAYLOAD_TYPE = EntryCodec.PAYLOAD_TYPE;

  private RegisterLog() {
  }

  /**
   * Loads and verifies the register in {@code dir}, checking statements' terms with a default engine.
   *
   * @param dir the register folder
   * @param operator the pinned operator key
   * @param limits the bounds the register must keep
   * @return the verified log, or the first bad entry and why
   * @throws NullPointerException if an argument is null
   */
  public static LoadResult load(Path dir, PublicKey operator, RegisterLimits limits) {
    return load(dir, operator, limits, PolicyEngine.builder().build(), null);
  }

  /**
   * Loads and verifies the register in {@code dir}.
   *
   * @param dir the register folder
   * @param operator the pinned operator key
   * @param limits the bounds the register must keep
   * @param engine the engine whose parser checks statements' terms (the one that will decide them, so it keeps
   *     their compiled form)
   * @param since an earlier checkpoint (already checked by {@link Checkpoints#read}) the log must extend, or
   *     {@code null}
   * @return the verified log, or the first bad entry and why
   * @throws NullPointerException if an argument other than {@code since} is null
   */
  public static LoadResult load(Path dir, PublicKey operator, RegisterLimits limits, PolicyEngine engine,
                                Checkpoint since) {
    return verify(dir, operator, limits, engine, since).result();
  }

  /** The result, with what an appending writer reuses: the leaves' hashes and the issuers' keys. */
  record Outcome(LoadResult result, List<byte[]> leafHashes, Map<String, KeyState> keys, long logBytes,
                 Verifier verifier) {
    Outcome(LoadResult result, List<byte[]> leafHashes, Map<String, KeyState> keys, long logBytes) {
      this(result, leafHashes, keys, logBytes, null);
    }
  }

  /** An admitted key: whose it is, and from which entry it is retired ({@code -1}: not retired). */
  static final class KeyState {
    final String issuer;
    final PublicKey key;
    long retiredAt = -1;
    final List<long[]> signed = new ArrayList<>();

    KeyState(String issuer, PublicKey key) {
      this.issuer = issuer;
      this.key = key;
    }
  }

  static Outcome verify(Path dir, PublicKey operator, RegisterLimits limits, PolicyEngine engine, Checkpoint since) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(engine, "engine");
    try {
      return new Verifier(dir, operator, limits, engine).run(since);
    } catch (IOException e) {
      return new Outcome(rejected(LoadResult.Rejected.NO_ENTRY, "io-error",
          "cannot read the register: " + e.getMessage()), List.of(), Map.of(), 0);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      // Fail closed: a fault inside verification refuses the register rather than use part of it.
      return new Outcome(rejected(LoadResult.Rejected.NO_ENTRY, "internal-error",
          "verification failed: " + e), List.of(), Map.of(), 0);
    }
  }

  private static LoadResult.Rejected rejected(long seq, String code, String message) {
    return new LoadResult.Rejected(seq, code, message);
  }

  /** One verification run; not shared between threads. */
  static final class Verifier {
    private final Path dir;
    private final PublicKey operator;
    private final String operatorId;
    private final RegisterLimits limits;
    private final PolicyEngine engine;
    private final StrictJson envelopeJson;
    private final EntryCodec codec;
    private final Map<String, KeyState> keys = new HashMap<>();
    private final Map<String, String> termsChecked = new HashMap<>();
    private final List<RegisterEntry> entries = new ArrayList<>();
    private final List<byte[]> leafHashes = new ArrayList<>();
    private final Set<Long> revoked = new HashSet<>();
    private final Set<String> releases = new HashSet<>();
    private long rosterMembers;

    Verifier(Path dir, PublicKey operator, RegisterLimits limits, PolicyEngine engine) {
      this.dir = dir;
      this.operator = operator;
      this.operatorId = Keys.keyId(operator);
      this.limits = limits;
      this.engine = engine;
      this.envelopeJson = new StrictJson(limits.maxNestingDepth(), limits.maxLineBytes());
      this.codec = new EntryCodec(limits);
      keys.put(operatorId, new KeyState(RegisterEntry.OPERATOR, operator));
    }

    Outcome run(Checkpoint since) throws IOException {
      Path log = dir.resolve(ENTRIES);
      long size;
      try {
        size = Files.size(log);
      } catch (NoSuchFileException e) {
        return fail(LoadResult.Rejected.NO_ENTRY, "log-missing", "no " + ENTRIES + " in " + dir);
      }
      if (size > limits.maxLogBytes()) {
        return fail(LoadResult.Rejected.NO_ENTRY, "log-too-large",
            ENTRIES + " has " + size + " bytes, past the limit of " + limits.maxLogBytes());
      }
      try (InputStream in = Files.newInputStream(log)) {
        // Lines are cut at '\n' from a fixed buffer; a line is copied out only up to the line limit, so a hostile
        // line costs its bytes' reading and no more memory than the limit.
        byte[] buffer = new byte[1 << 16];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long seq = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
          int start = 0;
          for (int i = 0; i < n; i++) {
            if (buffer[i] != '\n') {
              continue;
            }
            if (line.size() + (i - start) > limits.maxLineBytes()) {
              return fail(seq, "line-too-long", "entry " + seq + ": line " + (seq + 1) + " is longer than "
                  + limits.maxLineBytes() + " bytes");
            }
            line.write(buffer, start, i - start);
            start = i + 1;
            if (seq >= limits.maxEntries()) {
              return fail(seq, "too-many-entries", "the log has more than " + limits.maxEntries() + " entries");
            }
            LoadResult.Rejected bad = entry(seq, line.toByteArray());
            if (bad != null) {
              return new Outcome(bad, List.of(), Map.of(), size);
            }
            line.reset();
            seq++;
          }
          if (line.size() + (n - start) > limits.maxLineBytes()) {
            return fail(seq, "line-too-long", "entry " + seq + ": line " + (seq + 1) + " is longer than "
                + limits.maxLineBytes() + " bytes");
          }
          line.write(buffer, start, n - start);
        }
        if (line.size() > 0) {
          return fail(seq, "truncated-line", "entry " + seq + ": the last line has no line feed: a write was cut "
              + "short");
        }
      }
      LoadResult.Rejected bad = checkpointAndSince(since);
      if (bad != null) {
        return new Outcome(bad, List.of(), Map.of(), size);
      }
      Checkpoint checkpoint = readCheckpointAgain;
      return new Outcome(new LoadResult.Verified(new VerifiedLog(entries, checkpoint, revoked)), leafHashes, keys,
          size, this);
    }

    private Checkpoint readCheckpointAgain;

    private Outcome fail(long seq, String code, String message) {
      return new Outcome(rejected(seq, code, message), List.of(), Map.of(), 0);
    }

    /** Checks one line; null when it is sound. */
    LoadResult.Rejected entry(long seq, byte[] line) throws IOException {
      leafHashes.add(MerkleTree.leafHash(line));
      Dsse.ReadResult read = Dsse.read(line, envelopeJson);
      if (read instanceof Dsse.Invalid invalid) {
        return rejected(seq, invalid.code(), "entry " + seq + ": " + invalid.message());
      }
      Dsse.Envelope envelope = ((Dsse.Read) read).envelope();
      if (!envelope.payloadType().equals(PAYLOAD_TYPE)) {
        return rejected(seq, "wrong-payload-type", "entry " + seq + ": payload type is not " + PAYLOAD_TYPE);
      }
      if (envelope.signatures().size() != 1) {
        return rejected(seq, "signature-count", "entry " + seq + ": an entry has exactly one signature");
      }
      Dsse.Signature signature = envelope.signatures().get(0);
      KeyState key = keys.get(signature.keyid());
      if (key == null) {
        return rejected(seq, "unknown-key", "entry " + seq + ": signed by a key no earlier entry admits ("
            + abbreviate(signature.keyid()) + ")");
      }
      if (key.retiredAt >= 0) {
        return rejected(seq, "retired-key", "entry " + seq + ": signed by a key of '" + key.issuer
            + "' retired at entry " + key.retiredAt);
      }
      if (!Dsse.verify(envelope, signature, key.key)) {
        return rejected(seq, "bad-signature", "entry " + seq + ": the signature of '" + key.issuer
            + "' does not verify");
      }
      EntryCodec.Decoded decoded = codec.decode(envelope.payload());
      if (decoded instanceof EntryCodec.Fault fault) {
        return rejected(seq, fault.code(), "entry " + seq + ": " + fault.message());
      }
      RegisterEntry entry = ((EntryCodec.Ok) decoded).entry();
      if (entry.seq() != seq) {
        return rejected(seq, entry.seq() > seq ? "seq-gap" : "seq-out-of-order",
            "line " + (seq + 1) + " holds seq " + entry.seq() + ", expected " + seq);
      }
      if (!entry.issuer().equals(key.issuer)) {
        return rejected(seq, "issuer-mismatch", "entry " + seq + ": issued as '" + entry.issuer()
            + "' but signed with the key of '" + key.issuer + "'");
      }
      if (!entries.isEmpty() && entry.issuedAt().isBefore(entries.get(entries.size() - 1).issuedAt())) {
        return rejected(seq, "time-went-back", "entry " + seq + ": issuedAt " + entry.issuedAt()
            + " is before the previous entry's");
      }
      LoadResult.Rejected kindFault = kind(seq, entry);
      if (kindFault != null) {
        return kindFault;
      }
      key.signed.add(new long[] {seq, entry.issuedAt().getEpochSecond(), entry.issuedAt().getNano()});
      if (entry instanceof RegisterEntry.Release release) {
        entry = loadDigests(release);
        if (entry == null) {
          return lastReleaseFault;
        }
      }
      entries.add(entry);
      return null;
    }

    private LoadResult.Rejected lastReleaseFault;

    private LoadResult.Rejected kind(long seq, RegisterEntry entry) {
      if (entry instanceof RegisterEntry.Admit admit) {
        if (keys.containsKey(admit.keyid())) {
          return rejected(seq, "key-reuse", "entry " + seq + ": the key " + abbreviate(admit.keyid())
              + " is already admitted (for '" + keys.get(admit.keyid()).issuer + "'): one key, one issuer");
        }
        byte[] der = Base64.getDecoder().decode(admit.publicKey());
        keys.put(admit.keyid(), new KeyState(admit.subject(), Keys.publicKey(der).orElseThrow()));
      } else if (entry instanceof RegisterEntry.Retire retire) {
        KeyState target = keys.get(retire.keyid());
        if (target == null || !target.issuer.equals(retire.subject()) || retire.keyid().equals(operatorId)) {
          return rejected(seq, "unknown-key", "entry " + seq + ": retires a key not admitted for '"
              + retire.subject() + "'");
        }
        if (target.retiredAt >= 0) {
          return rejected(seq, "retired-key", "entry " + seq + ": the key is already retired at entry "
              + target.retiredAt);
        }
        target.retiredAt = seq;
        for (long[] signed : target.signed) {
          java.time.Instant issued = java.time.Instant.ofEpochSecond(signed[1], signed[2]);
          if (!issued.isBefore(retire.effective())) {
            revoked.add(signed[0]);
          }
        }
      } else if (entry instanceof RegisterEntry.Statement statement) {
        for (long earlier : statement.supersedes()) {
          if (earlier >= seq || !(entries.get((int) earlier) instanceof RegisterEntry.Statement s)
              || !s.issuer().equals(statement.issuer())) {
            return rejected(seq, "bad-supersedes", "entry " + seq + ": supersedes " + earlier
                + ", which is not an earlier statement of '" + statement.issuer() + "'");
          }
        }
        String problem = termsChecked.computeIfAbsent(statement.terms(), this::termsProblem);
        if (!problem.isEmpty()) {
          return rejected(seq, "invalid-terms", "entry " + seq + ": the terms do not parse: " + problem);
        }
      } else if (entry instanceof RegisterEntry.Roster roster) {
        rosterMembers += roster.members().size();
        if (rosterMembers > limits.maxRosterMembersTotal()) {
          return rejected(seq, "roster-too-large", "entry " + seq + ": rosters list more than "
              + limits.maxRosterMembersTotal() + " members in total");
        }
      } else if (entry instanceof RegisterEntry.Release release) {
        if (!releases.add(release.release())) {
          return rejected(seq, "duplicate-release", "entry " + seq + ": release '" + release.release()
              + "' is already recorded");
        }
      }
      return null;
    }

    private String termsProblem(String terms) {
      ParseResult parsed = engine.prepare(terms);
      if (parsed.isValid()) {
        return "";
      }
      var errors = parsed.errors();
      return errors.isEmpty() ? "invalid" : errors.get(0).code().id() + ": " + errors.get(0).message();
    }

    /** The release with its digests, checked against the entry; null (and the fault kept) when they disagree. */
    private RegisterEntry.Release loadDigests(RegisterEntry.Release release) throws IOException {
      long seq = release.seq();
      Path file = dir.resolve(RELEASES).resolve(release.release() + ".digests");
      long expected = release.records() * 65;
      long size;
      try {
        size = Files.size(file);
      } catch (NoSuchFileException e) {
        lastReleaseFault = rejected(seq, "release-file-missing", "entry " + seq + ": no " + RELEASES + "/"
            + release.release() + ".digests");
        return null;
      }
      if (size != expected) {
        lastReleaseFault = rejected(seq, "release-digest-mismatch", "entry " + seq + ": the digests file has "
            + size + " bytes, " + release.records() + " digests take " + expected);
        return null;
      }
      byte[] bytes = Files.readAllBytes(file);
      MessageDigest sha = MerkleTree.sha256();
      if (!HexFormat.of().formatHex(sha.digest(bytes)).equals(release.digest())) {
        lastReleaseFault = rejected(seq, "release-digest-mismatch", "entry " + seq
            + ": the digests file's SHA-256 is not the entry's digest");
        return null;
      }
      List<String> digests = new ArrayList<>((int) release.records());
      List<byte[]> leaves = new ArrayList<>((int) release.records());
      for (int i = 0; i < release.records(); i++) {
        int at = i * 65;
        if (bytes[at + 64] != '\n') {
          lastReleaseFault = rejected(seq, "invalid-digests", "entry " + seq + ": line " + (i + 1)
              + " of the digests file is not 64 hex digits");
          return null;
        }
        String hex = new String(bytes, at, 64, StandardCharsets.US_ASCII);
        if (!isLowerHex(hex)) {
          lastReleaseFault = rejected(seq, "invalid-digests", "entry " + seq + ": line " + (i + 1)
              + " of the digests file is not 64 lower-case hex digits");
          return null;
        }
        digests.add(hex);
        leaves.add(MerkleTree.leafHash(HexFormat.of().parseHex(hex)));
      }
      if (!HexFormat.of().formatHex(MerkleTree.root(leaves)).equals(release.root())) {
        lastReleaseFault = rejected(seq, "release-root-mismatch", "entry " + seq
            + ": the tree over the digests does not have the entry's root");
        return null;
      }
      return new RegisterEntry.Release(seq, release.issuer(), release.issuedAt(), release.release(),
          release.records(), release.digest(), release.root(), digests);
    }

    private LoadResult.Rejected checkpointAndSince(Checkpoint since) throws IOException {
      Checkpoints.ReadResult read = Checkpoints.read(dir.resolve(CHECKPOINT), operator);
      long last = entries.size() - 1L;
      if (read instanceof Checkpoints.Invalid invalid) {
        return rejected(LoadResult.Rejected.NO_ENTRY, invalid.code(), invalid.message());
      }
      Checkpoint checkpoint = ((Checkpoints.Valid) read).checkpoint();
      if (checkpoint.size() > entries.size()) {
        return rejected(last + 1, "checkpoint-mismatch", "the checkpoint covers " + checkpoint.size()
            + " entries but the log has " + entries.size() + ": entries were removed");
      }
      byte[] root = MerkleTree.root(leafHashes, 0, (int) checkpoint.size());
      if (!Arrays.equals(root, checkpoint.rootHashBytes())) {
        return rejected(checkpoint.size() - 1, "checkpoint-mismatch", "entries 0 to " + (checkpoint.size() - 1)
            + " do not hash to the checkpoint's root: the log was rewritten");
      }
      if (since != null) {
        if (since.size() > entries.size()) {
          return rejected(last + 1, "not-append-only", "the earlier checkpoint covers " + since.size()
              + " entries but the log has " + entries.size() + ": entries were removed");
        }
        List<byte[]> proof = MerkleTree.consistencyProof(leafHashes, (int) since.size(), entries.size());
        if (!MerkleTree.verifyConsistency(since.size(), entries.size(), since.rootHashBytes(),
            MerkleTree.root(leafHashes), proof)) {
          return rejected(Math.max(0, since.size() - 1), "not-append-only", "the log does not extend the earlier "
              + "checkpoint of " + since.size() + " entries: an entry up to " + (since.size() - 1)
              + " was rewritten");
        }
      }
      readCheckpointAgain = checkpoint;
      return null;
    }
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static String abbreviate(String keyid) {
    String safe = keyid.length() > 16 ? keyid.substring(0, 16) + "..." : keyid;
    return safe.replaceAll("[^0-9A-Za-z.]", "?");
  }
}
