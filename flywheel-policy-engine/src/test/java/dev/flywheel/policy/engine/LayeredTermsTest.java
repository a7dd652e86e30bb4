package dev.flywheel.policy.engine;

import static dev.flywheel.policy.engine.EngineFixtures.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.ItemTerms.CollectiveStatement;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.QuotaPeriod;
import dev.flywheel.policy.Reason;
import dev.flywheel.policy.Request;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Rules 9 to 11: layered statements, the licence floor and quota scopes. */
class LayeredTermsTest {

  private final DefaultPolicyEngine engine = EngineFixtures.engine();

  private static Request train(String time) {
    return Request.of(Purpose.TRAIN).at(at(time));
  }

  private static Request request(Purpose purpose, String time) {
    return Request.of(purpose).at(at(time));
  }

  private static CollectiveStatement collective(String name, String terms, Instant effective, Instant from,
      Instant until, Set<String> tags) {
    return new CollectiveStatement(name, terms, effective, from, until, tags);
  }

  private static List<Layer> layers(Decision d) {
    return d.reasons().stream().map(Reason::layer).distinct().toList();
  }

  // ---- Contributor layer and preference shifts ----

  @Test
  void decide_preferenceShiftEffective_replacesContributedTerms() {
    ItemTerms item = ItemTerms.builder().terms("train if attribution").contributedAt(at("2026-03-01"))
        .preferenceShift(at("2027-01-01"), "no-train").build();
    assertEquals("obligation explicit [attribution] allowed=false",
        Summaries.of(engine.decide(item, train("2026-12-31T23:59:59Z"))));
    Decision after = engine.decide(item, train("2027-01-01"));
    assertEquals("deny explicit", Summaries.of(after));
    assertEquals(List.of(new Reason(Layer.CONTRIBUTOR, "deny train", new dev.flywheel.policy.Span(0, 8, 1, 1),
        "'deny train' denies train")), after.reasons());
  }

  @Test
  void decide_latestEffectiveShiftWins_whateverTheListOrder() {
    ItemTerms.Builder a = ItemTerms.builder().terms("allow train")
        .preferenceShift(at("2026-01-01"), "deny train").preferenceShift(at("2026-05-01"), "allow train");
    ItemTerms.Builder b = ItemTerms.builder().terms("allow train")
        .preferenceShift(at("2026-05-01"), "allow train").preferenceShift(at("2026-01-01"), "deny train");
    assertEquals("allow explicit", Summaries.of(engine.decide(a.build(), train("2026-06-01"))));
    assertEquals("allow explicit", Summaries.of(engine.decide(b.build(), train("2026-06-01"))));
    assertEquals("deny explicit", Summaries.of(engine.decide(b.build(), train("2026-02-01"))));
  }

  @Test
  void decide_shiftsWithSameEffectiveTime_allApplyAndDenyWins() {
    ItemTerms item = ItemTerms.builder().terms("allow train")
        .preferenceShift(at("2026-05-01"), "allow train").preferenceShift(at("2026-05-01"), "deny train").build();
    assertEquals("deny explicit", Summaries.of(engine.decide(item, train("2026-06-01"))));
  }

  @Test
  void decide_beforeContribution_contributorTermsAreSilent() {
    ItemTerms item = ItemTerms.builder().terms("allow train").contributedAt(at("2026-03-01")).build();
    assertEquals("deny default", Summaries.of(engine.decide(item, train("2026-02-28"))));
    assertEquals("allow explicit", Summaries.of(engine.decide(item, train("2026-03-01"))));
    ItemTerms unknownTime = ItemTerms.builder().terms("allow train").build();
    assertEquals("allow explicit", Summaries.of(engine.decide(unknownTime, train("1990-01-01"))));
  }

  @Test
  void decide_itemWithOnlyTerms_sameAsPlainTermsButLayerContributor() {
    for (String terms : List.of("eval-only", "train if open-weights", "pay collective m; deny search", "trian")) {
      for (Purpose p : Purpose.values()) {
        Request r = Request.of(p).at(at("2026-06-01"));
        Decision plain = engine.decide(terms, r);
        Decision item = engine.decide(ItemTerms.builder().terms(terms).build(), r);
        assertEquals(Summaries.of(plain), Summaries.of(item), terms + " " + p);
        assertEquals(plain.reasons().stream().map(Reason::clause).toList(),
            item.reasons().stream().map(Reason::clause).toList());
        assertTrue(item.reasons().stream().allMatch(x -> x.layer().kind() != Layer.Kind.TERMS));
        assertEquals(plain.reasons().stream().map(x -> x.layer().kind() == Layer.Kind.TERMS).toList(),
            item.reasons().stream().map(x -> x.layer().kind() == Layer.Kind.CONTRIBUTOR).toList());
      }
    }
  }

