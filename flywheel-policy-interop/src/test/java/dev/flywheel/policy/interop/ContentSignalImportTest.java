package dev.flywheel.policy.interop;

import static dev.flywheel.policy.interop.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.interop.TermsEvaluator.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentSignalImportTest {

  private static ImportResult signal(String input) {
    return Interop.importFrom(ImportFormat.CONTENT_SIGNAL, input);
  }

  @Test
  void importContentSignal_allThreeKeys_mapsTrainInputSearch() {
    ImportResult r = signal("Content-Signal: ai-train=no, search=yes, ai-input=yes");
    assertEquals(policy(deny(Purpose.TRAIN), allow(Purpose.INPUT), allow(Purpose.SEARCH)), r.policy().orElseThrow());
    assertEquals("deny train; allow input; allow search", r.terms().orElseThrow());
    var o = outcomes(r.policy().get());
    assertEquals(Outcome.DENY, o.get(Purpose.TRAIN));
    assertEquals(Outcome.DENY, o.get(Purpose.TRAIN_GENAI));
    assertEquals(Outcome.ALLOW, o.get(Purpose.INPUT));
    assertEquals(Outcome.ALLOW, o.get(Purpose.SEARCH));
    assertEquals(Outcome.NONE, o.get(Purpose.EVAL));
    assertEquals(List.of("unknown-category"), codes(r));
  }

  @Test
  void importContentSignal_lowercaseDirective_accepted() {
    ImportResult r = signal("Content-signal: search=yes, ai-train=no");
    assertEquals(policy(deny(Purpose.TRAIN), allow(Purpose.SEARCH)), r.policy().orElseThrow());
    assertEquals(Outcome.NONE, outcomes(r.policy().get()).get(Purpose.INPUT));
  }

  @Test
  void importContentSignal_useExtension_keptOutWithWarning() {
    ImportResult r = signal("Content-Signal: search=yes,ai-train=no,use=reference");
    assertEquals(policy(deny(Purpose.TRAIN), allow(Purpose.SEARCH)), r.policy().orElseThrow());
    assertEquals(1, count(r.report(), DiagnosticCode.UNKNOWN_LABEL));
    assertEquals(39, r.report().get(0).span().offset());
  }

  @Test
  void importContentSignal_bareValue_accepted() {
    assertEquals(policy(deny(Purpose.TRAIN)), signal("ai-train=no").policy().orElseThrow());
  }

  @Test
  void importContentSignal_inRobotsGroup_selectsAgentGroup() {
    String text = "User-agent: *\nContent-Signal: ai-train=no\n\nUser-agent: FriendBot\nContent-Signal: ai-train=yes\n";
    assertEquals(policy(deny(Purpose.TRAIN)), signal(text).policy().orElseThrow());
    ImportResult friend = Interop.importFrom(ImportFormat.CONTENT_SIGNAL, text,
        ImportOptions.DEFAULTS.withAgent("FriendBot"));
    assertEquals(policy(allow(Purpose.TRAIN)), friend.policy().orElseThrow());
  }

  @Test
  void importContentSignal_badValueAndDuplicate_reported() {
    ImportResult r = signal("ai-train=maybe, search=yes, search=no");
    assertEquals(policy(deny(Purpose.SEARCH)), r.policy().orElseThrow());
    assertEquals(1, count(r.report(), DiagnosticCode.MALFORMED_SIGNAL));
    assertEquals(1, count(r.report(), DiagnosticCode.DUPLICATE_LABEL));
  }

  @Test
  void review02_contentSignalRepeatedKey_refusalNeverUndoneByLaterValue() {
    for (String later : new String[] {"yes", "YES", "maybe"}) {
      ImportResult r = signal("search=no, ai-train=no, ai-train=" + later);
      assertEquals(policy(deny(Purpose.TRAIN), deny(Purpose.SEARCH)), r.policy().orElseThrow(), later);
      assertTrue(r.report().stream().anyMatch(d -> d.code() == DiagnosticCode.DUPLICATE_LABEL
          && d.message().contains("earlier 'no' stands")), later);
    }
    // Without a refusal among the repeats the last one still wins: a later value not understood leaves it unknown.
    assertTrue(signal("ai-train=yes, ai-train=maybe").policy().isEmpty());
  }

  @Test
  void importContentSignal_valuesAnyCase_accepted() {
    assertEquals(policy(deny(Purpose.TRAIN)), signal("AI-Train=NO").policy().orElseThrow());
  }

  @Test
  void importContentSignal_nothingUsable_noTerms() {
    ImportResult r = signal("use=full");
    assertTrue(r.policy().isEmpty());
    assertEquals(List.of("unknown-label", "no-preference"), codes(r));
  }

  @Test
  void review17_cloudflareUseValues_unknownExtensionGrantsNothing() {
    for (String use : new String[] {"immediate", "reference", "full", "yes"}) {
      ImportResult r = signal("Content-Signal: use=" + use + ", ai-train=no");
      assertEquals(policy(deny(Purpose.TRAIN)), r.policy().orElseThrow(), use);
      assertEquals(1, count(r.report(), DiagnosticCode.UNKNOWN_LABEL), use);
      assertTrue(r.report().get(0).message().contains("unknown extension"), use);
    }
    ImportResult alone = signal("use=full");
    assertTrue(alone.policy().isEmpty());
  }
}
