package dev.flywheel.policy.register;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;

/**
 * {@code checkpoint.json}: a DSSE envelope of payload type {@value #PAYLOAD_TYPE} whose payload is
 * {@code {"size": N, "rootHash": "<64 hex>"}}, signed by the operator's key. Reading checks the envelope and the
 * operator's signature; whether the tree matches is {@link RegisterLog}'s check. Thread-safe.
 */
public final class Checkpoints {
  /** The payload type of a checkpoint envelope. */
  public static final String PAYLOAD_TYPE = "application/vnd.flywheel-policy.checkpoint+json";
  /** The largest checkpoint file read: 64 KiB. */
  public static final int MAX_BYTES = 64 * 1024;

  private static final ObjectMapper WRITER = new ObjectMapper();

  private Checkpoints() {
  }

  /** What reading a checkpoint file gives. */
  public sealed interface ReadResult permits Valid, Invalid {
  }

  /**
   * A checkpoint signed by the operator.
   *
   * @param checkpoint the tree head
   */
  public record Valid(Checkpoint checkpoint) implements ReadResult {
  }

  /**
   * Not a checkpoint signed by the operator.
   *
   * @param code {@code checkpoint-missing}, {@code checkpoint-invalid} or {@code checkpoint-bad-signature}
   * @param message what is wrong, for a person
   */
  public record Invalid(String code, String message) implements ReadResult {
  }

  /**
   * Signs a checkpoint with the operator's key.
   *
   * @param checkpoint the tree head
   * @param operatorKey the operator's private key
   * @param operatorKeyId the id of the operator's public key
   * @return the envelope's JSON bytes, without a line feed
   */
  public static byte[] sign(Checkpoint checkpoint, PrivateKey operatorKey, String operatorKeyId) {
    ObjectNode node = WRITER.createObjectNode();
    node.put("size", checkpoint.size());
    node.put("rootHash", checkpoint.rootHash());
    byte[] payload;
    try {
      payload = WRITER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
    return Dsse.toJson(Dsse.sign(PAYLOAD_TYPE, payload, operatorKey, operatorKeyId));
  }

  /**
   * Reads a checkpoint file and checks the operator's signature on it.
   *
   * @param file the file
   * @param operator the pinned operator key
   * @return the checkpoint, or why it is refused; never throws for bad content
   * @throws IOException if the file exists but cannot be read
   */
  public static ReadResult read(Path file, PublicKey operator) throws IOException {
    Objects.requireNonNull(operator, "operator");
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      return new Invalid("checkpoint-missing", "no checkpoint file " + file);
    }
    if (bytes.length > MAX_BYTES) {
      return new Invalid("checkpoint-invalid", "the checkpoint is larger than " + MAX_BYTES + " bytes");
    }
    return parse(bytes, operator);
  }

  static ReadResult parse(byte[] bytes, PublicKey operator) {
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\n') {
      end--;
    }
    Dsse.ReadResult read = Dsse.read(java.util.Arrays.copyOf(bytes, end), 4, MAX_BYTES);
    if (read instanceof Dsse.Invalid invalid) {
      return new Invalid("checkpoint-invalid", "checkpoint: " + invalid.code() + ": " + invalid.message());
    }
    Dsse.Envelope envelope = ((Dsse.Read) read).envelope();
    if (!envelope.payloadType().equals(PAYLOAD_TYPE)) {
      return new Invalid("checkpoint-invalid", "checkpoint payload type is not " + PAYLOAD_TYPE);
    }
    String operatorId = Keys.keyId(operator);
    if (envelope.signatures().size() != 1 || !envelope.signatures().get(0).keyid().equals(operatorId)) {
      return new Invalid("checkpoint-bad-signature", "the checkpoint is not signed by the operator key " + operatorId);
    }
    if (!Dsse.verify(envelope, envelope.signatures().get(0), operator)) {
      return new Invalid("checkpoint-bad-signature", "the checkpoint's signature does not verify");
    }
    StrictJson.Result parsed = new StrictJson(2, 128).read(envelope.payload());
    if (parsed instanceof StrictJson.Error error) {
      return new Invalid("checkpoint-invalid", "checkpoint payload: " + error.message());
    }
    JsonNode node = ((StrictJson.Tree) parsed).node();
    JsonNode size = node.get("size");
    JsonNode root = node.get("rootHash");
    if (!node.isObject() || node.size() != 2 || size == null || !size.isIntegralNumber() || !size.canConvertToLong()
        || size.longValue() < 0 || root == null || !root.isTextual() || !root.textValue().matches("[0-9a-f]{64}")) {
      return new Invalid("checkpoint-invalid", "a checkpoint payload is {\"size\": integer, \"rootHash\": 64 hex}");
    }
    return new Valid(new Checkpoint(size.longValue(), root.textValue()));
  }
}
