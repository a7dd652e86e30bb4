package dev.flywheel.policy.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** Records with caps, and a read-only file that stays read-only for root too, for the usage store's tests. */
final class UsageStoreFiles {
  private UsageStoreFiles() {}

  /**
   * Writes {@code count} valid records with ids {@code prefix-1} to {@code prefix-count}, all of contributor
   * {@code contributor} whose own terms are {@code allow train; limit LIMIT per month}.
   */
  static Path cappedRecords(Path file, String prefix, int from, int count, String contributor, int limit)
      throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      lines.add("{\"schemaVersion\":1,\"id\":\"" + prefix + "-" + i + "\",\"contributor\":\"" + contributor
          + "\",\"collectives\":[],\"provenance\":{\"source\":\"test.example/app\",\"method\":\"chat\","
          + "\"created\":\"2026-11-05T15:01:05Z\"},\"licence\":\"proprietary\",\"released\":null,"
          + "\"preference\":\"allow train; limit " + limit + " per month\",\"tags\":{}}");
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  /**
   * Makes {@code file} read-only: its mode, and for root (whom the mode does not stop) the immutable attribute.
   * {@link #makeWritable(Path)} undoes both.
   */
  static void makeReadOnly(Path file) throws IOException, InterruptedException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    if (Files.isWritable(file)) {
      run("chattr", "+i", file.toString());
    }
    if (Files.isWritable(file)) {
      throw new IllegalStateException(file + " is still writable");
    }
  }

  static void makeWritable(Path file) throws IOException, InterruptedException {
    if (!Files.exists(file)) {
      return;
    }
    if (!Files.isWritable(file)) {
      new ProcessBuilder("chattr", "-i", file.toString()).inheritIO().start().waitFor();
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }
}
