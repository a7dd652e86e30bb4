package dev.flywheel.policy.register;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The Merkle tree of RFC 9162 (Certificate Transparency 2.0) section 2.1, with SHA-256: tree roots, inclusion proofs
 * and consistency proofs, their generation and their verification (the algorithms of sections 2.1.3.2 and 2.1.4.2).
 *
 * <p>A leaf's hash is {@code SHA-256(0x00 || leaf)}, an inner node's {@code SHA-256(0x01 || left || right)}; a tree of
 * {@code n > 1} leaves splits at {@code k}, the largest power of two below {@code n}; the empty tree's root is
 * {@code SHA-256()} of nothing. Methods that build take the leaves' hashes ({@link #leafHash}), so a caller hashes
 * each leaf once; every hash is 32 bytes. The verifying methods never throw for a bad proof: they answer false.
 *
 * <p>Stateless and thread-safe. Computing a root is linear in the leaves and keeps O(log n) hashes; a proof is
 * O(n) to build and O(log n) to verify.
 */
public final class MerkleTree {
  /** The length of every hash, in bytes. */
  public static final int HASH_BYTES = 32;

  private MerkleTree() {
  }

  /**
   * The hash of one leaf: {@code SHA-256(0x00 || leaf)}.
   *
   * @param leaf the leaf's bytes (for a register, one line of {@code entries.jsonl} without its line feed)
   * @return 32 bytes
   */
  public static byte[] leafHash(byte[] leaf) {
    MessageDigest sha = sha256();
    sha.update((byte) 0);
    sha.update(leaf);
    return sha.digest();
  }

