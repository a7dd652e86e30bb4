package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code filter}'s output files: an output that is the input or another output is a usage error that touches nothing;
 * a failure to write any output is an I/O error that leaves no output under its final name.
 */
class FilterOutputFilesTest {

  @TempDir
  Path dir;

  Path input;
  byte[] inputBytes;

  @BeforeEach
  void generate() throws IOException {
    input = dir.resolve("records.jsonl");
    CliRunner.Result r = CliRunner.run("generate", "--records", "500", "--seed", "3", "--out", input.toString());
    assertEquals(0, r.exitCode(), r.err());
    inputBytes = Files.readAllBytes(input);
  }

  static CliRunner.Result filter(String... outputs) {
    List<String> args = new ArrayList<>(List.of("filter", "--purpose", "train", "--at", "2027-03-01",
        "--honour", "attribution", "--honour", "payment", "--honour", "quota"));
    args.addAll(List.of(outputs));
    return CliRunner.run(args.toArray(String[]::new));
  }

  /** The names in {@code folder}, recursively, relative to it. */
  static Set<String> listing(Path folder) throws IOException {
    try (Stream<Path> s = Files.walk(folder)) {
      Set<String> names = new TreeSet<>();
      s.filter(p -> !p.equals(folder)).forEach(p -> names.add(folder.relativize(p).toString()));
      return names;
    }
  }

  private void assertUsageErrorNothingTouched(CliRunner.Result r, Set<String> before) throws IOException {
    assertEquals(Main.USAGE, r.exitCode(), r.err());
    assertArrayEquals(inputBytes, Files.readAllBytes(input), "the input must be untouched");
    assertEquals(before, listing(dir), "no file may be created or removed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--out", "--denied", "--ledger"})
  void review03_outSameAsIn_usageErrorInputUntouched(String option) throws IOException {
    Set<String> before = listing(dir);
    CliRunner.Result r = filter("--in", input.toString(), option, input.toString());
    assertUsageErrorNothingTouched(r, before);
    assertTrue(r.err().contains("is the input file"), r.err());
  }

  @Test
  void review03_outIsInByDotSegmentRelativePathSymlinkOrHardLink_usageErrorInputUntouched() throws IOException {
    Path symlink = Files.createSymbolicLink(dir.resolve("link.jsonl"), input);
    Path hardLink = Files.createLink(dir.resolve("hard.jsonl"), input);
    Path viaDot = dir.resolve(".").resolve("records.jsonl");
    Path viaDotDot = dir.resolve("sub-never-made").resolve("..").resolve("records.jsonl");
    Path relative = Path.of("").toAbsolutePath().relativize(input);
    Set<String> before = listing(dir);
    for (Path alias : List.of(symlink, hardLink, viaDot, viaDotDot, relative)) {
      CliRunner.Result r = filter("--in", input.toString(), "--out", alias.toString());
      assertUsageErrorNothingTouched(r, before);
      // And the other way round: the input named through the alias.
      r = filter("--in", alias.toString(), "--denied", input.toString());
      assertUsageErrorNothingTouched(r, before);
    }
  }

  @Test
  void review03_twoOutputsSameNewFile_usageErrorNothingCreated() throws IOException {
    Path out = dir.resolve("both.jsonl");
    Set<String> before = listing(dir);
    assertUsageErrorNothingTouched(filter("--in", input.toString(), "--out", out.toString(), "--denied",
        out.toString()), before);
    assertUsageErrorNothingTouched(filter("--in", input.toString(), "--out", out.toString(), "--ledger",
        dir.resolve(".").resolve("both.jsonl").toString()), before);
  }

  @Test
  void review03_twoOutputsSameFileViaSymlinkedFolder_usageErrorNothingCreated() throws IOException {
    Path real = Files.createDirectory(dir.resolve("real"));
    Path linked = Files.createSymbolicLink(dir.resolve("linked"), real);
    Set<String> before = listing(dir);
    CliRunner.Result r = filter("--in", input.toString(), "--out", real.resolve("a.jsonl").toString(),
        "--denied", linked.resolve("a.jsonl").toString());
    assertUsageErrorNothingTouched(r, before);
    assertTrue(r.err().contains("is the same file as --out"), r.err());
  }

  @Test
  void review03_twoOutputsSameExistingFileByHardLink_usageErrorBothUntouched() throws IOException {
    Path a = Files.writeString(dir.resolve("a.jsonl"), "keep me\n");
    Path b = Files.createLink(dir.resolve("b.jsonl"), a);
    Set<String> before = listing(dir);
    assertUsageErrorNothingTouched(filter("--in", input.toString(), "--out", a.toString(), "--ledger",
        b.toString()), before);
    assertEquals("keep me\n", Files.readString(a));
  }

  @Test
  void review03_outputsOnlyDevNullTwice_allowed() {
    CliRunner.Result r = filter("--in", input.toString(), "--out", "/dev/null", "--denied", "/dev/null");
    assertEquals(Main.OK, r.exitCode(), r.err());
  }

  @Test
  void review04_ledgerWriteFails_ioErrorNoOutputUnderItsName() throws IOException {
    Set<String> before = listing(dir);
    CliRunner.Result r = filter("--in", input.toString(), "--out", dir.resolve("allowed.jsonl").toString(),
        "--denied", dir.resolve("denied.jsonl").toString(), "--ledger", "/dev/full");
    assertEquals(Main.IO_ERROR, r.exitCode(), r.err());
    assertEquals(1, r.err().lines().count(), "one line, no usage text: " + r.err());
    assertTrue(r.err().startsWith("flywheel-policy: cannot write --ledger /dev/full: "), r.err());
    assertEquals(before, listing(dir), "neither --out nor --denied nor a temporary file may remain");
    assertEquals("", r.out(), "no summary for a run that failed");
  }

