package dev.flywheel.policy.register;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Ed25519 keys of a register: generating them, their ids, and their files.
 *
 * <p>A key's id is the lower-case hex SHA-256 of its X.509 SubjectPublicKeyInfo DER encoding (the bytes inside the
 * {@code .pub} file's PEM armour): stable, the same in every implementation, and 64 characters long.
 *
 * <p>Files: the private key is PKCS#8 in PEM ({@code -----BEGIN PRIVATE KEY-----}), created with mode 0600 on a POSIX
 * file system (the mode is given when the file is created, so it is never readable by others, not even for a
 * moment); the public key is SubjectPublicKeyInfo in PEM ({@code -----BEGIN PUBLIC KEY-----}), as OpenSSL writes
 * both. Neither file is ever overwritten. Thread-safe.
 */
public final class Keys {
  private static final int MAX_PEM_BYTES = 16 * 1024;

  private Keys() {
  }

  /** {@return a new Ed25519 key pair from the platform's strong random source} */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Java 15 and later have Ed25519", e);
    }
  }

  /**
   * The id of a public key.
   *
   * @param key an Ed25519 public key
   * @return 64 lower-case hex digits
   */
  public static String keyId(PublicKey key) {
    return HexFormat.of().formatHex(sha256(key.getEncoded()));
  }

  /**
   * Writes a key pair: {@code file} (the private key, mode 0600) and {@code file.pub} (the public key). Refuses to
   * overwrite either: both must be absent.
   *
   * @param pair the key pair
   * @param file the private key's path
   * @throws java.nio.file.FileAlreadyExistsException if either file exists (nothing is written then)
   * @throws IOException if writing fails
   */
  public static void write(KeyPair pair, Path file) throws IOException {
    Path pub = publicKeyPath(file);
    if (Files.exists(pub, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new java.nio.file.FileAlreadyExistsException(pub.toString());
    }
    byte[] privatePem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attrs = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
    try (FileChannel channel = FileChannel.open(file,
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs);
         OutputStream out = Channels.newOutputStream(channel)) {
      out.write(privatePem);
      channel.force(true);
    }
    try (OutputStream out = Files.newOutputStream(pub, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      out.write(pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }
  }

  /**
   * The public key's path for a private key's: the same name with {@code .pub} appended.
   *
   * @param privateKeyFile the private key's path
   * @return {@code privateKeyFile + ".pub"}
   */
  public static Path publicKeyPath(Path privateKeyFile) {
    return privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub");
  }

  /**
   * Reads an Ed25519 private key from a PKCS#8 PEM file.
   *
   * @param file the file
   * @return the key, or empty if the file holds no Ed25519 private key in PKCS#8 PEM
   * @throws IOException if the file cannot be read or is larger than 16 KiB
   */
  public static Optional<PrivateKey> readPrivateKey(Path file) throws IOException {
    byte[] der = readPem(file, "PRIVATE KEY");
    if (der == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der)));
    } catch (GeneralSecurityException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads an Ed25519 public key from a SubjectPublicKeyInfo PEM file.
   *
   * @param file the file
   * @return the key, or empty if the file holds no Ed25519 public key in PEM
   * @throws IOException if the file cannot be read or is larger than 16 KiB
   */
  public static Optional<PublicKey> readPublicKey(Path file) throws IOException {
    byte[] der = readPem(file, "PUBLIC KEY");
    return der == null ? Optional.empty() : publicKey(der);
  }

  /**
   * Decodes an Ed25519 public key from its SubjectPublicKeyInfo DER bytes.
   *
   * @param der the encoding
   * @return the key, or empty if the bytes are not an Ed25519 public key
   */
  public static Optional<PublicKey> publicKey(byte[] der) {
    try {
      PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
      // Only the one encoding: a key given in another DER spelling would get a second id.
      return java.util.Arrays.equals(key.getEncoded(), der) ? Optional.of(key) : Optional.empty();
    } catch (GeneralSecurityException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The public key derived from a private one (Ed25519 derives it from the seed).
   *
   * @param key an Ed25519 private key read by {@link #readPrivateKey}
   * @param publicKeyFile the {@code .pub} file written next to it
   * @return the public key if the file holds the key that matches {@code key}, else empty
   * @throws IOException if the file cannot be read
   */
  public static Optional<PublicKey> matchingPublicKey(PrivateKey key, Path publicKeyFile) throws IOException {
    Optional<PublicKey> pub = readPublicKey(publicKeyFile);
    if (pub.isEmpty()) {
      return pub;
    }
    Dsse.Envelope probe = Dsse.sign("application/octet-stream", new byte[] {1}, key, "probe");
    return Dsse.verify(probe, probe.signatures().get(0), pub.get()) ? pub : Optional.empty();
  }

  static byte[] pem(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return ("-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] readPem(Path file, String label) throws IOException {
    if (Files.size(file) > MAX_PEM_BYTES) {
      throw new IOException(file + " is larger than " + MAX_PEM_BYTES + " bytes: not a key file");
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII).replace("\r\n", "\n").strip();
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    if (!text.startsWith(begin) || !text.endsWith(end)) {
      return null;
    }
    String body = text.substring(begin.length(), text.length() - end.length()).replaceAll("\\s+", "");
    try {
      return Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static byte[] sha256(byte[] bytes) {
    MessageDigest sha = MerkleTree.sha256();
    return sha.digest(bytes);
  }
}
