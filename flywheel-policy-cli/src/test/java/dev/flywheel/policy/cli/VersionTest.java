package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class VersionTest {
  /** A short or full commit id, or "unknown" when the build ran outside a git checkout. */
  private static final String COMMIT = "([0-9a-f]{7,40}|unknown)";

  @Test
  void version_builtProject_printsProjectVersionAndCommit() {
    String expected = System.getProperty("flywheel.policy.expectedVersion");
    assertNotNull(expected, "the build passes the project version to the tests");

    CliRunner.Result r = CliRunner.run("--version");

    assertEquals(0, r.exitCode(), r.err());
    String line = r.out().strip();
    assertTrue(Pattern.matches("flywheel-policy " + Pattern.quote(expected) + " \\(commit " + COMMIT + "\\)", line),
        line);
  }

  @Test
  void version_builtProject_printsCommitOfThisCheckout() throws Exception {
    String line = CliRunner.run("--version").out().strip();

    // The build asks the git command for HEAD; outside a checkout, or without git, it records "unknown".
    assertTrue(line.endsWith(" (commit " + headOfThisCheckout() + ")"), line);
  }

  /** {@code git rev-parse --short=7 HEAD} run where the tests run (the module's directory), or "unknown". */
  private static String headOfThisCheckout() throws InterruptedException {
    try {
      Process git = new ProcessBuilder("git", "rev-parse", "--short=7", "HEAD").redirectErrorStream(true).start();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!git.waitFor(1, TimeUnit.MINUTES)) {
        git.destroyForcibly();
        return "unknown";
      }
      return git.exitValue() == 0 ? out : "unknown";
    } catch (IOException noGitCommand) {
      return "unknown";
    }
  }

  @Test
  void describe_unfilledPlaceholders_printsUnknownNotPlaceholder() {
    Properties build = new Properties();
    build.setProperty("version", "${project.version}");
    build.setProperty("commit", "${flywheel.commit}");

    assertEquals("flywheel-policy unknown (commit unknown)", Main.Version.describe(build));
  }

  @Test
  void describe_builtVersionAndCommit_printsBoth() {
    Properties build = new Properties();
    build.setProperty("version", "0.2.0");
    build.setProperty("commit", "1a2b3c4");

    assertEquals("flywheel-policy 0.2.0 (commit 1a2b3c4)", Main.Version.describe(build));
  }

  @Test
  void describe_missingResource_printsUnknown() {
    assertEquals("flywheel-policy unknown (commit unknown)", Main.Version.describe(new Properties()));
  }
}
