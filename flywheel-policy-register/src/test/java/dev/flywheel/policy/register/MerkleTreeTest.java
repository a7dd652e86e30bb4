package dev.flywheel.policy.register;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The tree against the published Certificate Transparency vectors and against the recursive definitions of RFC 9162
 * section 2.1 (MTH, PATH, PROOF/SUBPROOF), written here straight from the RFC's text, for every size up to 70.
 */
class MerkleTreeTest {
  private static final HexFormat HEX = HexFormat.of();
  /** The eight inputs of the RFC 6962 / CT reference tests. */
  private static final List<String> CT_LEAVES = List.of("", "00", "10", "2021", "3031", "40414243",
      "5051525354555657", "606162636465666768696a6b6c6d6e6f");
  /** The published roots over the first 0..8 of them. */
  private static final List<String> CT_ROOTS = List.of(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  private static List<byte[]> ctLeafHashes() {
    List<byte[]> hashes = new ArrayList<>();
    for (String leaf : CT_LEAVES) {
      hashes.add(MerkleTree.leafHash(HEX.parseHex(leaf)));
    }
    return hashes;
  }

  private static List<byte[]> leaves(int n) {
    List<byte[]> hashes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      hashes.add(MerkleTree.leafHash(new byte[] {(byte) i, (byte) (i >> 8), 7}));
    }
    return hashes;
  }

  // --- RFC 9162 section 2.1, as written there (recursive, no stack) ---

  private static byte[] mth(List<byte[]> d) {
    if (d.isEmpty()) {
      return MerkleTree.emptyRoot();
    }
    if (d.size() == 1) {
      return d.get(0);
    }
    int k = 1;
    while (k * 2 < d.size()) {
      k *= 2;
    }
    return MerkleTree.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
  }

  private static List<byte[]> pathOf(int m, List<byte[]> d) {
    List<byte[]> out = new ArrayList<>();
    if (d.size() <= 1) {
      return out;
    }
    int k = 1;
    while (k * 2 < d.size()) {
      k *= 2;
    }
    if (m < k) {
      out.addAll(pathOf(m, d.subList(0, k)));
      out.add(mth(d.subList(k, d.size())));
    } else {
      out.addAll(pathOf(m - k, d.subList(k, d.size())));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  private static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
    List<byte[]> out = new ArrayList<>();
    int n = d.size();
    if (m == n) {
      if (!b) {
        out.add(mth(d));
      }
      return out;
    }
    int k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    if (m <= k) {
      out.addAll(subproof(m, d.subList(0, k), b));
      out.add(mth(d.subList(k, n)));
    } else {
      out.addAll(subproof(m - k, d.subList(k, n), false));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  private static void assertSameHashes(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size(), "proof length");
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "hash " + i);
    }
  }

  @Test
  void root_ctReferenceLeaves_matchesPublishedRootsForEverySize() {
    List<byte[]> hashes = ctLeafHashes();
    for (int n = 0; n <= 8; n++) {
      assertEquals(CT_ROOTS.get(n), HEX.formatHex(MerkleTree.root(hashes.subList(0, n))), "size " + n);
    }
  }

  @Test
  void inclusionProof_ctLeafZeroOfEight_matchesPublishedProof() {
    List<byte[]> proof = MerkleTree.inclusionProof(ctLeafHashes(), 0, 8);
    assertEquals(List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        proof.stream().map(HEX::formatHex).toList());
  }

  @Test
  void leafAndNodeHash_handCase_prefixBytesSeparateLeavesFromNodes() {
    byte[] a = MerkleTree.leafHash(new byte[] {1});
    byte[] b = MerkleTree.leafHash(new byte[] {2});
    byte[] concatenated = new byte[64];
    System.arraycopy(a, 0, concatenated, 0, 32);
    System.arraycopy(b, 0, concatenated, 32, 32);
    // A leaf whose bytes are two hashes never collides with the node over them (0x00 vs 0x01 prefix).
    assertFalse(java.util.Arrays.equals(MerkleTree.leafHash(concatenated), MerkleTree.nodeHash(a, b)));
    assertArrayEquals(MerkleTree.nodeHash(a, b), MerkleTree.root(List.of(a, b)));
  }

