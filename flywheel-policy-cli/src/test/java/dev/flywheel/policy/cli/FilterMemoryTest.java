package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.policy.testkit.GeneratedDataset;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Memory stays flat: {@code filter} over 200,000 generated records (about 80 MB) in a child JVM limited to a 32 MB
 * heap must complete with every line accounted for, both outputs and the ledger written, with one thread or several
 * (each deciding thread keeps up to two chunks in flight). A filter that kept records, output lines or per-record
 * ledger entries would run out of memory long before the end.
 */
class FilterMemoryTest {
  private static final int RECORDS = 200_000;

  @TempDir
  static Path shared;

  private static Path input;

  @BeforeAll
  static void writeInput() throws Exception {
    input = shared.resolve("big.jsonl");
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(input), 1 << 16)) {
      GeneratedDataset.write(os, RECORDS, 99);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 7})
  void filter_manyRecordsIn32MiBHeap_completes(int threads, @TempDir Path dir) throws Exception {
    Path in = input;
    assertTrue(Files.size(in) > 64L * 1024 * 1024, "the input must be larger than the heap");
    Path ledger = dir.resolve("ledger.json");
    Path allowed = dir.resolve("allowed.jsonl");
    Path denied = dir.resolve("denied.jsonl");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx32m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "filter", "--purpose", "train", "--at", "2027-03-01", "--honour", "attribution",
        "--honour", "payment", "--honour", "quota", "--in", in.toString(), "--out", allowed.toString(),
        "--denied", denied.toString(), "--ledger", ledger.toString(), "--threads", Integer.toString(threads))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile())
        .start();
    boolean finished = p.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      p.destroyForcibly();
    }
    String log = Files.readString(dir.resolve("child.log"), StandardCharsets.UTF_8);
    assertTrue(finished, "child did not finish: " + log);
    assertEquals(0, p.exitValue(), log);
    JsonNode l = Json.MAPPER.readTree(ledger.toFile());
    JsonNode records = l.get("records");
    assertEquals(RECORDS, records.get("read").asLong());
    assertEquals(RECORDS, records.get("allowed").asLong() + records.get("denied").asLong()
        + records.get("invalid").asLong());
    try (var lines = Files.lines(allowed)) {
      assertEquals(records.get("allowed").asLong(), lines.count());
    }
    try (var lines = Files.lines(denied)) {
      assertEquals(records.get("denied").asLong() + records.get("invalid").asLong(), lines.count());
    }
    assertTrue(log.contains("records read"), log);
    assertTrue(List.of(log.split("\n")).stream().noneMatch(s -> s.contains("OutOfMemoryError")), log);
  }
}
