package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher: {@code bin/flywheel-policy} starts the jar with the class-data-sharing archive the package
 * phase built ({@code target/flywheel-policy.jsa}), and a stale or damaged archive changes nothing but the speed.
 * Runs after the package phase (the {@code launcher-tests} execution in this module's pom).
 */
class LauncherAppCdsIT {
  private static final Path LAUNCHER = Path.of("..", "bin", "flywheel-policy").toAbsolutePath().normalize();
  private static final Path ARCHIVE = Path.of("target", "flywheel-policy.jsa").toAbsolutePath();

  /** The exit code, stdout and stderr of one launcher run. */
  private record Run(int exit, String out, String err) {}

  private static Run launch(Path dir, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = LAUNCHER.toString();
    System.arraycopy(args, 0, command, 1, args.length);
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile());
    pb.environment().remove("FLYWHEEL_POLICY_CDS");
    pb.environment().remove("FLYWHEEL_POLICY_JAVA_OPTS");
    pb.environment().remove("FLYWHEEL_POLICY_START");
    pb.environment().putAll(env);
    Process p = pb.start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "launcher did not finish");
    return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void launcher_builtArchive_mapsTheCommandsClassesFromIt(@TempDir Path dir) throws Exception {
    assertTrue(Files.isRegularFile(ARCHIVE), "the package phase builds " + ARCHIVE);
    Path classLog = dir.resolve("classes.log");
    Run run = launch(dir, Map.of("FLYWHEEL_POLICY_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog),
        "validate", "eval-only");
    assertEquals(0, run.exit(), run.err());
    assertEquals("<input>: valid: eval-only\n", run.out());
    String log = Files.readString(classLog, StandardCharsets.UTF_8);
    assertTrue(log.contains("dev.flywheel.policy.cli.Main source: shared objects file (top)"), log);
    assertTrue(log.contains("dev.flywheel.policy.grammar.TermsParser source: shared objects file (top)"), log);
  }

  @Test
  void launcher_builtArchive_holdsTheTrainedCommandsUnderQuickAndFullStartOptions(@TempDir Path dir)
      throws Exception {
    // The archive is dumped under the JVM's default collector (G1); the quick-start options of a short command use
    // the serial collector, under which JDK 17 maps the archive's classes but not its heap objects.
    String[][] runs = {
        {"quick", "dev.flywheel.policy.cli.DecideCommand", "decide", "--purpose", "eval", "eval-only"},
        {"quick", "dev.flywheel.policy.cli.FmtCommand", "fmt", "eval-only"},
        {"quick", "dev.flywheel.policy.cli.ExportCommand", "export", "--to", "aipref", "eval-only"},
        {"full", "dev.flywheel.policy.cli.ValidateCommand", "validate", "eval-only"},
        {"full", "dev.flywheel.policy.grammar.TermsParser", "decide", "--purpose", "eval", "eval-only"}};
    for (String[] spec : runs) {
      Path classLog = dir.resolve("classes-" + spec[0] + "-" + spec[2] + ".log");
      Run run = launch(dir, Map.of("FLYWHEEL_POLICY_START", spec[0],
          "FLYWHEEL_POLICY_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog),
          java.util.Arrays.copyOfRange(spec, 2, spec.length));
      assertEquals(0, run.exit(), run.err());
      String log = Files.readString(classLog, StandardCharsets.UTF_8);
      assertTrue(log.contains(spec[1] + " source: shared objects file (top)"), spec[0] + " " + spec[1]);
    }
  }

  @Test
  void launcher_damagedArchive_sameOutputNothingOnStderr(@TempDir Path dir) throws Exception {
    Path damaged = dir.resolve("damaged.jsa");
    byte[] bytes = new byte[64 * 1024];
    new java.util.Random(7).nextBytes(bytes);
    Files.write(damaged, bytes);
    Path classLog = dir.resolve("classes.log");
    Run run = launch(dir, Map.of("FLYWHEEL_POLICY_CDS", damaged.toString(),
        "FLYWHEEL_POLICY_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog), "validate", "eval-only");
    assertEquals(0, run.exit(), run.err());
    assertEquals("<input>: valid: eval-only\n", run.out());
    assertEquals("", run.err());
    assertFalse(Files.readString(classLog, StandardCharsets.UTF_8).contains("shared objects file (top)"));
  }

  @Test
  void launcher_archiveOfAnotherJar_ignoredSameOutputNothingOnStderr(@TempDir Path dir) throws Exception {
    // An archive made for a copy of the jar with another modification time no longer matches the built jar.
    Path jar = dir.resolve("copy.jar");
    Files.copy(Path.of("target", "flywheel-policy.jar"), jar);
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(0));
    Path stale = dir.resolve("stale.jsa");
    Process make = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:ArchiveClassesAtExit=" + stale, "-Xlog:cds=off,cds+dynamic=off", "-jar", jar.toString(),
        "validate", "eval-only").redirectErrorStream(true).redirectOutput(dir.resolve("make.txt").toFile()).start();
    assertTrue(make.waitFor(2, TimeUnit.MINUTES));
    assertTrue(Files.isRegularFile(stale), Files.readString(dir.resolve("make.txt")));
    Path classLog = dir.resolve("classes.log");
    Run run = launch(dir, Map.of("FLYWHEEL_POLICY_CDS", stale.toString(),
        "FLYWHEEL_POLICY_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog), "validate", "eval-only");
    assertEquals(0, run.exit(), run.err());
    assertEquals("<input>: valid: eval-only\n", run.out());
    assertEquals("", run.err());
    assertFalse(Files.readString(classLog, StandardCharsets.UTF_8).contains("shared objects file (top)"));
  }

  @Test
  void launcher_cdsOff_runsWithoutTheArchive(@TempDir Path dir) throws Exception {
    Path classLog = dir.resolve("classes.log");
    Run run = launch(dir, Map.of("FLYWHEEL_POLICY_CDS", "off",
        "FLYWHEEL_POLICY_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog), "validate", "eval-only");
    assertEquals(0, run.exit(), run.err());
    assertFalse(Files.readString(classLog, StandardCharsets.UTF_8).contains("shared objects file (top)"));
  }
}
