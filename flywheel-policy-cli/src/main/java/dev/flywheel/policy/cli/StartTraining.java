package dev.flywheel.policy.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The training run of the class-data-sharing archive that the package phase builds next to the jar
 * ({@code flywheel-policy-cli/pom.xml}, execution {@code app-cds-archive}): it runs, in one JVM, the short commands
 * that are run most (the help, {@code validate}, {@code fmt}, {@code decide}, {@code import}, {@code export}, in text
 * and JSON), so that the archive holds the classes each of them loads and a later call of any of them maps them
 * ready-made. The commands' output is discarded. Exit 0 when every command exited as expected, 1 otherwise (the
 * archive is still written, only with fewer classes; {@code LauncherAppCdsIT} checks what it holds).
 */
final class StartTraining {
  /** One command of the training run and the exit code it must give. */
  record Step(int exit, List<String> args) {
    Step(int exit, String... args) {
      this(exit, List.of(args));
    }
  }

  /** The commands, in order; a fixed time so that the run is the same on every build. */
  static final List<Step> STEPS = List.of(
      new Step(Main.OK, "--help"),
      new Step(Main.OK, "--version"),
      new Step(Main.OK, "help", "validate"),
      new Step(Main.OK, "validate", "eval-only"),
      new Step(Main.WANTING, "validate", "deny train until 2027-13-01"),
      new Step(Main.OK, "validate", "--format", "json", "--at", "2027-03-01",
          "deny train until 2027-01-01; allow eval"),
      new Step(Main.OK, "fmt", "deny  train;allow eval"),
      new Step(Main.OK, "decide", "--purpose", "train", "--at", "2027-03-01", "eval-only"),
      new Step(Main.OK, "decide", "--purpose", "eval", "--at", "2027-03-01", "--format", "json",
          "--honour", "attribution", "deny train until 2027-01-01; allow eval with attribution"),
      new Step(Main.OK, "import", "--from", "aipref", "train-ai=n, search=y"),
      new Step(Main.OK, "export", "--to", "aipref", "deny train-genai; allow search"),
      new Step(Main.USAGE, "valdate", "eval-only"));

  private StartTraining() {}

  /**
   * Runs {@link #STEPS}; the JVM that runs this is started with {@code -XX:ArchiveClassesAtExit}.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Clock clock = Clock.fixed(Instant.parse("2027-03-01T00:00:00Z"), ZoneOffset.UTC);
    int failed = 0;
    for (Step step : STEPS) {
      StringWriter err = new StringWriter();
      int exit = Main.run(step.args().toArray(String[]::new), new PrintWriter(new StringWriter()),
          new PrintWriter(err), clock);
      if (exit != step.exit()) {
        failed++;
        System.err.println("start training: " + step.args() + " exited " + exit + ", expected " + step.exit() + ": "
            + err.toString().strip());
      }
    }
    System.exit(failed == 0 ? 0 : 1);
  }
}
