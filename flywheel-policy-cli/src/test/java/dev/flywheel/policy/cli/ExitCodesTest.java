package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.policy.testkit.GeneratedDataset;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented exit codes (README.md, docs/FILTER.md): 0 success, 1 input found wanting, 2 usage error, 3 internal
 * failure (out of memory included), 4 I/O error; 130 and 143 are in {@link FilterInterruptTest}.
 */
class ExitCodesTest {

  @TempDir
  Path dir;

  private Path generate(int records) throws IOException {
    Path file = dir.resolve("records-" + records + ".jsonl");
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      GeneratedDataset.write(os, records, 5);
    }
    return file;
  }

  @Test
  void exitCode0_validTermsAndCompletedFilter() throws IOException {
    assertEquals(0, CliRunner.run("validate", "eval-only").exitCode());
    Path in = generate(50);
    assertEquals(0, CliRunner.run("filter", "--purpose", "train", "--in", in.toString()).exitCode());
  }

  @Test
  void exitCode1_invalidTermsOrRecords() throws IOException {
    assertEquals(1, CliRunner.run("validate", "deny tarin").exitCode());
    Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"no\": \"record\"}\n");
    assertEquals(1, CliRunner.run("validate", "--records", bad.toString()).exitCode());
  }

  @Test
  void review06_outUnderMissingFolder_errorNothingCreated() throws IOException {
    Path in = generate(20);
    Path missing = dir.resolve("missing");
    CliRunner.Result r = CliRunner.run("filter", "--purpose", "train", "--in", in.toString(),
        "--out", missing.resolve("deeper").resolve("x.jsonl").toString(),
        "--denied", dir.resolve("denied.jsonl").toString(), "--ledger", dir.resolve("ledger.json").toString());
    assertEquals(Main.USAGE, r.exitCode(), r.err());
    assertTrue(r.err().contains("does not exist"), r.err());
    assertFalse(Files.exists(missing), "no folder may be created");
    assertEquals(List.of(in.getFileName().toString()), FilterOutputFilesTest.listing(dir).stream().toList());
  }

  @Test
  void review06_outputIsAFolder_usageError() throws IOException {
    Path in = generate(20);
    CliRunner.Result r = CliRunner.run("filter", "--purpose", "train", "--in", in.toString(),
        "--ledger", dir.toString());
    assertEquals(Main.USAGE, r.exitCode(), r.err());
    assertTrue(r.err().contains("it is a folder"), r.err());
  }

  @Test
  void review06_inputIsAFolder_usageErrorForEveryCommand() {
    CliRunner.Result validate = CliRunner.run("validate", "--records", dir.toString());
    assertEquals(Main.USAGE, validate.exitCode(), validate.err());
    assertTrue(validate.err().contains("is a folder"), validate.err());
    CliRunner.Result decide = CliRunner.run("decide", "--purpose", "train", "--item", dir.toString());
    assertEquals(Main.USAGE, decide.exitCode(), decide.err());
    assertTrue(decide.err().contains("is a folder"), decide.err());
    CliRunner.Result filter = CliRunner.run("filter", "--purpose", "train", "--in", dir.toString());
    assertEquals(Main.USAGE, filter.exitCode(), filter.err());
  }

  @Test
  void review06_ledgerOrOutOnDevFull_bothIoError() throws IOException {
    Path in = generate(200);
    for (String option : List.of("--out", "--denied", "--ledger")) {
      CliRunner.Result r = CliRunner.run("filter", "--purpose", "train", "--at", "2027-03-01", "--in", in.toString(),
          option, "/dev/full");
      assertEquals(Main.IO_ERROR, r.exitCode(), option + ": " + r.err());
      assertTrue(r.err().startsWith("flywheel-policy: cannot write " + option + " /dev/full: "), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
    }
  }

  @Test
  void review06_stdoutFails_ioError() throws IOException {
    Path in = generate(20);
    java.io.PrintWriter failing = new java.io.PrintWriter(new java.io.Writer() {
      @Override
      public void write(char[] cbuf, int off, int len) throws IOException {
        throw new IOException("No space left on device");
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
    java.io.StringWriter err = new java.io.StringWriter();
    int code = Main.run(new String[] {"filter", "--purpose", "train", "--in", in.toString()}, failing,
        new java.io.PrintWriter(err));
    assertEquals(Main.IO_ERROR, code, err.toString());
    assertTrue(err.toString().contains("cannot write to stdout"), err.toString());
  }

  private static String drain(Process p, byte[] stdin) throws Exception {
    try (OutputStream os = p.getOutputStream()) {
      os.write(stdin);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the child did not finish");
    return out;
  }

  @Test
  void review06_inputFromPipe_readByEveryCommand() throws Exception {
    Path in = generate(300);
    byte[] bytes = Files.readAllBytes(in);
    for (String name : List.of("-", "/dev/stdin")) {
      Path ledger = dir.resolve("ledger" + (name.equals("-") ? "-dash" : "-stdin") + ".json");
      Process filter = ChildCli.builder(List.of(), "filter", "--purpose", "train", "--at", "2027-03-01",
          "--in", name, "--ledger", ledger.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = drain(filter, bytes);
      assertEquals(0, filter.exitValue(), name + ": " + out);
      JsonNode l = Json.MAPPER.readTree(ledger.toFile());
      assertEquals(300, l.get("records").get("read").asLong(), name);
      assertTrue(out.contains("records read"), out);

      Process validate = ChildCli.builder(List.of(), "validate", "--records", name)
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String report = drain(validate, bytes);
      assertTrue(report.strip().endsWith(" invalid"), name + ": " + report);
      assertTrue(validate.exitValue() == 0 || validate.exitValue() == 1, name + ": " + report);
    }
    Process imported = ChildCli.builder(List.of(), "import", "--from", "aipref", "/dev/stdin")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String terms = drain(imported, "train-ai=n\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(0, imported.exitValue(), terms);
    assertTrue(terms.startsWith("deny train-genai"), terms);
    Process decide = ChildCli.builder(List.of(), "decide", "--purpose", "train", "--item", "/dev/stdin")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String decision = drain(decide, new String(bytes, StandardCharsets.UTF_8).lines().findFirst().orElseThrow()
        .getBytes(StandardCharsets.UTF_8));
    assertEquals(0, decide.exitValue(), decision);
    assertTrue(decision.startsWith("allow") || decision.startsWith("deny") || decision.startsWith("obligation"),
        decision);
  }

  /**
   * Out of memory is an internal failure (3), never "input found wanting" (1): a child JVM with a 16 MiB heap filters
   * on 256 threads, which keeps far more lines in flight than the heap holds.
   */
  @Test
  void review06_outOfMemory_internalErrorNotWanting() throws Exception {
    Path in = generate(50_000);
    Path out = dir.resolve("allowed.jsonl");
    Path log = dir.resolve("child.log");
    Process p = ChildCli.builder(List.of("-Xmx16m", "-XX:+UseSerialGC"), "filter", "--purpose", "train",
        "--in", in.toString(), "--out", out.toString(), "--threads", "256")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = p.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      p.destroyForcibly();
    }
    String text = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(finished, text);
    assertEquals(Main.INTERNAL, p.exitValue(), text);
    assertTrue(text.contains("out of memory"), text);
    assertFalse(Files.exists(out), "a failed run leaves no output under its name");
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tmp-")), "temporaries removed");
    }
  }
}
