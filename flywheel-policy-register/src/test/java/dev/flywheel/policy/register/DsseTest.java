package dev.flywheel.policy.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class DsseTest {
  private static final KeyPair KEY = Keys.generate();
  private static final String ID = Keys.keyId(KEY.getPublic());

  @Test
  void pae_specExample_isTheDocumentedEncoding() {
    byte[] pae = Dsse.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8));
    assertEquals("DSSEv1 29 http://example.com/HelloWorld 11 hello world", new String(pae, StandardCharsets.UTF_8));
  }

  @Test
  void pae_nonAsciiType_countsBytesNotChars() {
    byte[] pae = Dsse.pae("é", new byte[0]);
    assertEquals("DSSEv1 2 é 0 ", new String(pae, StandardCharsets.UTF_8));
  }

  @Test
  void verify_signedEnvelope_verifiesAndRoundTripsThroughJson() {
    Dsse.Envelope envelope = Dsse.sign("application/x-test", "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
        KEY.getPrivate(), ID);
    Dsse.ReadResult read = Dsse.read(Dsse.toJson(envelope), 4, 1 << 20);
    Dsse.Envelope back = assertInstanceOf(Dsse.Read.class, read).envelope();
    assertEquals(envelope, back);
    assertTrue(Dsse.verify(back, back.signatures().get(0), KEY.getPublic()));
  }

  @Test
  void verify_payloadOrTypeChanged_fails() {
    Dsse.Envelope envelope = Dsse.sign("application/x-test", "abc".getBytes(StandardCharsets.UTF_8),
        KEY.getPrivate(), ID);
    Dsse.Signature sig = envelope.signatures().get(0);
    assertFalse(Dsse.verify(new Dsse.Envelope("application/x-test", "abd".getBytes(StandardCharsets.UTF_8),
        List.of(sig)), sig, KEY.getPublic()));
    assertFalse(Dsse.verify(new Dsse.Envelope("application/x-tesu", "abc".getBytes(StandardCharsets.UTF_8),
        List.of(sig)), sig, KEY.getPublic()));
    assertFalse(Dsse.verify(envelope, sig, Keys.generate().getPublic()), "another key");
    assertFalse(Dsse.verify(envelope, new Dsse.Signature(ID, "not base64!"), KEY.getPublic()));
  }

  @Test
  void read_duplicateKey_isDuplicateKeyError() {
    String json = "{\"payloadType\":\"a\",\"payloadType\":\"b\",\"payload\":\"\",\"signatures\":[]}";
    Dsse.Invalid invalid = assertInstanceOf(Dsse.Invalid.class,
        Dsse.read(json.getBytes(StandardCharsets.UTF_8), 4, 1000));
    assertEquals("duplicate-key", invalid.code());
  }

  @Test
  void read_unknownFieldTrailingContentOrNonCanonicalBase64_isRejected() {
    String sig = ",\"signatures\":[{\"keyid\":\"k\",\"sig\":\"s\"}]";
    assertEquals("invalid-envelope", code("{\"payloadType\":\"a\",\"payload\":\"\",\"x\":1" + sig + "}"));
    assertEquals("invalid-json", code("{\"payloadType\":\"a\",\"payload\":\"\"" + sig + "} x"));
    // "QQ==" is canonical for "A"; "QR==" decodes to the same byte with non-zero unused bits.
    assertEquals("invalid-envelope", code("{\"payloadType\":\"a\",\"payload\":\"QR==\"" + sig + "}"));
    assertInstanceOf(Dsse.Read.class, Dsse.read(
        ("{\"payloadType\":\"a\",\"payload\":\"QQ==\"" + sig + "}").getBytes(StandardCharsets.UTF_8), 4, 1000));
    assertEquals("invalid-envelope", code("{\"payloadType\":\"a\",\"payload\":\"QQ==\",\"signatures\":[]}"));
    assertEquals("nesting-too-deep", code("[[[[[[[[1]]]]]]]]"));
  }

  private static String code(String json) {
    return assertInstanceOf(Dsse.Invalid.class, Dsse.read(json.getBytes(StandardCharsets.UTF_8), 4, 1000)).code();
  }

  @Test
  void toJson_envelope_isCompactInFieldOrder() {
    Dsse.Envelope envelope = new Dsse.Envelope("t", new byte[] {65}, List.of(new Dsse.Signature("k", "s")));
    assertEquals("{\"payloadType\":\"t\",\"payload\":\"" + Base64.getEncoder().encodeToString(new byte[] {65})
        + "\",\"signatures\":[{\"keyid\":\"k\",\"sig\":\"s\"}]}",
        new String(Dsse.toJson(envelope), StandardCharsets.UTF_8));
  }
}
