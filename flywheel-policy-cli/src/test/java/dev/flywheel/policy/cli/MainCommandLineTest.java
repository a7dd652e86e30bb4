package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@link Main#commandLine}: a run registers only the command it runs when the first argument names one, and every
 * command, in the help's order, otherwise; what a command prints is the same either way.
 */
class MainCommandLineTest {
  private static List<String> registered(String... args) {
    return List.copyOf(Main.commandLine(args, CommandLine.defaultFactory()).getSubcommands().keySet());
  }

  @Test
  void commandLine_firstArgumentNamesACommand_registersOnlyThatCommand() {
    for (String command : Main.COMMANDS.keySet()) {
      if (!command.equals("help")) {
        assertEquals(List.of(command), registered(command, "--some-option", "value"), command);
      }
    }
  }

  @Test
  void commandLine_noCommandHelpOptionArgumentFileOrMistypedCommand_registersEveryCommandInOrder() {
    List<String> all = List.copyOf(Main.COMMANDS.keySet());
    assertEquals(15, all.size(), all.toString());
    assertEquals("validate", all.get(0));
    assertEquals("help", all.get(all.size() - 1));
    for (String[] args : new String[][] {{}, {"help"}, {"help", "validate"}, {"--help"}, {"-h"}, {"--version"},
        {"-V"}, {"@arguments.txt"}, {"valdate", "eval-only"}, {"VALIDATE"}, {""}}) {
      assertEquals(all, registered(args), List.of(args).toString());
    }
  }

  @Test
  void commands_eachName_isTheNameItsAnnotationGives() {
    for (Map.Entry<String, Class<?>> command : Main.COMMANDS.entrySet()) {
      CommandLine.Command annotation = command.getValue().getAnnotation(CommandLine.Command.class);
      assertEquals(command.getKey(), annotation.name(), command.getValue().getName());
    }
  }

  @Test
  void run_commandsOwnHelpWithOnlyItRegistered_sameAsHelpCommandWithAllRegistered() {
    for (String command : Main.COMMANDS.keySet()) {
      if (command.equals("help")) {
        continue;
      }
      CliRunner.Result alone = CliRunner.run(command, "--help");
      CliRunner.Result viaHelp = CliRunner.run("help", command);
      assertEquals(0, alone.exitCode(), command);
      assertEquals(viaHelp.out(), alone.out(), command);
      assertTrue(alone.out().startsWith("Usage: flywheel-policy " + command + " "), alone.out());
    }
  }

  @Test
  void run_mistypedCommand_usageErrorWithSuggestion() {
    CliRunner.Result r = CliRunner.run("valdate", "eval-only");
    assertEquals(Main.USAGE, r.exitCode());
    assertTrue(r.err().contains("Did you mean: flywheel-policy validate or"), r.err());
  }

  @Test
  void run_optionOfAnotherCommand_usageErrorNamingTheCommandRun() {
    // --records belongs to validate; fmt alone is registered, and the error is fmt's, as with every command.
    CliRunner.Result r = CliRunner.run("fmt", "--records", "x.jsonl");
    assertEquals(Main.USAGE, r.exitCode());
    assertTrue(r.err().startsWith("flywheel-policy fmt: Unknown option: '--records'\n"), r.err());
    assertTrue(r.err().contains("Run 'flywheel-policy fmt --help' for usage."), r.err());
  }

  @Test
  void startTraining_everyStep_exitsAsExpected() {
    // The archive's training run fails quietly (fewer classes archived) if a step stops working; this says so loudly.
    java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2027-03-01T00:00:00Z"),
        java.time.ZoneOffset.UTC);
    for (StartTraining.Step step : StartTraining.STEPS) {
      CliRunner.Result r = CliRunner.runAt(clock, step.args().toArray(String[]::new));
      assertEquals(step.exit(), r.exitCode(), step.args() + ": " + r.err());
    }
  }
}
