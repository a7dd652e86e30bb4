package dev.flywheel.policy.conformance;

import dev.flywheel.policy.register.Checkpoint;
import dev.flywheel.policy.register.Checkpoints;
import dev.flywheel.policy.register.Keys;
import dev.flywheel.policy.register.LoadResult;
import dev.flywheel.policy.register.MerkleTree;
import dev.flywheel.policy.register.RecordDigest;
import dev.flywheel.policy.register.RegisterEntry;
import dev.flywheel.policy.register.RegisterLimits;
import dev.flywheel.policy.register.RegisterLog;
import dev.flywheel.policy.register.RegisterWriter;
import dev.flywheel.policy.register.RegisterWriter.Signer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns a {@link RegisterCase} into a real register folder and loads it back through the register's own
 * verification ({@link RegisterLog#load}): throwaway Ed25519 keys generated for every key label, each entry signed as
 * a DSSE envelope ({@link RegisterWriter#signedLine}), the releases' digests files written, the operator's checkpoint
 * signed over the RFC 9162 root, then the case's faults applied, exactly as someone tampering with a published copy
 * would. The folder lives in a temporary directory that is deleted before this returns; what was verified is kept
 * in memory only.
 *
 * <p>No check of the register's rules is made here: a case may describe any log, sound or broken, and the verifier
 * alone says what is wrong with it.
 */
final class RegisterMaterialiser {
  private static final String NL = "\n";
  private static final java.util.regex.Pattern RELEASE_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final Map<String, Signer> keys = new HashMap<>();
  /** issuer name -> label of the key last admitted for it, in list order. */
  private final Map<String, String> admitted = new HashMap<>();
  /** release id -> digests file bytes. */
  private final Map<String, byte[]> digestsFiles = new HashMap<>();

  private RegisterMaterialiser() {
  }

  /**
   * Writes, loads and verifies the register of {@code spec}.
   *
   * @param spec the register as a case file describes it
   * @return what verification gave: the verified log, or the first fault
   * @throws IOException if the temporary folder cannot be written
   * @throws IllegalArgumentException if the case describes a value no log can hold (an entry the register's entry
   *     types reject)
   */
  static LoadResult load(RegisterCase spec) throws IOException {
    RegisterMaterialiser m = new RegisterMaterialiser();
    Path dir = Files.createTempDirectory("flywheel-register-case-");
    try {
      m.write(spec, dir);
      return RegisterLog.load(dir, m.key(RegisterCase.OPERATOR_KEY).publicKey(), RegisterLimits.defaults());
    } finally {
      deleteTree(dir);
    }
  }

  private Signer key(String label) {
    return keys.computeIfAbsent(label, l -> {
      KeyPair pair = Keys.generate();
      return new Signer(pair.getPrivate(), pair.getPublic());
    });
  }

  private void write(RegisterCase spec, Path dir) throws IOException {
    Files.createDirectories(dir.resolve(RegisterLog.RELEASES));
    List<byte[]> lines = new ArrayList<>();
    List<RegisterCase.Entry> entries = spec.entries();
    for (int i = 0; i < entries.size(); i++) {
      RegisterCase.Entry e = entries.get(i);
      long seq = e.seq() == null ? i : e.seq();
      Signer signer = key(e.signedBy() != null ? e.signedBy() : defaultKey(e.issuer()));
      lines.add(RegisterWriter.signedLine(entry(seq, e), signer));
      if (e.kind().equals("admit")) {
        admitted.put(e.subject(), e.key());
      }
    }
    for (Map.Entry<String, byte[]> release : digestsFiles.entrySet()) {
      // An id that is no release id is never a file name (it could leave the folder); the verifier refuses its entry.
      if (RELEASE_ID.matcher(release.getKey()).matches()) {
        Files.write(dir.resolve(RegisterLog.RELEASES).resolve(release.getKey() + ".digests"), release.getValue());
      }
    }
    int size = spec.checkpoint().size() == null ? lines.size() : spec.checkpoint().size();
    if (size > lines.size()) {
      throw new IllegalArgumentException("the checkpoint cannot cover more entries than the log holds");
    }
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      leaves.add(MerkleTree.leafHash(lines.get(i)));
    }
    Signer checkpointKey = key(spec.checkpoint().signedBy());
    byte[] checkpoint = Checkpoints.sign(new Checkpoint(size, HexFormat.of().formatHex(MerkleTree.root(leaves))),
        checkpointKey.privateKey(), checkpointKey.keyid());
    boolean writeCheckpoint = true;
    boolean lastLineFeed = true;
    for (RegisterCase.Fault fault : spec.faults()) {
      switch (fault.fault()) {
        case "change-byte" -> lines.set(line(fault, lines, 0), changedPayload(lines.get(fault.seq())));
        case "remove-line" -> lines.remove(line(fault, lines, 0));
        case "swap-lines" -> {
          int at = line(fault, lines, 1);
          byte[] first = lines.get(at);
          lines.set(at, lines.get(at + 1));
          lines.set(at + 1, first);
        }
        case "duplicate-line" -> {
          int at = line(fault, lines, 0);
          lines.add(at + 1, lines.get(at).clone());
        }
        case "cut-last-line-feed" -> lastLineFeed = false;
        case "remove-checkpoint" -> writeCheckpoint = false;
        case "edit-digests" -> {
          byte[] file = digestsFiles.get(fault.release());
          if (file == null || file.length == 0 || !RELEASE_ID.matcher(fault.release()).matches()) {
            throw new IllegalArgumentException("no release '" + fault.release() + "' with digests to edit");
          }
          byte[] edited = file.clone();
          edited[0] = (byte) (edited[0] == '0' ? '1' : '0');
          Files.write(dir.resolve(RegisterLog.RELEASES).resolve(fault.release() + ".digests"), edited);
        }
        default -> throw new IllegalArgumentException("unknown fault: " + fault.fault());
      }
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    for (int i = 0; i < lines.size(); i++) {
      log.write(lines.get(i));
      if (i < lines.size() - 1 || lastLineFeed) {
        log.write('\n');
      }
    }
    Files.write(dir.resolve(RegisterLog.ENTRIES), log.toByteArray());
    if (writeCheckpoint) {
      Files.write(dir.resolve(RegisterLog.CHECKPOINT), (new String(checkpoint, StandardCharsets.UTF_8) + NL)
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The signing key of an entry that names none: the operator's, or the one last admitted for its issuer. */
  private String defaultKey(String issuer) {
    if (issuer.equals(RegisterEntry.OPERATOR)) {
      return RegisterCase.OPERATOR_KEY;
    }
    // An issuer nobody admitted signs with a key of its own that no entry admits.
    return admitted.getOrDefault(issuer, "never-admitted:" + issuer);
  }

  private static int line(RegisterCase.Fault fault, List<byte[]> lines, int following) {
    if (fault.seq() == null || fault.seq() < 0 || fault.seq() + following >= lines.size()) {
      throw new IllegalArgumentException("fault " + fault.fault() + ": no line " + fault.seq()
          + (following > 0 ? " followed by another" : ""));
    }
    return fault.seq();
  }

  /**
   * The line with one character of its base64 payload replaced by another base64 character, well inside the string
   * so the encoding stays canonical: the payload's bytes change, the envelope still reads.
   */
  private static byte[] changedPayload(byte[] line) {
    String text = new String(line, StandardCharsets.US_ASCII);
    int start = text.indexOf("\"payload\":\"") + "\"payload\":\"".length();
    int at = start + 8;
    char[] chars = text.toCharArray();
    chars[at] = chars[at] == 'A' ? 'B' : 'A';
    return new String(chars).getBytes(StandardCharsets.US_ASCII);
  }

  private RegisterEntry entry(long seq, RegisterCase.Entry e) {
    return switch (e.kind()) {
      case "admit" -> {
        Signer subjectKey = key(e.key());
        yield new RegisterEntry.Admit(seq, e.issuer(), e.issuedAt(), e.subject(),
            Base64.getEncoder().encodeToString(subjectKey.publicKey().getEncoded()), subjectKey.keyid());
      }
      case "retire" -> new RegisterEntry.Retire(seq, e.issuer(), e.issuedAt(), e.subject(), key(e.key()).keyid(),
          e.effective());
      case "statement" -> new RegisterEntry.Statement(seq, e.issuer(), e.issuedAt(), e.terms(), e.effective(),
          new RegisterEntry.Scope(e.contributedFrom(), e.contributedUntil(), e.tags()), e.supersedes());
      case "roster" -> new RegisterEntry.Roster(seq, e.issuer(), e.issuedAt(), e.effective(), e.members());
      case "withdrawal" -> new RegisterEntry.Withdrawal(seq, e.issuer(), e.issuedAt(), e.effective(), e.items(),
          e.contributors());
      case "release" -> release(seq, e);
      default -> throw new IllegalArgumentException("unknown entry kind: " + e.kind());
    };
  }

  /** A release entry, its digests file written first (section 6 of docs/REGISTER.md). */
  private RegisterEntry release(long seq, RegisterCase.Entry e) {
    List<String> digests = new ArrayList<>();
    List<byte[]> leaves = new ArrayList<>();
    StringBuilder file = new StringBuilder();
    for (byte[] record : e.records()) {
      String digest = RecordDigest.of(record);
      digests.add(digest);
      leaves.add(MerkleTree.leafHash(HexFormat.of().parseHex(digest)));
      file.append(digest).append('\n');
    }
    byte[] bytes = file.toString().getBytes(StandardCharsets.US_ASCII);
    digestsFiles.put(e.release(), bytes);
    return new RegisterEntry.Release(seq, e.issuer(), e.issuedAt(), e.release(), digests.size(),
        HexFormat.of().formatHex(sha256(bytes)), HexFormat.of().formatHex(MerkleTree.root(leaves)), digests);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
