package dev.flywheel.policy.server;

import dev.flywheel.policy.register.Keys;
import dev.flywheel.policy.register.LoadResult;
import dev.flywheel.policy.register.RegisterLimits;
import dev.flywheel.policy.register.RegisterLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A register folder ({@code checkpoint.json}, {@code entries.jsonl}) read once at start, checked, and served from
 * memory: what consumers fetch is the snapshot that was checked, even if the folder changes later.
 *
 * <p>The check is a {@link Verifier}, {@link #SIGNED} in service: the server refuses to start when it fails. The
 * bytes served are those read before the check, and they are read again after it: a folder that changed in between
 * is refused too, so what is served is exactly what was verified.
 */
final class FolderRegister implements RegisterFeed {
  /** Largest {@code entries.jsonl} served: 2 GiB, the register's own limit ({@link RegisterLimits}). */
  static final long MAX_ENTRIES_BYTES = Math.min(Integer.MAX_VALUE - 8, RegisterLimits.DEFAULT_MAX_LOG_BYTES);
  /** Largest {@code checkpoint.json}: 64 KiB. */
  static final long MAX_CHECKPOINT_BYTES = 64L << 10;

  /** Checks a register folder against the operator's key before it is served. */
  @FunctionalInterface
  interface Verifier {
    /**
     * Checks the register.
     *
     * @param folder the register folder
     * @param operatorKey the operator's public key file
     * @param checkpoint the checkpoint's bytes as read
     * @param entries the entries' lines as read, without their newlines
     * @throws RegisterRefused naming what is wrong, when the register must not be served
     */
    void verify(Path folder, Path operatorKey, byte[] checkpoint, List<byte[]> entries) throws RegisterRefused;
  }

  /** A register that must not be served. */
  static final class RegisterRefused extends Exception {
    private static final long serialVersionUID = 1L;

    RegisterRefused(String message) {
      super(message);
    }
  }

  /**
   * The register module's verification ({@link RegisterLog#load}): every entry's signature against the key admitted
   * for its issuer, the sequence, each kind's rules, the releases' digests and the operator's signed checkpoint over
   * the RFC 9162 Merkle tree, all against the pinned operator key.
   */
  static final Verifier SIGNED = (folder, key, checkpoint, entries) -> {
    PublicKey operator;
    try {
      operator = Keys.readPublicKey(key).orElseThrow(() ->
          new RegisterRefused("the operator's key " + key + " is not an Ed25519 public key file"));
    } catch (IOException e) {
      throw new RegisterRefused("cannot read the operator's key " + key + ": " + e.getMessage());
    }
    LoadResult result = RegisterLog.load(folder, operator, RegisterLimits.defaults());
    if (result instanceof LoadResult.Rejected rejected) {
      throw new RegisterRefused(rejected.code() + (rejected.seq() == LoadResult.Rejected.NO_ENTRY ? ""
          : " at entry " + rejected.seq()) + ": " + rejected.message());
    }
  };

  private final byte[] checkpoint;
  private final List<byte[]> entries;

  private FolderRegister(byte[] checkpoint, List<byte[]> entries) {
    this.checkpoint = checkpoint;
    this.entries = entries;
  }

  /**
   * Reads and checks the register in {@code folder}.
   *
   * @throws RegisterRefused when a file is missing, too large, unreadable, or the verifier refuses it
   */
  static FolderRegister load(Path folder, Path operatorKey, Verifier verifier) throws RegisterRefused {
    byte[] checkpoint = readBounded(folder.resolve("checkpoint.json"), MAX_CHECKPOINT_BYTES);
    byte[] all = readBounded(folder.resolve("entries.jsonl"), MAX_ENTRIES_BYTES);
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] == '\n') {
        lines.add(java.util.Arrays.copyOfRange(all, start, i));
        start = i + 1;
      }
    }
    if (start < all.length) {
      throw new RegisterRefused("entries.jsonl does not end with a newline: its last line may be cut short");
    }
    verifier.verify(folder, operatorKey, checkpoint, lines);
    if (!java.util.Arrays.equals(checkpoint, readBounded(folder.resolve("checkpoint.json"), MAX_CHECKPOINT_BYTES))
        || !java.util.Arrays.equals(all, readBounded(folder.resolve("entries.jsonl"), MAX_ENTRIES_BYTES))) {
      throw new RegisterRefused("the register changed while it was being verified; start again");
    }
    return new FolderRegister(checkpoint, List.copyOf(lines));
  }

  private static byte[] readBounded(Path file, long limit) throws RegisterRefused {
    try {
      if (!Files.isRegularFile(file)) {
        throw new RegisterRefused("the register has no " + file.getFileName() + " (looked for " + file + ")");
      }
      if (Files.size(file) > limit) {
        throw new RegisterRefused(file + " is larger than " + limit + " bytes, the limit");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new RegisterRefused("cannot read " + file + ": " + e.getMessage());
    }
  }

  @Override
  public byte[] checkpoint() {
    return checkpoint;
  }

  @Override
  public Page entries(long from) {
    if (from > entries.size()) {
      throw ApiError.of(400, "bad-parameter", "from " + from + " is past the register's " + entries.size()
          + " entries").fail();
    }
    int end = (int) Math.min(entries.size(), from + PAGE_SIZE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = (int) from; i < end; i++) {
      out.writeBytes(entries.get(i));
      out.write('\n');
    }
    return new Page(out.toByteArray(), end < entries.size() ? end : -1, entries.size());
  }
}
