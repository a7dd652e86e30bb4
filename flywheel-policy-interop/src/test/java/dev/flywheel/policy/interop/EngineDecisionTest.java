package dev.flywheel.policy.interop;

import static org.junit.jupiter.api.Assertions.*;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example of the signals document, imported, then decided through the engine: the expected decision per purpose
 * (train, train-genai, eval, input, search). "default" is the engine's default deny (nothing covers the purpose).
 */
class EngineDecisionTest {

  private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
  private static final PolicyEngine ENGINE =
      PolicyEngine.builder().clock(Clock.fixed(AT, ZoneOffset.UTC)).executor(Runnable::run).build();
  private static final List<Purpose> PURPOSES =
      List.of(Purpose.TRAIN, Purpose.TRAIN_GENAI, Purpose.EVAL, Purpose.INPUT, Purpose.SEARCH);

  private static final String ROBOTS = "User-Agent: *\nAllow: /\nDisallow: /never/\nContent-Usage: train-ai=n\n"
      + "Content-Usage: /ai-ok/ train-ai=y\n\nUser-Agent: ExampleBot\nAllow: /\nContent-Usage: train-ai=y\n";

  private static String rsl(String license) {
    return "<rsl xmlns=\"https://rslstandard.org/rsl\"><content url=\"/\"><license>" + license
        + "</license></content></rsl>";
  }

  static Stream<Arguments> examples() {
    ImportOptions o = ImportOptions.DEFAULTS;
    return Stream.of(
        // format, input, options, terms, decisions for train, train-genai, eval, input, search
        Arguments.of(ImportFormat.AIPREF, "train-ai=y, search=n", o, "allow train-genai; deny search",
            "default allow default default deny"),
        Arguments.of(ImportFormat.AIPREF, "train-ai=n, search=y", o, "deny train-genai; allow search",
            "default deny default default allow"),
        Arguments.of(ImportFormat.AIPREF, "train-ai;allow=n, train-ai=y", o, "allow train-genai",
            "default allow default default default"),
        Arguments.of(ImportFormat.AIPREF, "Content-Usage: train-ai=n", o, "deny train-genai",
            "default deny default default default"),
        Arguments.of(ImportFormat.ROBOTS, ROBOTS, o.withPath("/test"), "deny train-genai",
            "default deny default default default"),
        Arguments.of(ImportFormat.ROBOTS, ROBOTS, o.withPath("/ai-ok/test"), "allow train-genai",
            "default allow default default default"),
        Arguments.of(ImportFormat.ROBOTS, ROBOTS, o.withAgent("ExampleBot").withPath("/never/x"), "allow train-genai",
            "default allow default default default"),
        Arguments.of(ImportFormat.CONTENT_SIGNAL, "Content-Signal: ai-train=no, search=yes, ai-input=yes", o,
            "deny train; allow input; allow search", "deny deny default allow allow"),
        Arguments.of(ImportFormat.CONTENT_SIGNAL, "Content-signal: search=yes, ai-train=no", o,
            "deny train; allow search", "deny deny default default allow"),
        Arguments.of(ImportFormat.CONTENT_SIGNAL, "Content-Signal: search=yes,ai-train=no,use=reference", o,
            "deny train; allow search", "deny deny default default allow"),
        Arguments.of(ImportFormat.RSL, rsl("<prohibits type=\"usage\">ai-all</prohibits>"), o,
            "deny train; deny input", "deny deny default deny default"),
        Arguments.of(ImportFormat.RSL,
            rsl("<permits type=\"usage\">ai-train</permits><payment type=\"subscription\"/>"), o,
            "allow train if pay collective licensor",
            "pay:licensor pay:licensor default default default"),
        Arguments.of(ImportFormat.RSL, "<rsl xmlns=\"https://rslstandard.org/rsl\">"
                + "<content url=\"/\" server=\"https://rslcollective.org/api\"><license>"
                + "<permits type=\"usage\">ai-train</permits><payment type=\"royalty\"/></license></content></rsl>",
            o, "allow train if pay collective \"rslcollective.org\"",
            "pay:rslcollective.org pay:rslcollective.org default default default"),
        Arguments.of(ImportFormat.RSL, rsl("<permits type=\"usage\">ai-index</permits><prohibits type=\"usage\">"
                + "ai-train</prohibits><payment type=\"crawl\"><amount currency=\"USD\">0.001</amount></payment>"),
            o, "deny train", "deny deny default default default"),
        Arguments.of(ImportFormat.RSL, rsl("<permits type=\"usage\">all</permits><payment type=\"free\"/>"), o,
            "allow train; allow input; allow search", "allow allow default allow allow"),
        Arguments.of(ImportFormat.AIPREF, "ai-use=n;exceptions=cc-cr", o, "allow input if attribution",
            "default default default attribution default"),
        Arguments.of(ImportFormat.AIPREF, "train-genai=n;exceptions=cc-cr-ec", o,
            "allow train-genai if attribution and pay collective ai-ecosystem",
            "default attribution+pay:ai-ecosystem default default default"),
        Arguments.of(ImportFormat.AIPREF, "train-ai=n;exceptions=cc-cr-op", o,
            "allow train-genai if attribution and open-weights",
            "default deny:open-weights default default default"),
        Arguments.of(ImportFormat.TDMREP, "[{\"location\": \"/\", \"tdm-reservation\": 1}]", o, "deny ai",
            "deny deny deny deny default"),
        Arguments.of(ImportFormat.TDMREP, "tdm-reservation: 1", o, "deny ai", "deny deny deny deny default"),
        Arguments.of(ImportFormat.TDMREP, "<meta name=\"tdm-reservation\" content=\"1\">", o, "deny ai",
            "deny deny deny deny default"));
  }

  @ParameterizedTest
  @MethodSource("examples")
  void importThenDecide_example_expectedTermsAndDecisions(
      ImportFormat format, String input, ImportOptions options, String terms, String decisions) {
    ImportResult r = Interop.importFrom(format, input, options);
    assertEquals(terms, r.terms().orElseThrow());
    List<String> actual = new ArrayList<>();
    for (Purpose p : PURPOSES) {
      actual.add(describe(ENGINE.decide(terms, Request.of(p).at(AT))));
    }
    assertEquals(decisions, String.join(" ", actual), terms);
  }

  private static String describe(Decision d) {
    if (d instanceof Decision.Allow) {
      return "allow";
    }
    if (d instanceof Decision.Obligation o) {
      return duties(o.obligations());
    }
    Decision.Deny deny = (Decision.Deny) d;
    if (deny.basis() == Decision.Basis.DEFAULT) {
      return "default";
    }
    return deny.wouldAllowWith().isEmpty() ? "deny" : "deny:" + facts(deny.wouldAllowWith());
  }

  private static String duties(List<Duty> duties) {
    List<String> words = new ArrayList<>();
    for (Duty duty : duties) {
      words.add(duty instanceof Duty.Payment p ? "pay:" + p.collective() : duty.type().word());
    }
    return String.join("+", words);
  }

  private static String facts(List<Fact> facts) {
    List<String> words = new ArrayList<>();
    facts.forEach(f -> words.add(f.word()));
    return String.join("+", words);
  }
}
