package dev.flywheel.policy.register;

import java.util.Arrays;

/**
 * The RFC 9162 root of a tree whose leaves arrive one at a time, in constant memory: the same root
 * {@link MerkleTree#root(java.util.List)} gives for the same leaf hashes, without holding them.
 *
 * <p>It keeps the roots of the perfect subtrees that make up the leaves so far (one per set bit of the count, at
 * most 64), the way RFC 9162 section 2.1.1 splits a tree: the largest power of two first. Appending merges equal
 * subtrees; {@link #root()} folds them from the smallest up. Appending allocates nothing: each subtree's root has a
 * buffer of its own, made once, and a bit of {@link #size()} says whether it holds one, so that a receipt's tree over
 * millions of lines adds no garbage per line. Not thread-safe: one writer.
 */
public final class MerkleAccumulator {
  private static final int HASH = MerkleTree.HASH_BYTES;

  // subtrees[i]: the root of a perfect subtree of 2^i leaves while bit i of size is set; made when first needed.
  private final byte[][] subtrees = new byte[64][];
  private final byte[] carry = new byte[HASH]; // the subtree being merged upwards while a leaf is appended
  private final java.security.MessageDigest sha = MerkleTree.sha256(); // reused: one digest per accumulator
  private long size;

  /** Creates an empty accumulator; its {@link #root()} is {@link MerkleTree#emptyRoot()}. */
  public MerkleAccumulator() {
  }

  /**
   * Appends one leaf by its hash ({@link MerkleTree#leafHash(byte[])}).
   *
   * @param leafHash 32 bytes; copied
   * @throws IllegalArgumentException if {@code leafHash} is not 32 bytes long
   */
  public void addLeafHash(byte[] leafHash) {
    if (leafHash == null || leafHash.length != HASH) {
      throw new IllegalArgumentException("a leaf hash is 32 bytes");
    }
    addLeafHash(leafHash, 0);
  }

  /**
   * Appends one leaf by its hash ({@link MerkleTree#leafHash(byte[])}), read from {@code hashes[offset]} to
   * {@code hashes[offset + 31]}.
   *
   * @param hashes holds the leaf's hash; copied
   * @param offset where the hash starts
   * @throws IndexOutOfBoundsException if the 32 bytes from {@code offset} are not all within {@code hashes}
   */
  public void addLeafHash(byte[] hashes, int offset) {
    java.util.Objects.checkFromIndexSize(offset, HASH, hashes.length);
    System.arraycopy(hashes, offset, carry, 0, HASH);
    appendCarry();
  }

  /**
   * Hashes a leaf's bytes as {@link MerkleTree#leafHash(byte[])} does ({@code SHA-256(0x00 || leaf)}) and appends it.
   *
   * @param leaf the leaf's bytes
   * @param length how many of them, from index 0
   */
  public void addLeaf(byte[] leaf, int length) {
    sha.update((byte) 0);
    sha.update(leaf, 0, length);
    digestInto(carry);
    appendCarry();
  }

  /** Merges {@link #carry} with the equal subtrees below it, as a binary counter carries, and keeps the result. */
  private void appendCarry() {
    int level = 0;
    while ((size >>> level & 1) != 0) {
      node(subtrees[level], carry, carry);
      level++;
    }
    if (subtrees[level] == null) {
      subtrees[level] = new byte[HASH];
    }
    System.arraycopy(carry, 0, subtrees[level], 0, HASH);
    size++;
  }

  /** {@code SHA-256(0x01 || left || right)}, as {@link MerkleTree#nodeHash}, into {@code out} (may be either). */
  private void node(byte[] left, byte[] right, byte[] out) {
    sha.update((byte) 1);
    sha.update(left);
    sha.update(right);
    digestInto(out);
  }

  private void digestInto(byte[] out) {
    try {
      sha.digest(out, 0, HASH);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException("a 32-byte buffer holds a SHA-256", e);
    }
  }

  /** {@return the number of leaves appended} */
  public long size() {
    return size;
  }

  /** {@return the RFC 9162 root hash of the leaves appended so far (32 bytes, a fresh array)} */
  public byte[] root() {
    byte[] acc = null;
    for (int level = 0; level < 64; level++) {
      if ((size >>> level & 1) != 0) {
        if (acc == null) {
          acc = Arrays.copyOf(subtrees[level], HASH);
        } else {
          node(subtrees[level], acc, acc);
        }
      }
    }
    return acc == null ? MerkleTree.emptyRoot() : acc;
  }
}