  /**
   * The hash of an inner node: {@code SHA-256(0x01 || left || right)}.
   *
   * @param left the left child's hash
   * @param right the right child's hash
   * @return 32 bytes
   */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest sha = sha256();
    sha.update((byte) 1);
    sha.update(left);
    sha.update(right);
    return sha.digest();
  }

  /** {@return the root of the empty tree: SHA-256 of no bytes} */
  public static byte[] emptyRoot() {
    return sha256().digest();
  }

  /**
   * The root over the given leaf hashes, {@code MTH(D[0:n])}.
   *
   * @param leafHashes the leaves' hashes, in order
   * @return 32 bytes
   */
  public static byte[] root(List<byte[]> leafHashes) {
    return root(leafHashes, 0, leafHashes.size());
  }

  /**
   * The root over {@code leafHashes[from, to)}: {@code MTH} of that range. Iterative: a stack of perfect subtrees,
   * merged as in a binary counter, then folded from the right, which gives the largest-power-of-two split.
   *
   * @param leafHashes the leaves' hashes
   * @param from the first leaf, inclusive
   * @param to the last leaf, exclusive
   * @return 32 bytes
   * @throws IndexOutOfBoundsException if the range is not within the list
   */
  public static byte[] root(List<byte[]> leafHashes, int from, int to) {
    Objects.checkFromToIndex(from, to, leafHashes.size());
    if (from == to) {
      return emptyRoot();
    }
    byte[][] stack = new byte[64][];
    long[] sizes = new long[64];
    int top = 0;
    for (int i = from; i < to; i++) {
      byte[] hash = leafHashes.get(i);
      long size = 1;
      while (top > 0 && sizes[top - 1] == size) {
        hash = nodeHash(stack[top - 1], hash);
        size *= 2;
        top--;
      }
      stack[top] = hash;
      sizes[top] = size;
      top++;
    }
    byte[] hash = stack[top - 1];
    for (int i = top - 2; i >= 0; i--) {
      hash = nodeHash(stack[i], hash);
    }
    return hash;
  }

  /**
   * The inclusion proof of leaf {@code index} in the tree of the first {@code size} leaves: {@code PATH(index,
   * D[0:size])}, RFC 9162 section 2.1.3.1.
   *
   * @param leafHashes the leaves' hashes (at least {@code size})
   * @param index the leaf, {@code 0 <= index < size}
   * @param size the tree's size
   * @return the proof's hashes, from the leaf's sibling up
   * @throws IllegalArgumentException if {@code index} or {@code size} is out of range
   */
  public static List<byte[]> inclusionProof(List<byte[]> leafHashes, int index, int size) {
    if (size < 1 || size > leafHashes.size() || index < 0 || index >= size) {
      throw new IllegalArgumentException("need 0 <= index < size <= leaves: " + index + ", " + size);
    }
    List<byte[]> proof = new ArrayList<>();
    path(leafHashes, index, 0, size, proof);
    return proof;
  }

  private static void path(List<byte[]> leaves, int index, int from, int to, List<byte[]> proof) {
    int n = to - from;
    if (n == 1) {
      return;
    }
    int k = largestPowerOfTwoBelow(n);
    if (index - from < k) {
      path(leaves, index, from, from + k, proof);
      proof.add(root(leaves, from + k, to));
    } else {
      path(leaves, index, from + k, to, proof);
      proof.add(root(leaves, from, from + k));
    }
  }

  /**
   * Verifies an inclusion proof, RFC 9162 section 2.1.3.2.
   *
   * @param index the leaf's index
   * @param size the tree's size
   * @param leafHash the leaf's hash
   * @param proof the proof's hashes
   * @param root the tree's root
   * @return true exactly when the proof shows the leaf at {@code index} in the tree of that root and size
   */
  public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
    if (index < 0 || index >= size || !isHash(leafHash) || !isHash(root)) {
      return false;
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0 || !isHash(p)) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = nodeHash(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && Arrays.equals(r, root);
  }

  /**
   * The consistency proof between the tree of the first {@code oldSize} leaves and that of the first {@code newSize}:
   * {@code PROOF(oldSize, D[0:newSize])}, RFC 9162 section 2.1.4.1. Empty when the sizes are equal or the old tree is
   * empty.
   *
   * @param leafHashes the leaves' hashes (at least {@code newSize})
   * @param oldSize the earlier tree's size
   * @param newSize the later tree's size
   * @return the proof's hashes
   * @throws IllegalArgumentException unless {@code 0 <= oldSize <= newSize <= leaves}
   */
  public static List<byte[]> consistencyProof(List<byte[]> leafHashes, int oldSize, int newSize) {
    if (oldSize < 0 || oldSize > newSize || newSize > leafHashes.size()) {
      throw new IllegalArgumentException("need 0 <= oldSize <= newSize <= leaves: " + oldSize + ", " + newSize);
    }
    List<byte[]> proof = new ArrayList<>();
    if (oldSize > 0 && oldSize < newSize) {
      subproof(leafHashes, oldSize, 0, newSize, true, proof);
    }
    return proof;
  }

  private static void subproof(List<byte[]> leaves, int m, int from, int to, boolean whole, List<byte[]> proof) {
    int n = to - from;
    if (m == n) {
      if (!whole) {
        proof.add(root(leaves, from, to));
      }
      return;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(leaves, m, from, from + k, whole, proof);
      proof.add(root(leaves, from + k, to));
    } else {
      subproof(leaves, m - k, from + k, to, false, proof);
      proof.add(root(leaves, from, from + k));
    }
  }

  /**
   * Verifies a consistency proof, RFC 9162 section 2.1.4.2: that the tree of {@code newSize} leaves with root
   * {@code newRoot} extends the tree of {@code oldSize} leaves with root {@code oldRoot}, no leaf changed or removed.
   *
   * @param oldSize the earlier tree's size
   * @param newSize the later tree's size
   * @param oldRoot the earlier root
   * @param newRoot the later root
   * @param proof the proof's hashes
   * @return true exactly when the proof shows the later tree extends the earlier one
   */
  public static boolean verifyConsistency(long oldSize, long newSize, byte[] oldRoot, byte[] newRoot,
                                          List<byte[]> proof) {
    if (oldSize < 0 || oldSize > newSize || !isHash(oldRoot) || !isHash(newRoot)) {
      return false;
    }
    if (oldSize == newSize) {
      return proof.isEmpty() && Arrays.equals(oldRoot, newRoot);
    }
    if (oldSize == 0) {
      // Every tree extends the empty one; RFC 9162 gives no proof for it.
      return proof.isEmpty();
    }
    if (proof.isEmpty()) {
      return false;
    }
    for (byte[] p : proof) {
      if (!isHash(p)) {
        return false;
      }
    }
    List<byte[]> path = new ArrayList<>(proof.size() + 1);
    if (Long.bitCount(oldSize) == 1) {
      path.add(oldRoot);
    }
    path.addAll(proof);
    long fn = oldSize - 1;
    long sn = newSize - 1;
    if ((fn & 1) == 1) {
      while ((fn & 1) == 1) {
        fn >>= 1;
        sn >>= 1;
      }
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (int i = 1; i < path.size(); i++) {
      byte[] c = path.get(i);
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = nodeHash(c, fr);
        sr = nodeHash(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        sr = nodeHash(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return Arrays.equals(fr, oldRoot) && Arrays.equals(sr, newRoot) && sn == 0;
  }

  static int largestPowerOfTwoBelow(int n) {
    return Integer.highestOneBit(n - 1);
  }

  private static boolean isHash(byte[] hash) {
    return hash != null && hash.length == HASH_BYTES;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
