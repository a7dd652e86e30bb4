package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.testkit.GeneratedDataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code filter} stopped part way leaves no output that looks finished. The child process reads a large generated
 * input from a pipe; the test writes part of it, waits until the allowed records have reached the (temporary) output
 * file, so the run is certainly in the middle, then stops the process.
 */
class FilterInterruptTest {
  private static final int RECORDS = 20_000;
  private static final Set<String> FINAL_NAMES = Set.of("allowed.jsonl", "denied.jsonl", "ledger.json");

  @TempDir
  Path dir;

  private Process startMidRun(Path out) throws Exception {
    ByteArrayOutputStream generated = new ByteArrayOutputStream();
    GeneratedDataset.write(generated, RECORDS, 17);
    Process p = ChildCli.builder(List.of("-XX:+UseSerialGC"), "filter", "--purpose", "train", "--at", "2027-03-01",
        "--honour", "attribution", "--in", "-", "--out", out.resolve("allowed.jsonl").toString(),
        "--denied", out.resolve("denied.jsonl").toString(), "--ledger", out.resolve("ledger.json").toString())
        .redirectOutput(dir.resolve("stdout.txt").toFile())
        .redirectError(dir.resolve("stderr.txt").toFile())
        .start();
    // Part of the input, and the pipe left open: the child cannot finish before it is stopped.
    OutputStream stdin = p.getOutputStream();
    stdin.write(generated.toByteArray());
    stdin.flush();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (temporariesSize(out) == 0) {
      assertTrue(p.isAlive(), "the child ended early: " + stderr());
      assertTrue(System.nanoTime() < deadline, "no output reached the temporary files");
      Thread.sleep(20);
    }
    return p;
  }

  /** The bytes in the outputs' temporary files ({@code .NAME.tmp-RANDOM}). */
  private static long temporariesSize(Path folder) throws IOException {
    long size = 0;
    for (Path p : names(folder)) {
      if (isTemporary(p.getFileName().toString())) {
        size += Files.size(p);
      }
    }
    return size;
  }

  private static boolean isTemporary(String name) {
    return FINAL_NAMES.stream().anyMatch(f -> name.startsWith("." + f + ".tmp-"));
  }

  private static List<Path> names(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.toList();
    }
  }

  private String stderr() throws IOException {
    return Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
  }

  private int stop(Process p, String signal) throws Exception {
    ChildCli.signal(p, signal);
    assertTrue(p.waitFor(1, TimeUnit.MINUTES), "the child did not stop on " + signal);
    p.getOutputStream().close();
    return p.exitValue();
  }

  private void assertStoppedCleanly(Path out, int exit, int expected) throws IOException {
    String err = stderr();
    assertEquals(expected, exit, "exit code; stderr: " + err
        + " (a child started with SIGINT ignored, as by '&' in a non-interactive shell, cannot be interrupted)");
    assertTrue(err.contains("stopped before the run completed"), err);
    assertEquals(List.of(), names(out), "neither a final name nor a temporary file may remain");
    assertFalse(Files.readString(dir.resolve("stdout.txt")).contains("records read"), "no summary");
  }

  @Test
  void review05_sigtermMidRun_noFinishedLookingOutputs() throws Exception {
    Path out = Files.createDirectory(dir.resolve("out"));
    Process p = startMidRun(out);
    assertStoppedCleanly(out, stop(p, "TERM"), 143);
  }

  @Test
  void review05_sigintMidRun_noFinishedLookingOutputs() throws Exception {
    Path out = Files.createDirectory(dir.resolve("out"));
    Process p = startMidRun(out);
    assertStoppedCleanly(out, stop(p, "INT"), 130);
  }

  @Test
  void review05_kill9MidRun_onlyTemporariesRemain() throws Exception {
    Path out = Files.createDirectory(dir.resolve("out"));
    Files.writeString(out.resolve("ledger.json"), "{\"from\": \"an earlier run\"}\n");
    Process p = startMidRun(out);
    assertEquals(137, stop(p, "KILL"));
    for (Path file : names(out)) {
      String name = file.getFileName().toString();
      assertTrue(name.equals("ledger.json") || isTemporary(name), "unexpected file " + name);
    }
    assertFalse(Files.exists(out.resolve("allowed.jsonl")));
    assertFalse(Files.exists(out.resolve("denied.jsonl")));
    assertEquals("{\"from\": \"an earlier run\"}\n", Files.readString(out.resolve("ledger.json")),
        "the earlier run's ledger is untouched");
    assertTrue(temporariesSize(out) > 0, "the temporaries of the killed run are what remains");
  }
}
