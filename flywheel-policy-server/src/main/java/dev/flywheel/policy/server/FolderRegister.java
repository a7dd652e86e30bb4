package dev.flywheel.policy.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A register folder ({@code checkpoint.json}, {@code entries.jsonl}) read once at start, checked, and served from
 * memory: what consumers fetch is the snapshot that was checked, even if the folder changes later.
 *
 * <p>The check is a {@link Verifier}: the server refuses to start when it fails. {@link #STRUCTURE} checks the
 * folder's shape (both files, one JSON object per line, the checkpoint's {@code size} equal to the number of
 * entries, the operator's key readable); the register module's signature and Merkle-tree verification plugs in
 * through the same seam.
 */
final class FolderRegister implements RegisterFeed {
  /** Largest {@code entries.jsonl} served: 256 MiB. */
  static final long MAX_ENTRIES_BYTES = 256L << 20;
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

  private static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** The structural check: the folder's shape, without signatures. */
  static final Verifier STRUCTURE = (folder, key, checkpoint, entries) -> {
    if (!Files.isReadable(key) || Files.isDirectory(key)) {
      throw new RegisterRefused("the operator's key " + key + " is not a readable file");
    }
    JsonNode head = parse(checkpoint, "checkpoint.json");
    JsonNode size = head.get("size");
    if (size == null || !size.canConvertToLong() || size.asLong() != entries.size()) {
      throw new RegisterRefused("checkpoint.json's size " + size + " is not the " + entries.size()
          + " entries of entries.jsonl");
    }
    for (int i = 0; i < entries.size(); i++) {
      parse(entries.get(i), "entries.jsonl line " + (i + 1));
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

  private static JsonNode parse(byte[] bytes, String where) throws RegisterRefused {
    try {
      JsonNode node = STRICT.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new RegisterRefused(where + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new RegisterRefused(where + " is not valid JSON: " + e.getMessage());
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
