package dev.flywheel.policy.benchmarks;

import dev.flywheel.policy.register.Checkpoint;
import dev.flywheel.policy.register.Checkpoints;
import dev.flywheel.policy.register.Keys;
import dev.flywheel.policy.register.MerkleTree;
import dev.flywheel.policy.register.RegisterEntry;
import dev.flywheel.policy.register.RegisterLog;
import dev.flywheel.policy.register.RegisterWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * A large register written straight to a folder (no per-append verification, which would make building it
 * quadratic), for benchmarks: {@code collectives} collectives admitted, each with one roster, and statements up to
 * {@code entries} in all, spread over the collectives, with terms from a small set as real collectives would write
 * them. Deterministic for a seed, apart from the keys, which are fresh per build.
 */
public final class SyntheticRegister {
  private static final String[] TERMS = {
      "eval-only",
      "deny train until 2027-06-01; allow eval",
      "allow train if attribution; allow eval",
      "deny train-genai; allow train, eval",
      "allow train if attribution and pay collective \"c%d\" 0.01 USD per item"};
  private static final String[] TAGS = {"language:yo", "language:mi", "domain:news", "kind:audio", "scarcity:scarce"};

  private SyntheticRegister() {
  }

  /**
   * Writes the register into {@code dir} and returns the operator's key pair (its public key is what a consumer
   * trusts).
   *
   * @param dir an empty or absent folder
   * @param entries the log's length, at least {@code 1 + 2 * collectives}
   * @param collectives how many collectives (named {@code c0}, {@code c1}, ...)
   * @param rosterMembers members of all rosters together, split evenly
   * @param seed the seed of the terms' and scopes' choices
   * @return the operator's keys
   * @throws IOException if writing fails
   */
  public static KeyPair write(Path dir, int entries, int collectives, int rosterMembers, long seed) throws IOException {
    if (entries < 2 * collectives + 1) {
      throw new IllegalArgumentException("need at least 2 * collectives + 1 entries");
    }
    Files.createDirectories(dir.resolve(RegisterLog.RELEASES));
    KeyPair operator = Keys.generate();
    RegisterWriter.Signer op = new RegisterWriter.Signer(operator.getPrivate(), operator.getPublic());
    List<RegisterWriter.Signer> keys = new ArrayList<>();
    Random random = new Random(seed);
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<byte[]> leaves = new ArrayList<>(entries);
    long seq = 0;
    for (int c = 0; c < collectives; c++) {
      KeyPair pair = Keys.generate();
      keys.add(new RegisterWriter.Signer(pair.getPrivate(), pair.getPublic()));
      String pub = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
      seq = add(log, leaves, new RegisterEntry.Admit(seq, RegisterEntry.OPERATOR, t, "c" + c, pub,
          Keys.keyId(pair.getPublic())), op);
    }
    int perRoster = rosterMembers / collectives;
    for (int c = 0; c < collectives; c++) {
      List<String> members = new ArrayList<>(perRoster);
      for (int m = 0; m < perRoster; m++) {
        members.add("c-" + c + "-" + m);
      }
      t = t.plusSeconds(1);
      seq = add(log, leaves, new RegisterEntry.Roster(seq, "c" + c, t, t, members), keys.get(c));
    }
    while (seq < entries) {
      int c = random.nextInt(collectives);
      t = t.plusSeconds(1);
      String terms = String.format(TERMS[random.nextInt(TERMS.length)], c);
      List<String> tags = random.nextInt(4) == 0 ? List.of(TAGS[random.nextInt(TAGS.length)]) : List.of();
      Instant effective = random.nextBoolean() ? null : t.plusSeconds(86_400L * random.nextInt(400));
      seq = add(log, leaves, new RegisterEntry.Statement(seq, "c" + c, t, terms, effective,
          new RegisterEntry.Scope(null, null, tags), List.of()), keys.get(c));
    }
    Files.write(dir.resolve(RegisterLog.ENTRIES), log.toByteArray());
    Checkpoint checkpoint = new Checkpoint(leaves.size(), HexFormat.of().formatHex(MerkleTree.root(leaves)));
    Files.write(dir.resolve(RegisterLog.CHECKPOINT), Checkpoints.sign(checkpoint, operator.getPrivate(),
        Keys.keyId(operator.getPublic())));
    return operator;
  }

  private static long add(ByteArrayOutputStream log, List<byte[]> leaves, RegisterEntry entry,
                          RegisterWriter.Signer signer) {
    byte[] line = RegisterWriter.signedLine(entry, signer);
    leaves.add(MerkleTree.leafHash(line));
    log.writeBytes(line);
    log.write('\n');
    return entry.seq() + 1;
  }
}
