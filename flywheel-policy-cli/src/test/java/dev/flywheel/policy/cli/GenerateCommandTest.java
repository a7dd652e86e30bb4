package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.testkit.GeneratedDataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

  static byte[] generate(long records, long seed) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GeneratedDataset.write(out, records, seed);
    return out.toByteArray();
  }

  @Test
  void generate_sameSeed_sameBytes_otherSeedOtherBytes() throws IOException {
    assertArrayEquals(generate(500, 3), generate(500, 3));
    assertFalse(Arrays.equals(generate(500, 3), generate(500, 4)));
  }

  @Test
  void generate_records_oneLinePerRecord() throws IOException {
    String text = new String(generate(1234, 9), StandardCharsets.UTF_8);
    assertEquals(1234, text.split("\n", -1).length - 1);
    assertTrue(text.endsWith("\n"));
    assertEquals("", new String(generate(0, 9), StandardCharsets.UTF_8));
  }

  @Test
  void generate_mix_coversEveryKindOfTerm() throws IOException {
    String text = new String(generate(2000, GeneratedDataset.EXAMPLE_SEED), StandardCharsets.UTF_8);
    for (String needle : List.of("\"eval-only\"", "\"train if attribution\"", "pay collective masakhane 0.002 EUR",
        "pay collective \\\"Te Hiku Media\\\" and limit 40 per month", "pay collective karya 0.01 USD",
        "deny train from 2026-12-01", "\"language:yo\"", "\"by\":\"contributor\"", "\"CC-BY-4.0\"", "\"CC0-1.0\"",
        "\"CC-BY-NC-4.0\"", "allow train if limit 3 per month", "\"train if open-weights\"", "\"search-only\"",
        "\"allow eval\"", "allow train until 2027-01-01", "deny train until 2027-01-01; allow train",
        "released\": nu", "trian if attribution", "ada@example.org", "2026-02-30T10:00:00Z",
        "\"preference\": \"no-train\", \"preference\"")) {
      assertTrue(text.contains(needle), needle);
    }
  }

  @Test
  void generate_toFile_sameBytesAsTheGenerator(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("g.jsonl");
    CliRunner.Result r = CliRunner.run("generate", "--records", "50", "--seed", "5", "--out", file.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertArrayEquals(generate(50, 5), Files.readAllBytes(file));
  }

  @Test
  void generate_badArguments_exitTwo(@TempDir Path dir) {
    assertEquals(2, CliRunner.run("generate", "--records", "-1").exitCode());
    assertEquals(2, CliRunner.run("generate").exitCode());
    assertEquals(2, CliRunner.run("generate", "--records", "1", "--out",
        dir.resolve("missing").resolve("g.jsonl").toString()).exitCode());
  }
}
