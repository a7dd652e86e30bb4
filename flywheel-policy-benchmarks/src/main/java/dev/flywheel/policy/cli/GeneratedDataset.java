package dev.flywheel.policy.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The synthetic contribution dataset of {@code flywheel-policy generate}, in memory: the filter benchmark runs over
 * exactly what the command writes (same generator, same mix of valid, invalid and layered records).
 */
public final class GeneratedDataset {
  private GeneratedDataset() {}

  /** {@code records} lines of JSON Lines made from {@code seed}, as UTF-8 bytes. */
  public static byte[] jsonl(long records, long seed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, records * 700));
    try {
      GenerateCommand.Generator.write(out, records, seed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The seed of the example dataset in {@code examples/}. */
  public static long exampleSeed() {
    return GenerateCommand.EXAMPLE_SEED;
  }
}