  @Property(tries = 70)
  void root_everySize_equalsRecursiveDefinition(@ForAll @IntRange(min = 0, max = 300) int n) {
    List<byte[]> d = leaves(n);
    assertArrayEquals(mth(d), MerkleTree.root(d));
  }

  @Test
  void inclusionProof_everyLeafOfEverySizeTo70_equalsPathAndVerifies() {
    for (int n = 1; n <= 70; n++) {
      List<byte[]> d = leaves(n);
      byte[] root = MerkleTree.root(d);
      for (int m = 0; m < n; m++) {
        List<byte[]> proof = MerkleTree.inclusionProof(d, m, n);
        assertSameHashes(pathOf(m, d), proof);
        assertTrue(MerkleTree.verifyInclusion(m, n, d.get(m), proof, root), "leaf " + m + " of " + n);
        assertFalse(MerkleTree.verifyInclusion(m, n, d.get((m + 1) % n), proof, root) && n > 1,
            "another leaf at " + m + " of " + n);
        assertFalse(MerkleTree.verifyInclusion(m, m, d.get(m), proof, root), "an index past the size");
      }
    }
  }

  @Test
  void consistencyProof_everyPairOfSizesTo70_equalsSubproofAndVerifies() {
    List<byte[]> all = leaves(70);
    for (int n = 1; n <= 70; n++) {
      List<byte[]> d = all.subList(0, n);
      byte[] newRoot = MerkleTree.root(d);
      for (int m = 1; m <= n; m++) {
        List<byte[]> proof = MerkleTree.consistencyProof(all, m, n);
        if (m < n) {
          assertSameHashes(subproof(m, d, true), proof);
        }
        byte[] oldRoot = MerkleTree.root(all, 0, m);
        assertTrue(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, proof), m + " -> " + n);
        if (m < n) {
          byte[] otherOld = MerkleTree.root(leaves(m + 1), 1, m + 1);
          assertFalse(MerkleTree.verifyConsistency(m, n, otherOld, newRoot, proof), "rewritten " + m + " -> " + n);
          byte[] otherNew = MerkleTree.root(leaves(n + 1), 1, n + 1);
          assertFalse(MerkleTree.verifyConsistency(m, n, oldRoot, otherNew, proof), "other new " + m + " -> " + n);
        }
      }
    }
  }

  @Property(tries = 200)
  void verifyConsistency_oneProofHashChanged_fails(@ForAll @IntRange(min = 1, max = 99) int m,
                                                    @ForAll @IntRange(min = 2, max = 100) int n,
                                                    @ForAll @IntRange(min = 0, max = 31) int bytePos) {
    if (m >= n) {
      return;
    }
    List<byte[]> d = leaves(n);
    List<byte[]> proof = new ArrayList<>(MerkleTree.consistencyProof(d, m, n));
    for (int i = 0; i < proof.size(); i++) {
      List<byte[]> tampered = new ArrayList<>(proof);
      byte[] h = tampered.get(i).clone();
      h[bytePos] ^= 1;
      tampered.set(i, h);
      assertFalse(MerkleTree.verifyConsistency(m, n, MerkleTree.root(d, 0, m), MerkleTree.root(d), tampered));
    }
    assertFalse(MerkleTree.verifyConsistency(m, n, MerkleTree.root(d, 0, m), MerkleTree.root(d),
        proof.subList(0, proof.size() - 1)), "a shortened proof");
  }

  @Test
  void verifyConsistency_emptyProofForGrowth_fails() {
    List<byte[]> d = leaves(4);
    assertFalse(MerkleTree.verifyConsistency(2, 4, MerkleTree.root(d, 0, 2), MerkleTree.root(d), List.of()));
    assertTrue(MerkleTree.verifyConsistency(0, 4, MerkleTree.emptyRoot(), MerkleTree.root(d), List.of()));
    assertFalse(MerkleTree.verifyConsistency(4, 2, MerkleTree.root(d), MerkleTree.root(d, 0, 2), List.of()));
  }
}
