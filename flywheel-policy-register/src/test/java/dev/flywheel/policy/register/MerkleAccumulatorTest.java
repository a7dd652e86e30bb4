package dev.flywheel.policy.register;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