  @Test
  void review04_outWriteFails_ioErrorNoLedgerNoOtherOutput() throws IOException {
    Set<String> before = listing(dir);
    CliRunner.Result r = filter("--in", input.toString(), "--out", "/dev/full", "--denied",
        dir.resolve("denied.jsonl").toString(), "--ledger", dir.resolve("ledger.json").toString());
    assertEquals(Main.IO_ERROR, r.exitCode(), r.err());
    assertEquals(1, r.err().lines().count(), "one line, no usage text: " + r.err());
    assertTrue(r.err().startsWith("flywheel-policy: cannot write --out /dev/full: "), r.err());
    assertEquals(before, listing(dir));
  }

  @Test
  void review04_existingOutputsAndWriteFails_previousFilesKeptAsTheyWere() throws IOException {
    Path allowed = Files.writeString(dir.resolve("allowed.jsonl"), "previous run\n");
    Path ledger = Files.writeString(dir.resolve("ledger.json"), "{}\n");
    Set<String> before = listing(dir);
    CliRunner.Result r = filter("--in", input.toString(), "--out", allowed.toString(), "--ledger",
        ledger.toString(), "--denied", "/dev/full");
    assertEquals(Main.IO_ERROR, r.exitCode(), r.err());
    assertEquals(before, listing(dir));
    assertEquals("previous run\n", Files.readString(allowed));
    assertEquals("{}\n", Files.readString(ledger));
  }

  /**
   * A collective name holding a lone surrogate (an escape in the record's JSON) cannot be encoded as UTF-8 in the
   * ledger. Whether the validator rejects such a record or the ledger write fails, the outputs are never left
   * complete-looking without their ledger and the exit code is never a usage error.
   */
  @Test
  void review04_collectiveWithLoneSurrogate_neverOutputsWithoutLedger() throws IOException {
    String record = "{\"schemaVersion\":1,\"id\":\"rec-1\",\"contributor\":\"c-1\",\"collectives\":[\"x\\ud800y\"],"
        + "\"provenance\":{\"source\":\"voices.example/app\",\"method\":\"import\","
        + "\"created\":\"2026-11-05T15:01:05Z\"},"
        + "\"licence\":\"proprietary\",\"released\":null,\"preference\":\"train if attribution\",\"statements\":[],"
        + "\"tags\":{\"language\":\"kn\",\"domain\":\"chat\",\"kind\":\"text\"}}\n";
    Path in = Files.writeString(dir.resolve("surrogate.jsonl"), record);
    Path allowed = dir.resolve("allowed.jsonl");
    Path ledger = dir.resolve("ledger.json");
    CliRunner.Result r = filter("--in", in.toString(), "--out", allowed.toString(), "--ledger", ledger.toString());
    // The record is invalid (invalid-unicode), so the run completes: its ledger is written and names no payee.
    assertEquals(Main.OK, r.exitCode(), r.err());
    JsonNode l = Json.MAPPER.readTree(ledger.toFile());
    assertEquals(1, l.get("records").get("read").asLong());
    assertEquals(1, l.get("records").get("invalid").asLong());
    assertFalse(Files.readString(ledger, StandardCharsets.UTF_8).contains("x\\ud800y"), "the name never reaches it");
    assertEquals("", Files.readString(allowed, StandardCharsets.UTF_8));
    assertFalse(r.err().contains("Usage:"), r.err());
  }

  @Test
  void filter_completedRun_outputsInPlaceNoTemporaryLeft() throws IOException {
    CliRunner.Result r = filter("--in", input.toString(), "--out", dir.resolve("allowed.jsonl").toString(),
        "--denied", dir.resolve("denied.jsonl").toString(), "--ledger", dir.resolve("ledger.json").toString());
    assertEquals(Main.OK, r.exitCode(), r.err());
    assertEquals(Set.of("records.jsonl", "allowed.jsonl", "denied.jsonl", "ledger.json"), listing(dir));
    JsonNode ledger = Json.MAPPER.readTree(Files.readString(dir.resolve("ledger.json"), StandardCharsets.UTF_8));
    assertEquals(500, ledger.get("records").get("read").asLong());
  }

  @Test
  void filter_replacesExistingOutput_keepsItsPermissions() throws IOException {
    Path allowed = Files.writeString(dir.resolve("allowed.jsonl"), "old\n");
    Set<java.nio.file.attribute.PosixFilePermission> permissions =
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----");
    Files.setPosixFilePermissions(allowed, permissions);
    CliRunner.Result r = filter("--in", input.toString(), "--out", allowed.toString());
    assertEquals(Main.OK, r.exitCode(), r.err());
    assertEquals(permissions, Files.getPosixFilePermissions(allowed));
    assertTrue(Files.readString(allowed).startsWith("{\"line\":"));
  }

  @Test
  void filter_outputThroughSymlink_writesTheLinkedFileAndKeepsTheLink() throws IOException {
    Path target = Files.writeString(dir.resolve("target.jsonl"), "old\n");
    Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), target);
    CliRunner.Result r = filter("--in", input.toString(), "--out", link.toString());
    assertEquals(Main.OK, r.exitCode(), r.err());
    assertTrue(Files.isSymbolicLink(link));
    assertTrue(Files.readString(target).startsWith("{\"line\":"), "the linked file has the allowed records");
  }
}
