package dev.flywheel.policy.filter.receipt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.records.StrictJsonReaders;
import dev.flywheel.policy.register.Dsse;
import dev.flywheel.policy.register.Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The JSON form of a {@link Receipt} (docs/AUDIT.md, "The receipt"), its DSSE signature and its strict reading.
 *
 * <p>The receipt's members are always written in one order with no whitespace ({@link #payload(Receipt)}): that
 * compact text is what a signature signs, DSSE payload type {@value #PAYLOAD_TYPE}. The file is the same object with
 * a last member {@code signature}: the DSSE envelope, or null. A reader takes the receipt from the file's members and
 * requires a signed file's payload to be exactly the compact text of those members, so what is shown is what was
 * signed.
 */
public final class ReceiptJson {
  /** The DSSE payload type of a signed receipt. */
  public static final String PAYLOAD_TYPE = "application/vnd.flywheel-policy.receipt+json";
  /**
   * The largest receipt file read: the line digests take 4 bytes (as base64, about 5.4, and as much again in a
   * signature's payload) per input line; a receipt of {@link ReceiptRecorder#MAX_LINES} lines fits.
   */
  public static final long MAX_FILE_BYTES = 256L << 20;
  /** The deepest nesting of JSON a receipt file may have (a receipt nests 4 deep). */
  public static final int MAX_NESTING_DEPTH = 16;
  /** The deepest nesting of JSON the signature's envelope may have. */
  public static final int MAX_ENVELOPE_NESTING_DEPTH = 8;

  private static final ObjectMapper JSON = StrictJsonReaders.mapper(StreamReadConstraints.builder()
      .maxNestingDepth(MAX_NESTING_DEPTH)
      .maxStringLength((int) MAX_FILE_BYTES)
      .build());

  private static final List<String> MEMBERS = List.of("receiptVersion", "tool", "engine", "request", "startedAt",
      "finishedAt", "input", "register", "usage", "counts", "ledgerSha256", "decisionsRoot", "signature");

  private ReceiptJson() {
  }

  /**
   * {@return the receipt's compact JSON without a signature member: what a signature signs}
   *
   * @param receipt the receipt
   */
  public static byte[] payload(Receipt receipt) {
    try {
      return JSON.writeValueAsBytes(tree(receipt));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /**
   * The receipt file's bytes: the receipt's members and {@code signature} (the envelope, or null), pretty-printed,
   * ending in a line feed.
   *
   * @param receipt the receipt
   * @param envelope its signature, or null for an unsigned receipt
   * @return UTF-8 bytes
   */
  public static byte[] file(Receipt receipt, Dsse.Envelope envelope) {
    ObjectNode node = tree(receipt);
    if (envelope == null) {
      node.putNull("signature");
    } else {
      try {
        node.set("signature", JSON.readTree(Dsse.toJson(envelope)));
      } catch (IOException e) {
        throw new IllegalStateException("an envelope's JSON always parses", e);
      }
    }
    try {
      return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /**
   * Signs a receipt with the consumer's Ed25519 key.
   *
   * @param receipt the receipt
   * @param key the private key
   * @param publicKey its public key (for the key id)
   * @return the envelope over {@link #payload(Receipt)}
   */
  public static Dsse.Envelope sign(Receipt receipt, PrivateKey key, PublicKey publicKey) {
    return Dsse.sign(PAYLOAD_TYPE, payload(receipt), key, Keys.keyId(publicKey));
  }

  /**
   * Whether the envelope holds a valid signature by {@code key} over this receipt's payload.
   *
   * @param receipt the receipt as read
   * @param envelope its envelope
   * @param key the consumer's public key
   * @return true when one signature verifies and the payload is exactly the receipt's
   */
  public static boolean verify(Receipt receipt, Dsse.Envelope envelope, PublicKey key) {
    if (!PAYLOAD_TYPE.equals(envelope.payloadType()) || !Arrays.equals(envelope.payload(), payload(receipt))) {
      return false;
    }
    for (Dsse.Signature s : envelope.signatures()) {
      if (Dsse.verify(envelope, s, key)) {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode tree(Receipt r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("receiptVersion", Receipt.VERSION);
    root.putObject("tool").put("name", r.tool().name()).put("version", r.tool().version())
        .put("commit", r.tool().commit());
    root.putObject("engine").put("version", r.engine().version())
        .put("languageVersion", r.engine().languageVersion());
    ObjectNode request = root.putObject("request");
    request.put("purpose", r.request().purpose());
    ArrayNode facts = request.putArray("facts");
    r.request().facts().forEach(facts::add);
    ArrayNode honoured = request.putArray("honoured");
    r.request().honoured().forEach(honoured::add);
    request.put("at", r.request().at().toString());
    root.put("startedAt", r.startedAt().toString());
    root.put("finishedAt", r.finishedAt().toString());
    root.putObject("input").put("bytes", r.input().bytes()).put("lines", r.input().lines())
        .put("sha256", r.input().sha256()).put("lineDigests", r.input().lineDigests());
    if (r.register() == null) {
      root.putNull("register");
    } else {
      root.putObject("register").put("size", r.register().size()).put("rootHash", r.register().rootHash())
          .put("requireRelease", r.register().requireRelease());
    }
    if (r.usage() == null) {
      root.putNull("usage");
    } else {
      root.putObject("usage").put("consumer", r.usage().consumer()).put("kind", r.usage().kind())
          .put("store", r.usage().store()).put("reserved", r.usage().reserved())
          .put("admitted", r.usage().admitted());
    }
    ObjectNode counts = root.putObject("counts");
    counts.put("read", r.counts().read()).put("allowed", r.counts().allowed()).put("denied", r.counts().denied())
        .put("invalid", r.counts().invalid());
    ObjectNode reasons = counts.putObject("reasons");
    r.counts().reasons().forEach(reasons::put);
    root.put("ledgerSha256", r.ledgerSha256());
    root.put("decisionsRoot", r.decisionsRoot());
    return root;
  }

  /** The result of {@link #read(byte[])}. */
  public sealed interface ReadResult permits Read, Invalid {}

  /**
   * A receipt read.
   *
   * @param receipt the receipt
   * @param envelope its signature, or null when unsigned
   */
  public record Read(Receipt receipt, Dsse.Envelope envelope) implements ReadResult {
    /**
     * Creates the value.
     *
     * @throws NullPointerException if {@code receipt} is null
     */
    public Read {
      Objects.requireNonNull(receipt, "receipt");
    }
  }

  /**
   * Bytes that are not a receipt.
   *
   * @param message why, one line
   */
  public record Invalid(String message) implements ReadResult {
    /**
     * Creates the value.
     *
     * @throws NullPointerException if {@code message} is null
     */
    public Invalid {
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Reads a receipt file strictly: every member present with its type, no unknown or repeated member, the version
   * this library writes. Never throws for bad input.
   *
   * @param bytes the file's bytes (at most {@link #MAX_FILE_BYTES})
   * @return the receipt and its envelope, or why the bytes are not a receipt
   */
  public static ReadResult read(byte[] bytes) {
    return read(bytes, MAX_FILE_BYTES);
  }

  /** {@link #read(byte[])} with another largest size: how tests reach the bound. */
  static ReadResult read(byte[] bytes, long maxFileBytes) {
    if (bytes.length > maxFileBytes) {
      return new Invalid("larger than " + maxFileBytes + " bytes");
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      return new Invalid("not JSON: " + firstLine(e.getMessage()));
    }
    try {
      return readTree(root);
    } catch (Bad | IllegalArgumentException | NullPointerException | DateTimeParseException e) {
      return new Invalid(firstLine(e.getMessage()));
    }
  }

  private static ReadResult readTree(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new Bad("a receipt is a JSON object");
    }
    exactly(root, "the receipt", MEMBERS);
    if (!root.get("receiptVersion").isInt() || root.get("receiptVersion").intValue() != Receipt.VERSION) {
      throw new Bad("receiptVersion must be " + Receipt.VERSION);
    }
    JsonNode tool = object(root, "tool", List.of("name", "version", "commit"));
    JsonNode engine = object(root, "engine", List.of("version", "languageVersion"));
    JsonNode request = object(root, "request", List.of("purpose", "facts", "honoured", "at"));
    JsonNode input = object(root, "input", List.of("bytes", "lines", "sha256", "lineDigests"));
    JsonNode counts = object(root, "counts", List.of("read", "allowed", "denied", "invalid", "reasons"));
    Receipt.RegisterState register = null;
    if (!root.get("register").isNull()) {
      JsonNode r = object(root, "register", List.of("size", "rootHash", "requireRelease"));
      if (!r.get("requireRelease").isBoolean()) {
        throw new Bad("register.requireRelease must be true or false");
      }
      register = new Receipt.RegisterState(number(r, "size"), text(r, "rootHash"),
          r.get("requireRelease").booleanValue());
    }
    Receipt.Usage usage = null;
    if (!root.get("usage").isNull()) {
      JsonNode u = object(root, "usage", List.of("consumer", "kind", "store", "reserved", "admitted"));
      usage = new Receipt.Usage(text(u, "consumer"), text(u, "kind"), text(u, "store"), number(u, "reserved"),
          text(u, "admitted"));
      if (usage.answers().isEmpty()) {
        throw new Bad("usage.admitted must be base64 of usage.reserved bits");
      }
    }
    JsonNode reasonsNode = counts.get("reasons");
    if (!reasonsNode.isObject()) {
      throw new Bad("counts.reasons must be an object");
    }
    Map<String, Long> reasons = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = reasonsNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().canConvertToLong() || !e.getValue().isIntegralNumber() || e.getValue().longValue() < 0) {
        throw new Bad("counts.reasons." + e.getKey() + " must be a count");
      }
      reasons.put(e.getKey(), e.getValue().longValue());
    }
    Receipt receipt = new Receipt(
        new Receipt.Tool(text(tool, "name"), text(tool, "version"), text(tool, "commit")),
        new Receipt.Engine(text(engine, "version"), text(engine, "languageVersion")),
        new Receipt.RequestPart(text(request, "purpose"), words(request, "facts"), words(request, "honoured"),
            Instant.parse(text(request, "at"))),
        Instant.parse(text(root, "startedAt")), Instant.parse(text(root, "finishedAt")),
        new Receipt.Input(number(input, "bytes"), number(input, "lines"), text(input, "sha256"),
            text(input, "lineDigests")),
        register, usage,
        new Receipt.Counts(number(counts, "read"), number(counts, "allowed"), number(counts, "denied"),
            number(counts, "invalid"), reasons),
        text(root, "ledgerSha256"), text(root, "decisionsRoot"));
    JsonNode signature = root.get("signature");
    Dsse.Envelope envelope = null;
    if (!signature.isNull()) {
      byte[] json;
      try {
        json = JSON.writeValueAsBytes(signature);
      } catch (JsonProcessingException e) {
        throw new Bad("signature: " + e.getMessage());
      }
      Dsse.ReadResult env = Dsse.read(json, MAX_ENVELOPE_NESTING_DEPTH, (int) MAX_FILE_BYTES);
      if (env instanceof Dsse.Invalid bad) {
        throw new Bad("signature: " + bad.message());
      }
      envelope = ((Dsse.Read) env).envelope();
    }
    return new Read(receipt, envelope);
  }

  private static void exactly(JsonNode node, String where, List<String> names) {
    Set<String> allowed = Set.copyOf(names);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw new Bad(where + ": unknown member '" + name + "'");
      }
    }
    for (String name : names) {
      if (!node.has(name)) {
        throw new Bad(where + ": missing member '" + name + "'");
      }
    }
  }

  private static JsonNode object(JsonNode parent, String name, List<String> members) {
    JsonNode node = parent.get(name);
    if (node == null || !node.isObject()) {
      throw new Bad(name + " must be an object");
    }
    exactly(node, name, members);
    return node;
  }

  private static String text(JsonNode parent, String name) {
    JsonNode node = parent.get(name);
    if (node == null || !node.isTextual()) {
      throw new Bad(name + " must be a string");
    }
    return node.textValue();
  }

  private static long number(JsonNode parent, String name) {
    JsonNode node = parent.get(name);
    if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
      throw new Bad(name + " must be a count");
    }
    return node.longValue();
  }

  private static List<String> words(JsonNode parent, String name) {
    JsonNode node = parent.get(name);
    if (node == null || !node.isArray()) {
      throw new Bad(name + " must be an array of words");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode w : node) {
      if (!w.isTextual()) {
        throw new Bad(name + " must be an array of words");
      }
      out.add(w.textValue());
    }
    return out;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** A receipt that breaks the format; turned into {@link Invalid}. */
  private static final class Bad extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Bad(String message) {
      super(message, null, false, false);
    }
  }
}
