package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/** {@code --purpose}, {@code --fact} and {@code --honour} take their words, help and suggestions from the enums. */
class VocabularyOptionsTest {

  @ParameterizedTest
  @EnumSource(Purpose.class)
  void decide_everyPurposeWord_isAccepted(Purpose purpose) {
    CliRunner.Result r = CliRunner.run("decide", "--purpose", purpose.word(), "allow any");
    assertEquals(0, r.exitCode(), r.err());
  }

  @ParameterizedTest
  @EnumSource(Fact.class)
  void decide_everyFactWord_isAccepted(Fact fact) {
    CliRunner.Result r = CliRunner.run("decide", "--purpose", "train", "--fact", fact.word(), "allow any");
    assertEquals(0, r.exitCode(), r.err());
  }

  @ParameterizedTest
  @EnumSource(ObligationType.class)
  void decide_everyObligationWord_isAccepted(ObligationType type) {
    CliRunner.Result r = CliRunner.run("decide", "--purpose", "train", "--honour", type.word(), "allow any");
    assertEquals(0, r.exitCode(), r.err());
  }

  @Test
  void decide_mistypedPurpose_failsNamingEveryPurposeAndTheClosest() {
    CliRunner.Result r = CliRunner.run("decide", "--purpose", "trian", "allow any");
    assertNotEquals(0, r.exitCode());
    assertTrue(r.err().contains("unknown purpose 'trian'"), r.err());
    assertTrue(r.err().contains("did you mean 'train'?"), r.err());
    for (Purpose p : Purpose.values()) {
      assertTrue(r.err().contains(p.word()), () -> r.err() + " should name " + p.word());
    }
  }

  @Test
  void filter_mistypedFactAndHonour_suggestTheWord() {
    assertTrue(CliRunner.run("filter", "--purpose", "train", "--fact", "open-weight", "-").err()
        .contains("did you mean 'open-weights'?"));
    assertTrue(CliRunner.run("filter", "--purpose", "train", "--honour", "Payment", "-").err()
        .contains("did you mean 'payment'?"));
  }

  @Test
  void unknownMessage_farFromEveryWord_hasNoSuggestion() {
    String message = VocabularyOptions.unknownMessage("zzzzzzzz", "purpose", new VocabularyOptions.PurposeWords());
    assertEquals("unknown purpose 'zzzzzzzz': use one of "
        + String.join(", ", Stream.of(Purpose.values()).map(Purpose::word).toList()), message);
  }

  @Test
  void help_ofDecideAndFilter_listsEveryWordFromTheEnums() {
    for (String command : new String[] {"decide", "filter"}) {
      // Lines are wrapped at spaces, so whitespace runs are folded to read the help as one line.
      String help = Main.commandLine(new String[0], CommandLine.defaultFactory()).getSubcommands().get(command)
          .getUsageMessage().replaceAll("\\s+", " ");
      Stream.of(Purpose.values()).map(Purpose::word).forEach(w -> assertTrue(help.contains(w), command + ": " + w));
      Stream.of(Fact.values()).map(Fact::word).forEach(w -> assertTrue(help.contains(w), command + ": " + w));
      Stream.of(ObligationType.values()).map(ObligationType::word)
          .forEach(w -> assertTrue(help.contains(w), command + ": " + w));
      assertTrue(help.contains("the purpose: " + String.join(", ",
          Stream.of(Purpose.values()).map(Purpose::word).toList())), help);
    }
  }
}
