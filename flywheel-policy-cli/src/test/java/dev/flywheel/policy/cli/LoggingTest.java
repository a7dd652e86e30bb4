package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.engine.EngineProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoggingTest {

  @Test
  void decide_inChildJvm_stderrHasNoSlf4jLine(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    // A fresh JVM on the command line's class path: SLF4J looks for its provider once per JVM, and the decide
    // command loads the engine, whose logger is what made SLF4J look.
    Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            Main.class.getName(), "decide", "--purpose", "train", "deny train until 2027-01-01; allow eval")
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();

    assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the child JVM finished");
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(0, child.exitValue(), stdout + stderr);
    assertTrue(stdout.startsWith("deny"), stdout);
    assertFalse(stderr.lines().anyMatch(line -> line.contains("SLF4J")), stderr);
  }

  @Test
  void engineLogger_commandLineProvider_warnEnabledAndInfoDisabled() {
    Logger engineLog = LoggerFactory.getLogger(EngineProvider.class.getPackageName() + ".DefaultPolicyEngine");

    assertTrue(engineLog.isWarnEnabled(), "an internal failure the engine turned into a deny reaches stderr");
    assertFalse(engineLog.isInfoEnabled(), "nothing below WARN is printed");
  }
}
