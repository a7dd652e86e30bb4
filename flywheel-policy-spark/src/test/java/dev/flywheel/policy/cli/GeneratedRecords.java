package dev.flywheel.policy.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CLI's {@code generate} command's generator, for tests in other modules (same package, test class path). */
public final class GeneratedRecords {
  private GeneratedRecords() {}

  /** Writes what {@code generate --records N --seed S --out file} writes. */
  public static void write(Path file, long records, long seed) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      GenerateCommand.Generator.write(out, records, seed);
    }
  }
}