  // ---- Collective layers ----

  @Test
  void decide_collectiveEmbargoByDate_deniesUntilTheDate() {
    ItemTerms item = ItemTerms.builder().terms("allow train").collectives(Set.of("masakhane"))
        .collectiveStatement(collective("masakhane", "deny train until 2027-01-01", null, null, null, Set.of()))
        .build();
    Decision during = engine.decide(item, train("2026-12-31"));
    assertEquals("deny explicit", Summaries.of(during));
    assertEquals(List.of(Layer.collective("masakhane")), layers(during));
    assertEquals("allow explicit", Summaries.of(engine.decide(item, train("2027-01-01"))));
  }

  @Test
  void decide_itemNotInCollective_statementDoesNotApply() {
    ItemTerms item = ItemTerms.builder().terms("allow train").collectives(Set.of("other"))
        .collectiveStatement(collective("masakhane", "deny train", null, null, null, Set.of())).build();
    assertEquals("allow explicit", Summaries.of(engine.decide(item, train("2026-06-01"))));
  }

  @ParameterizedTest
  @CsvSource(delimiterString = "|", textBlock = """
      language:yo              | deny explicit
      language:sw              | allow explicit
      language:sw,domain:news  | deny explicit
      """)
  void decide_collectiveEmbargoByTag_appliesToItemsWithOneOfTheTags(String itemTags, String expected) {
    ItemTerms item = ItemTerms.builder().terms("allow train").collectives(Set.of("masakhane"))
        .tags(Set.of(itemTags.split(",")))
        .collectiveStatement(collective("masakhane", "no-train", null, null, null,
            Set.of("language:yo", "domain:news")))
        .build();
    assertEquals(expected, Summaries.of(engine.decide(item, train("2026-06-01"))));
  }

  @ParameterizedTest
  @CsvSource(delimiterString = "|", textBlock = """
      2026-07-01T00:00:00Z | 2026-08-01 | train | deny explicit
      2026-07-01T00:00:00Z | 2026-08-01 | eval  | allow explicit
      2026-06-01T00:00:00Z | 2026-08-01 | train | deny explicit
      2026-05-31T23:59:59Z | 2026-08-01 | train | allow explicit
      -                    | 2026-08-01 | train | allow explicit
      """)
  void decide_collectiveFlipsNewRecordsToEvalOnly(String contributed, String time, String purpose,
      String expected) {
    ItemTerms item = ItemTerms.builder().terms("allow ai")
        .contributedAt(contributed.equals("-") ? null : Instant.parse(contributed))
        .collectives(Set.of("masakhane"))
        .collectiveStatement(collective("masakhane", "eval-only", at("2026-06-01"), at("2026-06-01"), null,
            Set.of()))
        .build();
    assertEquals(expected,
        Summaries.of(engine.decide(item, request(Purpose.fromWord(purpose).orElseThrow(), time))));
  }

  @Test
  void decide_contributedUntilBound_isExclusiveAndNeedsAKnownTime() {
    CollectiveStatement old = collective("m", "deny train", null, null, at("2026-01-01"), Set.of());
    ItemTerms before = ItemTerms.builder().terms("allow train").contributedAt(at("2025-12-31T23:59:59Z"))
        .collectives(Set.of("m")).collectiveStatement(old).build();
    ItemTerms atBound = ItemTerms.builder().terms("allow train").contributedAt(at("2026-01-01"))
        .collectives(Set.of("m")).collectiveStatement(old).build();
    ItemTerms unknown = ItemTerms.builder().terms("allow train").collectives(Set.of("m"))
        .collectiveStatement(old).build();
    assertEquals("deny explicit", Summaries.of(engine.decide(before, train("2026-06-01"))));
    assertEquals("allow explicit", Summaries.of(engine.decide(atBound, train("2026-06-01"))));
    assertEquals("allow explicit", Summaries.of(engine.decide(unknown, train("2026-06-01"))));
  }

  @Test
  void decide_layersAllowing_joinObligationsWithReasonsFromEach() {
    ItemTerms item = ItemTerms.builder().terms("train if attribution").collectives(Set.of("masakhane"))
        .collectiveStatement(collective("masakhane", "pay collective masakhane", null, null, null, Set.of()))
        .build();
    Decision d = engine.decide(item, train("2026-06-01"));
    assertEquals("obligation explicit [attribution, payment:masakhane] allowed=false", Summaries.of(d));
    assertEquals(List.of(Layer.CONTRIBUTOR, Layer.collective("masakhane")), layers(d));
  }

