package dev.flywheel.policy.register;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysTest {
  @TempDir
  Path dir;

  @Test
  void write_newKey_privateIsOwnerOnlyPkcs8AndPublicIsSpki() throws Exception {
    KeyPair pair = Keys.generate();
    Path file = dir.resolve("k.pem");
    Keys.write(pair, file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----\n"));
    assertTrue(Files.readString(dir.resolve("k.pem.pub")).startsWith("-----BEGIN PUBLIC KEY-----\n"));
    assertArrayEquals(pair.getPrivate().getEncoded(), Keys.readPrivateKey(file).orElseThrow().getEncoded());
    assertEquals(pair.getPublic(), Keys.readPublicKey(dir.resolve("k.pem.pub")).orElseThrow());
    assertTrue(Keys.matchingPublicKey(Keys.readPrivateKey(file).orElseThrow(), dir.resolve("k.pem.pub")).isPresent());
  }

  @Test
  void write_existingFile_refusesAndKeepsIt() throws Exception {
    Path file = dir.resolve("k.pem");
    Files.writeString(file, "mine");
    assertThrows(FileAlreadyExistsException.class, () -> Keys.write(Keys.generate(), file));
    assertEquals("mine", Files.readString(file));
    Path other = dir.resolve("o.pem");
    Files.writeString(dir.resolve("o.pem.pub"), "mine");
    assertThrows(FileAlreadyExistsException.class, () -> Keys.write(Keys.generate(), other));
    assertTrue(Files.notExists(other));
  }

  @Test
  void keyId_publicKey_isSha256OfSpkiDer() throws Exception {
    KeyPair pair = Keys.generate();
    String expected = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(pair.getPublic().getEncoded()));
    assertEquals(expected, Keys.keyId(pair.getPublic()));
    assertEquals(64, expected.length());
  }

  @Test
  void readPublicKey_notAKey_isEmpty() throws Exception {
    Path file = dir.resolve("x.pub");
    Files.writeString(file, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
    assertTrue(Keys.readPublicKey(file).isEmpty());
    Files.writeString(file, "hello");
    assertTrue(Keys.readPublicKey(file).isEmpty());
  }
}
