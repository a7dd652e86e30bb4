package dev.flywheel.policy.register;

import java.util.Arrays;

/**
 * The RFC 9162 root of a tree whose leaves arrive one at a time, in constant memory per doubling: the same root
 * {@link MerkleTree#root(java.util.List)} gives for the same leaf hashes, without holding them.
 *
 * <p>It keeps the roots of the perfect subtrees that make up the leaves so far (one per set bit of the count, at
 * most 64), the way RFC 9162 section 2.1.1 splits a tree: the largest power of two first. Appending merges equal
 * subtrees; {@link #root()} folds them from the smallest up. Not thread-safe: one writer.
 */
public final class MerkleAccumulator {
  private final byte[][] subtrees = new byte[64][]; // subtrees[i]: root of a perfect subtree of 2^i leaves, or null
  private final java.security.MessageDigest sha = MerkleTree.sha256(); // reused: one digest per accumulator
  private long size;

  /** Creates an empty accumulator; its {@link #root()} is {@link MerkleTree#emptyRoot()}. */
  public MerkleAccumulator() {
  }

  /**
   * Appends one leaf by its hash ({@link MerkleTree#leafHash(byte[])}).
   *
   * @param leafHash 32 bytes; not copied, so it must not be changed afterwards
   * @throws IllegalArgumentException if {@code leafHash} is not 32 bytes long
   */
  public void addLeafHash(byte[] leafHash) {
    if (leafHash == null || leafHash.length != MerkleTree.HASH_BYTES) {
      throw new IllegalArgumentException("a leaf hash is 32 bytes");
    }
    byte[] carry = leafHash;
    int level = 0;
    while (subtrees[level] != null) {
      carry = node(subtrees[level], carry);
      subtrees[level] = null;
      level++;
    }
    subtrees[level] = carry;
    size++;
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
    addLeafHash(sha.digest());
  }

  /** {@code SHA-256(0x01 || left || right)}, as {@link MerkleTree#nodeHash}, on this accumulator's digest. */
  private byte[] node(byte[] left, byte[] right) {
    sha.update((byte) 1);
    sha.update(left);
    sha.update(right);
    return sha.digest();
  }

  /** {@return the number of leaves appended} */
  public long size() {
    return size;
  }

  /** {@return the RFC 9162 root hash of the leaves appended so far (32 bytes, a fresh array)} */
  public byte[] root() {
    byte[] acc = null;
    for (byte[] subtree : subtrees) {
      if (subtree != null) {
        acc = acc == null ? subtree : node(subtree, acc);
      }
    }
    return acc == null ? MerkleTree.emptyRoot() : Arrays.copyOf(acc, acc.length);
  }
}