  @Test
  void decide_quotaFromCollective_scopedToThatCollective() {
    ItemTerms item = ItemTerms.builder().terms("limit 10 per day").collectives(Set.of("masakhane", "b"))
        .collectiveStatement(collective("masakhane", "limit 5000 per month", null, null, null, Set.of()))
        .collectiveStatement(collective("b", "limit 5000 per month", null, null, null, Set.of()))
        .build();
    Decision d = engine.decide(item, train("2026-06-01"));
    assertEquals(List.of(
        new Duty.Quota(10, QuotaPeriod.DAY, null),
        new Duty.Quota(5000, QuotaPeriod.MONTH, "b"),
        new Duty.Quota(5000, QuotaPeriod.MONTH, "masakhane")), d.obligations());
  }

  @Test
  void decide_collectiveStatementNotYetEffective_doesNotApply() {
    ItemTerms item = ItemTerms.builder().terms("allow train").collectives(Set.of("m"))
        .collectiveStatement(collective("m", "deny train", at("2027-01-01"), null, null, Set.of())).build();
    assertEquals("allow explicit", Summaries.of(engine.decide(item, train("2026-12-31"))));
    assertEquals("deny explicit", Summaries.of(engine.decide(item, train("2027-01-01"))));
  }

  // ---- Steward layer, silence, combination ----

  @Test
  void decide_stewardDefaults_decideWhatOthersLeaveOpenButCannotOverrideADeny() {
    ItemTerms onlySteward = ItemTerms.builder().stewardDefaults("allow eval").build();
    Decision eval = engine.decide(onlySteward, request(Purpose.EVAL, "2026-06-01"));
    assertEquals("allow explicit", Summaries.of(eval));
    assertEquals(List.of(Layer.STEWARD), layers(eval));
    ItemTerms stewardDenies = ItemTerms.builder().terms("allow train").stewardDefaults("deny train").build();
    assertEquals("deny explicit", Summaries.of(engine.decide(stewardDenies, train("2026-06-01"))));
    ItemTerms contributorDenies = ItemTerms.builder().terms("deny train").stewardDefaults("allow ai").build();
    assertEquals("deny explicit", Summaries.of(engine.decide(contributorDenies, train("2026-06-01"))));
  }

  @Test
  void decide_everyLayerSilent_engineDefault() {
    ItemTerms item = ItemTerms.builder().terms("allow eval").stewardDefaults("deny search").build();
    Decision d = engine.decide(item, train("2026-06-01"));
    assertEquals("deny default", Summaries.of(d));
    assertEquals(List.of(Layer.DEFAULT), layers(d));
    assertEquals("allow default", Summaries.of(EngineFixtures.engine(
        dev.flywheel.policy.DefaultDecision.ALLOW).decide(item, train("2026-06-01"))));
  }

  @Test
  void decide_silentLayerSkipped_otherLayerDecides() {
    ItemTerms item = ItemTerms.builder().terms("allow eval").stewardDefaults("train if attribution").build();
    assertEquals("obligation explicit [attribution] allowed=false",
        Summaries.of(engine.decide(item, train("2026-06-01"))));
  }

  @Test
  void decide_layersDenyingOnlyForFacts_unionOfWouldAllowWith() {
    ItemTerms item = ItemTerms.builder().terms("train if open-weights").stewardDefaults("train if noncommercial")
        .build();
    assertEquals("deny explicit would=open-weights,noncommercial",
        Summaries.of(engine.decide(item, train("2026-06-01"))));
    ItemTerms oneExplicit = ItemTerms.builder().terms("train if open-weights").stewardDefaults("deny train").build();
    assertEquals("deny explicit", Summaries.of(engine.decide(oneExplicit, train("2026-06-01"))));
  }

  @Test
  void decide_anyLayerInvalid_deniesWithErrorNamingTheLayer() {
    ItemTerms item = ItemTerms.builder().terms("allow train").collectives(Set.of("m"))
        .collectiveStatement(collective("m", "alow train", null, null, null, Set.of())).build();
    Decision d = engine.decide(item, train("2026-06-01"));
    assertEquals("deny error unknown-word", Summaries.of(d));
    assertEquals(List.of(Layer.collective("m")), layers(d));
    assertFalse(d.diagnostics().isEmpty());
  }

  // ---- Licence floor ----

