package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options {@code bin/flywheel-policy} chooses by the length of the run: the quick-start options (C1 only,
 * the serial collector, no perf data) for a short command, the JVM's defaults for a long one, and the user's
 * {@code FLYWHEEL_POLICY_JAVA_OPTS} over both. What the JVM got is read from the JVM itself: {@code
 * -XX:+PrintCommandLineFlags}, given through {@code JAVA_TOOL_OPTIONS} so that the launcher's own choice is not
 * touched, prints the flags in force as the first line of stdout. Runs after the package phase.
 */
class LauncherStartOptionsIT {
  private static final Path LAUNCHER = Path.of("..", "bin", "flywheel-policy").toAbsolutePath().normalize();
  private static final String QUICK_COMPILER = "-XX:TieredStopAtLevel=1";
  private static final String QUICK_COLLECTOR = "-XX:+UseSerialGC";
  private static final String NO_PERF_DATA = "-XX:-UsePerfData";

  /** The flags the JVM ran with, and the exit code, the rest of stdout and stderr of one launcher run. */
  private record Run(List<String> flags, int exit, String out, String err) {}

  private static Run launch(Path dir, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(LAUNCHER.toString());
    command.addAll(List.of(args));
    Path empty = Files.write(dir.resolve("empty-stdin"), new byte[0]);
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectInput(empty.toFile())
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile());
    pb.environment().remove("FLYWHEEL_POLICY_CDS");
    pb.environment().remove("FLYWHEEL_POLICY_JAVA_OPTS");
    pb.environment().remove("FLYWHEEL_POLICY_START");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().put("JAVA_TOOL_OPTIONS", "-XX:+PrintCommandLineFlags");
    pb.environment().putAll(env);
    Process p = pb.start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "launcher did not finish");
    String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
    String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8)
        .replace("Picked up JAVA_TOOL_OPTIONS: -XX:+PrintCommandLineFlags\n", "");
    int newline = out.indexOf('\n');
    List<String> flags = newline < 0 ? List.of() : List.of(out.substring(0, newline).strip().split(" "));
    return new Run(flags, p.exitValue(), newline < 0 ? out : out.substring(newline + 1), err);
  }

  private static void assertQuick(Run run) {
    assertTrue(run.flags().contains(QUICK_COMPILER), run.flags().toString());
    assertTrue(run.flags().contains(QUICK_COLLECTOR), run.flags().toString());
    assertTrue(run.flags().contains(NO_PERF_DATA), run.flags().toString());
  }

  private static void assertJvmDefaults(Run run) {
    assertFalse(run.flags().stream().anyMatch(f -> f.startsWith("-XX:TieredStopAtLevel")), run.flags().toString());
    assertFalse(run.flags().contains(QUICK_COLLECTOR), run.flags().toString());
    assertFalse(run.flags().contains(NO_PERF_DATA), run.flags().toString());
  }

  private static Path records(Path dir) throws IOException {
    Path records = dir.resolve("records.jsonl");
    Files.copy(Path.of("..", "examples", "contributions.jsonl"), records);
    return records;
  }

  @Test
  void launcher_shortCommands_getTheQuickStartOptions(@TempDir Path dir) throws Exception {
    Run validate = launch(dir, Map.of(), "validate", "eval-only");
    assertEquals(0, validate.exit(), validate.err());
    assertEquals("<input>: valid: eval-only\n", validate.out());
    assertQuick(validate);
    for (String[] args : new String[][] {{"fmt", "eval-only"}, {"decide", "--purpose", "eval", "eval-only"},
        {"--help"}, {"--version"}, {"filter", "--help"}, {"export", "--to", "aipref", "eval-only"}}) {
      Run run = launch(dir, Map.of(), args);
      assertEquals(0, run.exit(), List.of(args) + ": " + run.err());
      assertQuick(run);
    }
  }

  @Test
  void launcher_longCommands_getTheJvmDefaults(@TempDir Path dir) throws Exception {
    Path records = records(dir);
    Run filter = launch(dir, Map.of(), "filter", "--purpose", "train", "--at", "2027-03-01", "--in",
        records.toString(), "--out", dir.resolve("allowed.jsonl").toString());
    assertEquals(0, filter.exit(), filter.err());
    assertJvmDefaults(filter);
    assertTrue(filter.flags().contains("-XX:+UseG1GC"), filter.flags().toString());
    Run validateRecords = launch(dir, Map.of(), "validate", "--records", records.toString());
    assertTrue(validateRecords.out().endsWith(" valid, 32 invalid\n"), validateRecords.out());
    assertJvmDefaults(validateRecords);
    Run validateRecordsJoined = launch(dir, Map.of(), "validate", "--records=" + records);
    assertJvmDefaults(validateRecordsJoined);
    Run decideLines = launch(dir, Map.of(), "decide", "--purpose", "eval", "--lines", "-");
    assertEquals(0, decideLines.exit(), decideLines.err());
    assertJvmDefaults(decideLines);
  }

  @Test
  void launcher_userJavaOptions_winOverTheQuickStartOptions(@TempDir Path dir) throws Exception {
    Run compiler = launch(dir, Map.of("FLYWHEEL_POLICY_JAVA_OPTS", "-XX:TieredStopAtLevel=4"), "validate", "eval-only");
    assertEquals(0, compiler.exit(), compiler.err());
    assertTrue(compiler.flags().contains("-XX:TieredStopAtLevel=4"), compiler.flags().toString());
    assertFalse(compiler.flags().contains(QUICK_COMPILER), compiler.flags().toString());
    // A collector of the user's replaces the quick-start one instead of conflicting with it.
    Run collector = launch(dir, Map.of("FLYWHEEL_POLICY_JAVA_OPTS", "-XX:+UseParallelGC"), "validate", "eval-only");
    assertEquals(0, collector.exit(), collector.err());
    assertEquals("<input>: valid: eval-only\n", collector.out());
    assertTrue(collector.flags().contains("-XX:+UseParallelGC"), collector.flags().toString());
    assertFalse(collector.flags().contains(QUICK_COLLECTOR), collector.flags().toString());
    assertTrue(collector.flags().contains(QUICK_COMPILER), collector.flags().toString());
    // The JVM reads these variables too; a collector there would otherwise stop every short command.
    Run toolOptions = launch(dir, Map.of("JDK_JAVA_OPTIONS", "-XX:+UseParallelGC"), "validate", "eval-only");
    assertEquals(0, toolOptions.exit(), toolOptions.err());
    assertEquals("<input>: valid: eval-only\n", toolOptions.out());
    assertTrue(toolOptions.flags().contains("-XX:+UseParallelGC"), toolOptions.flags().toString());
    assertFalse(toolOptions.flags().contains(QUICK_COLLECTOR), toolOptions.flags().toString());
  }

  @Test
  void launcher_startVariable_forcesEitherSetAndRejectsOtherValues(@TempDir Path dir) throws Exception {
    Run full = launch(dir, Map.of("FLYWHEEL_POLICY_START", "full"), "validate", "eval-only");
    assertEquals(0, full.exit(), full.err());
    assertJvmDefaults(full);
    Run quick = launch(dir, Map.of("FLYWHEEL_POLICY_START", "quick"), "validate", "--records",
        records(dir).toString());
    assertTrue(quick.out().endsWith(" valid, 32 invalid\n"), quick.out());
    assertQuick(quick);
    Run bad = launch(dir, Map.of("FLYWHEEL_POLICY_START", "fast"), "validate", "eval-only");
    assertEquals(2, bad.exit());
    assertEquals("flywheel-policy: FLYWHEEL_POLICY_START must be auto, quick or full, not 'fast'\n", bad.err());
    assertEquals(List.of(), bad.flags());
  }
}
