package dev.flywheel.policy.register;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleAccumulatorTest {

  @Test
  void root_everySizeUpTo130_equalsMerkleTreeRootOfTheSameLeaves() {
    MerkleAccumulator acc = new MerkleAccumulator();
    List<byte[]> leaves = new ArrayList<>();
    assertArrayEquals(MerkleTree.emptyRoot(), acc.root());
    for (int n = 1; n <= 130; n++) {
      byte[] leaf = ("leaf " + n).getBytes(StandardCharsets.UTF_8);
      if (n % 2 == 0) {
        acc.addLeafHash(MerkleTree.leafHash(leaf));
      } else {
        acc.addLeaf(leaf, leaf.length);
      }
      leaves.add(MerkleTree.leafHash(leaf));
      assertArrayEquals(MerkleTree.root(leaves), acc.root(), "size " + n);
      assertEquals(n, acc.size());
    }
  }

  @Test
  void addLeaf_lengthShorterThanTheArray_hashesOnlyThatPrefix() {
    MerkleAccumulator acc = new MerkleAccumulator();
    acc.addLeaf("abcdef".getBytes(StandardCharsets.UTF_8), 3);
    assertArrayEquals(MerkleTree.root(List.of(MerkleTree.leafHash("abc".getBytes(StandardCharsets.UTF_8)))),
        acc.root());
  }

  @Test
  void addLeafHash_notThirtyTwoBytes_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> new MerkleAccumulator().addLeafHash(new byte[31]));
  }

  @Test
  void addLeafHashAtOffset_everySizeUpTo70_equalsMerkleTreeRootAndTheArrayMayChangeAfterwards() {
    MerkleAccumulator acc = new MerkleAccumulator();
    List<byte[]> leaves = new ArrayList<>();
    byte[] shared = new byte[100]; // one buffer for every leaf, overwritten each time: the accumulator copies
    for (int n = 1; n <= 70; n++) {
      byte[] hash = MerkleTree.leafHash(("leaf " + n).getBytes(StandardCharsets.UTF_8));
      int offset = n % 69;
      System.arraycopy(hash, 0, shared, offset, 32);
      acc.addLeafHash(shared, offset);
      java.util.Arrays.fill(shared, (byte) n);
      leaves.add(hash);
      assertArrayEquals(MerkleTree.root(leaves), acc.root(), "size " + n);
    }
  }

  @Test
  void addLeafHashAtOffset_thirtyTwoBytesNotWithinTheArray_isRejectedAndNothingAppended() {
    MerkleAccumulator acc = new MerkleAccumulator();
    assertThrows(IndexOutOfBoundsException.class, () -> acc.addLeafHash(new byte[64], 33));
    assertThrows(IndexOutOfBoundsException.class, () -> acc.addLeafHash(new byte[64], -1));
    acc.addLeafHash(new byte[64], 32);
    assertEquals(1, acc.size());
  }

  @Test
  void append_afterWarmUp_allocatesNothingPerLeaf() throws Exception {
    MerkleAccumulator acc = new MerkleAccumulator();
    byte[] leaf = new byte[120];
    byte[] hashes = new byte[64];
    for (int i = 0; i < 5_000; i++) { // makes every subtree buffer a run of up to 2^13 leaves needs, and warms up
      acc.addLeaf(leaf, leaf.length);
      acc.addLeafHash(hashes, 32);
    }
    long before = allocatedBytes();
    for (int i = 0; i < 3_000; i++) {
      leaf[i % leaf.length]++;
      acc.addLeaf(leaf, leaf.length);
      acc.addLeafHash(hashes, 32);
    }
    long allocated = allocatedBytes() - before;
    // Before this accumulator kept its subtrees in buffers of its own, the same loop allocated about 100 bytes a leaf.
    assertTrue(allocated < 6_000, "allocated " + allocated + " bytes for 6,000 leaves");
  }

  /** This thread's allocated bytes, through reflection: the test runs on the class path, outside the module. */
  private static long allocatedBytes() throws Exception {
    Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
    return (Long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes")
        .invoke(bean);
  }
}
