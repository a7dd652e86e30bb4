package dev.flywheel.policy.register;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * DSSE envelopes (the Dead Simple Signing Envelope of secure-systems-lab, used by in-toto and Sigstore) signed with
 * Ed25519. The signature covers {@link #pae PAE(payloadType, payload)}, the exact payload bytes: nothing is
 * canonicalised, so a verifier checks the bytes it was given and then parses them.
 *
 * <p>The JSON form is {@code {"payloadType": ..., "payload": base64, "signatures": [{"keyid": ..., "sig": base64}]}};
 * base64 is the standard alphabet with padding (RFC 4648 section 4). Reading is strict: a field other than these,
 * a duplicate key, trailing content, an empty signature list, or base64 that is not canonical is an error. Every
 * method is thread-safe; the class is for any signed document of the project (register entries, checkpoints,
 * receipts).
 */
public final class Dsse {
  private static final ObjectMapper WRITER = new ObjectMapper();

  private Dsse() {
  }

  /**
   * One signature of an envelope.
   *
   * @param keyid the signing key's id ({@link Keys#keyId})
   * @param sig the signature, base64
   */
  public record Signature(String keyid, String sig) {
    /**
     * Creates the signature.
     *
     * @param keyid the key id
     * @param sig the signature, base64
     * @throws NullPointerException if a component is null
     */
    public Signature {
      Objects.requireNonNull(keyid, "keyid");
      Objects.requireNonNull(sig, "sig");
    }
  }

  /**
   * A signed envelope.
   *
   * @param payloadType the payload's media type, e.g. {@code application/vnd.flywheel-policy.register+json}
   * @param payload the payload's bytes, exactly as signed (a copy is kept)
   * @param signatures the signatures, at least one
   */
  public record Envelope(String payloadType, byte[] payload, List<Signature> signatures) {
    /**
     * Creates the envelope; copies the payload and the list.
     *
     * @param payloadType the media type
     * @param payload the bytes
     * @param signatures the signatures
     * @throws NullPointerException if a component is null
     */
    public Envelope {
      Objects.requireNonNull(payloadType, "payloadType");
      payload = payload.clone();
      signatures = List.copyOf(signatures);
    }

    /** {@return a copy of the payload's bytes} */
    @Override
    public byte[] payload() {
      return payload.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Envelope e && payloadType.equals(e.payloadType)
          && java.util.Arrays.equals(payload, e.payload) && signatures.equals(e.signatures);
    }

    @Override
    public int hashCode() {
      return Objects.hash(payloadType, java.util.Arrays.hashCode(payload), signatures);
    }

    @Override
    public String toString() {
      return "Envelope[" + payloadType + ", " + payload.length + " bytes, " + signatures + "]";
    }
  }

  /** What reading an envelope gives: the envelope, or why it is not one. */
  public sealed interface ReadResult permits Read, Invalid {
  }

  /**
   * A well-formed envelope (its signatures not yet checked).
   *
   * @param envelope the envelope
   */
  public record Read(Envelope envelope) implements ReadResult {
  }

  /**
   * Not a well-formed envelope.
   *
   * @param code a stable code: {@code invalid-json}, {@code duplicate-key}, {@code nesting-too-deep},
   *     {@code field-too-long}, {@code invalid-envelope}
   * @param message what is wrong, for a person
   */
  public record Invalid(String code, String message) implements ReadResult {
  }

  /**
   * DSSE's pre-authentication encoding: {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, lengths in
   * bytes as ASCII decimals, the type in UTF-8.
   *
   * @param payloadType the payload's media type
   * @param payload the payload's bytes
   * @return the bytes that are signed
   */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /**
   * Signs a payload with an Ed25519 key.
   *
   * @param payloadType the payload's media type
   * @param payload the bytes to sign
   * @param key the private key
   * @param keyid the id of its public key
   * @return the envelope with one signature
   * @throws IllegalArgumentException if the key is not an Ed25519 private key
   */
  public static Envelope sign(String payloadType, byte[] payload, PrivateKey key, String keyid) {
    try {
      java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
      signer.initSign(key);
      signer.update(pae(payloadType, payload));
      String sig = Base64.getEncoder().encodeToString(signer.sign());
      return new Envelope(payloadType, payload, List.of(new Signature(keyid, sig)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code signature} is a valid Ed25519 signature of the envelope by {@code key}. Never throws for a bad
   * signature or malformed base64: it answers false.
   *
   * @param envelope the envelope
   * @param signature one of its signatures
   * @param key the public key to check it against
   * @return true exactly when the signature verifies
   */
  public static boolean verify(Envelope envelope, Signature signature, PublicKey key) {
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(signature.sig());
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (sig.length != 64) {
      return false;
    }
    try {
      java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(pae(envelope.payloadType(), envelope.payload));
      return verifier.verify(sig);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The envelope's compact JSON, fields in the order {@code payloadType}, {@code payload}, {@code signatures}, with
   * no line break.
   *
   * @param envelope the envelope
   * @return UTF-8 JSON bytes
   */
  public static byte[] toJson(Envelope envelope) {
    ObjectNode node = WRITER.createObjectNode();
    node.put("payloadType", envelope.payloadType());
    node.put("payload", Base64.getEncoder().encodeToString(envelope.payload));
    ArrayNode sigs = node.putArray("signatures");
    for (Signature s : envelope.signatures()) {
      sigs.addObject().put("keyid", s.keyid()).put("sig", s.sig());
    }
    try {
      return WRITER.writeValueAsBytes(node);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /**
   * Reads an envelope strictly from JSON bytes, with the given bounds.
   *
   * @param json the bytes
   * @param maxNestingDepth the deepest nesting accepted (an envelope needs 3)
   * @param maxStringLength the longest string accepted (the base64 payload included)
   * @return the envelope, or why the bytes are not one; never throws for bad input
   */
  public static ReadResult read(byte[] json, int maxNestingDepth, int maxStringLength) {
    return read(json, new StrictJson(maxNestingDepth, maxStringLength));
  }

  static ReadResult read(byte[] json, StrictJson reader) {
    StrictJson.Result parsed = reader.read(json);
    if (parsed instanceof StrictJson.Error error) {
      return new Invalid(error.code(), error.message());
    }
    JsonNode node = ((StrictJson.Tree) parsed).node();
    if (!node.isObject()) {
      return new Invalid("invalid-envelope", "an envelope is a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("payloadType") && !name.equals("payload") && !name.equals("signatures")) {
        return new Invalid("invalid-envelope", "unknown envelope field '" + name + "'");
      }
    }
    JsonNode type = node.get("payloadType");
    JsonNode payload = node.get("payload");
    JsonNode sigs = node.get("signatures");
    if (type == null || !type.isTextual() || payload == null || !payload.isTextual() || sigs == null
        || !sigs.isArray()) {
      return new Invalid("invalid-envelope", "an envelope needs payloadType and payload (strings) and signatures");
    }
    byte[] bytes = canonicalBase64(payload.textValue());
    if (bytes == null) {
      return new Invalid("invalid-envelope", "the payload is not canonical base64");
    }
    if (sigs.isEmpty()) {
      return new Invalid("invalid-envelope", "an envelope needs at least one signature");
    }
    List<Signature> signatures = new ArrayList<>();
    for (JsonNode s : sigs) {
      if (!s.isObject() || s.size() != 2 || !s.path("keyid").isTextual() || !s.path("sig").isTextual()) {
        return new Invalid("invalid-envelope", "a signature is {\"keyid\": string, \"sig\": string}");
      }
      signatures.add(new Signature(s.get("keyid").textValue(), s.get("sig").textValue()));
    }
    return new Read(new Envelope(type.textValue(), bytes, signatures));
  }

  /** The bytes of canonical standard base64 (padded, no line breaks), or null. */
  private static byte[] canonicalBase64(String text) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
    // The decoder accepts a last character with non-zero unused bits; re-encoding shows such a second spelling.
    return Base64.getEncoder().encodeToString(bytes).equals(text) ? bytes : null;
  }
}