  @ParameterizedTest
  @CsvSource(delimiterString = "|", textBlock = """
      CC0-1.0          | -             | allow explicit
      CC-BY-4.0        | -             | obligation explicit [attribution] allowed=false
      CC-BY-3.0        | -             | obligation explicit [attribution] allowed=false
      CC-BY-SA-4.0     | -             | obligation explicit [attribution] allowed=false
      CC-BY-SA-3.0     | -             | obligation explicit [attribution] allowed=false
      CC-BY-NC-4.0     | -             | deny explicit
      CC-BY-NC-4.0     | noncommercial | obligation explicit [attribution] allowed=false
      CC-BY-NC-SA-4.0  | -             | deny explicit
      CC-BY-NC-SA-4.0  | noncommercial | obligation explicit [attribution] allowed=false
      CC-BY-NC-3.0     | noncommercial | deny explicit
      cc0-1.0          | -             | deny explicit
      MIT              | -             | deny explicit
      proprietary      | -             | deny explicit
      """)
  void decide_licenceFloor_keepsWhatTheLicenceGrants(String licence, String facts, String expected) {
    ItemTerms item = ItemTerms.builder().terms("deny ai").licence(licence).releasedAt(at("2026-01-01")).build();
    Request r = Summaries.request("train", facts, "2026-06-01", "-");
    Decision d = engine.decide(item, r);
    assertEquals(expected, Summaries.of(d));
    if (!d.kind().equals(Decision.Kind.DENY)) {
      assertEquals(List.of(Layer.licence(licence)), layers(d));
      assertNull(d.reasons().get(0).clause());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"CC0-1.0", "CC-BY-4.0", "CC-BY-SA-3.0", "CC-BY-NC-4.0"})
  void decide_licenceFloor_startsExactlyAtReleasedAt(String licence) {
    ItemTerms item = ItemTerms.builder().terms("no-train").licence(licence).releasedAt(at("2026-03-01")).build();
    Request before = Request.of(Purpose.TRAIN).withFacts(Fact.NONCOMMERCIAL).at(at("2026-03-01").minusNanos(1));
    Request atRelease = Request.of(Purpose.TRAIN).withFacts(Fact.NONCOMMERCIAL).at(at("2026-03-01"));
    assertEquals("deny explicit", Summaries.of(engine.decide(item, before)));
    assertTrue(engine.decide(item, atRelease.honouring(dev.flywheel.policy.ObligationType.ATTRIBUTION))
        .isAllowed());
  }

  @Test
  void decide_licenceFloorWithoutReleasedAt_usesContributedAtOrGivesNoFloor() {
    ItemTerms byContribution = ItemTerms.builder().terms("no-train").licence("CC0-1.0")
        .contributedAt(at("2026-03-01")).build();
    // before contribution neither the terms nor the licence apply
    assertEquals("deny default", Summaries.of(engine.decide(byContribution, train("2026-02-28"))));
    assertEquals("allow explicit", Summaries.of(engine.decide(byContribution, train("2026-03-01"))));
    ItemTerms unknown = ItemTerms.builder().terms("no-train").licence("CC0-1.0").build();
    assertEquals("deny explicit", Summaries.of(engine.decide(unknown, train("2026-03-01"))));
  }

  @Test
  void decide_licenceFloorOnAllow_joinsObligations() {
    ItemTerms item = ItemTerms.builder().terms("train if pay collective m").licence("CC-BY-4.0")
        .releasedAt(at("2026-01-01")).build();
    Decision d = engine.decide(item, train("2026-06-01"));
    assertEquals("obligation explicit [attribution, payment:m] allowed=false", Summaries.of(d));
    assertEquals(List.of(Layer.licence("CC-BY-4.0"), Layer.CONTRIBUTOR),
        d.reasons().stream().map(Reason::layer).toList());
  }

  @Test
  void decide_licenceFloorOnDefaultDeny_allows() {
    ItemTerms item = ItemTerms.builder().terms("allow eval").licence("CC0-1.0").releasedAt(at("2026-01-01"))
        .build();
    assertEquals("allow explicit", Summaries.of(engine.decide(item, train("2026-06-01"))));
  }

  @Test
  void decide_invalidTermsUnderCc0_stillAllowedByTheLicence() {
    ItemTerms item = ItemTerms.builder().terms("trian").licence("CC0-1.0").releasedAt(at("2026-01-01")).build();
    Decision d = engine.decide(item, train("2026-06-01"));
    assertEquals("allow explicit", Summaries.of(d));
    assertEquals(List.of(Layer.licence("CC0-1.0")), layers(d));
    ItemTerms nc = ItemTerms.builder().terms("trian").licence("CC-BY-NC-4.0").releasedAt(at("2026-01-01")).build();
    assertEquals("deny error unknown-word", Summaries.of(engine.decide(nc, train("2026-06-01"))));
  }
}
