package dev.flywheel.policy.engine;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rules 9 and 10 written straight from their wording, on top of {@link ReferenceModel} for each layer. Terms are
 * looked up in {@code policies} (text to tree); a text missing there stands for invalid terms.
 */
final class LayeredReferenceModel {
  private LayeredReferenceModel() {}

  private record LayerTerms(String terms, String quotaScope) {}

  static ReferenceModel.Result decide(ItemTerms item, Request request, Instant now, Map<String, Policy> policies) {
    Instant t = request.at() != null ? request.at() : now;
    List<LayerTerms> layers = new ArrayList<>();
    // Contributor: the latest shift in effect (all shifts sharing that time), else the item's terms.
    Instant latest = item.preferenceShifts().stream().map(ItemTerms.Statement::effective)
        .filter(e -> !e.isAfter(t)).max(Instant::compareTo).orElse(null);
    if (latest != null) {
      item.preferenceShifts().stream().filter(s -> s.effective().equals(latest))
          .forEach(s -> layers.add(new LayerTerms(s.terms(), null)));
    } else if (item.terms() != null && (item.contributedAt() == null || !item.contributedAt().isAfter(t))) {
      layers.add(new LayerTerms(item.terms(), null));
    }
    for (ItemTerms.CollectiveStatement s : item.collectiveStatements()) {
      Instant c = item.contributedAt();
      boolean applies = item.collectives().contains(s.collective())
          && (s.effective() == null || !s.effective().isAfter(t))
          && (s.contributedFrom() == null || (c != null && !c.isBefore(s.contributedFrom())))
          && (s.contributedUntil() == null || (c != null && c.isBefore(s.contributedUntil())))
          && (s.tags().isEmpty() || s.tags().stream().anyMatch(item.tags()::contains));
      if (applies) {
        layers.add(new LayerTerms(s.terms(), s.collective()));
      }
    }
    if (item.stewardDefaults() != null) {
      layers.add(new LayerTerms(item.stewardDefaults(), null));
    }
    boolean error = false;
    List<ReferenceModel.Result> denies = new ArrayList<>();
    List<ReferenceModel.Result> allows = new ArrayList<>();
    for (LayerTerms layer : layers) {
      Policy policy = policies.get(layer.terms());
      if (policy == null) {
        error = true;
        continue;
      }
      ReferenceModel.Result r =
          ReferenceModel.decide(policy, request, now, DefaultDecision.DENY, TermsPrinter::print);
      if (r.basis() == Decision.Basis.DEFAULT) {
        continue; // silent
      }
      if (r.kind() == Decision.Kind.DENY) {
        denies.add(r);
      } else {
        Set<Duty> scoped = new HashSet<>();
        for (Duty d : r.obligations()) {
          scoped.add(layer.quotaScope() != null && d instanceof Duty.Quota q ? q.withScope(layer.quotaScope()) : d);
        }
        allows.add(new ReferenceModel.Result(r.kind(), r.basis(), scoped, r.wouldAllowWith(), r.allowed(),
            r.reasonClauses()));
      }
    }
    ReferenceModel.Result statements;
    if (error) {
      statements = new ReferenceModel.Result(Decision.Kind.DENY, Decision.Basis.ERROR, Set.of(),
          EnumSet.noneOf(Fact.class), false, Set.of());
    } else if (!denies.isEmpty()) {
      boolean allFromFacts = denies.stream().allMatch(d -> !d.wouldAllowWith().isEmpty());
      Set<Fact> would = EnumSet.noneOf(Fact.class);
      Set<String> clauses = new TreeSet<>();
      for (ReferenceModel.Result d : denies) {
        would.addAll(d.wouldAllowWith());
        clauses.addAll(d.reasonClauses());
      }
      statements = new ReferenceModel.Result(Decision.Kind.DENY, Decision.Basis.EXPLICIT, Set.of(),
          allFromFacts ? would : EnumSet.noneOf(Fact.class), false, clauses);
    } else if (!allows.isEmpty()) {
      Set<Duty> duties = new HashSet<>();
      Set<String> clauses = new TreeSet<>();
      for (ReferenceModel.Result a : allows) {
        duties.addAll(a.obligations());
        clauses.addAll(a.reasonClauses());
      }
      statements = result(duties, clauses, request);
    } else {
      statements = new ReferenceModel.Result(Decision.Kind.DENY, Decision.Basis.DEFAULT, Set.of(),
          EnumSet.noneOf(Fact.class), false, Set.of());
    }
    // Rule 10: the licence floor.
    String licence = item.licence();
    boolean known = licence != null && Set.of("CC0-1.0", "CC-BY-4.0", "CC-BY-3.0", "CC-BY-SA-4.0", "CC-BY-SA-3.0",
        "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0").contains(licence);
    Instant released = item.releasedAt() != null ? item.releasedAt() : item.contributedAt();
    boolean nc = licence != null && licence.startsWith("CC-BY-NC");
    if (!known || released == null || released.isAfter(t)
        || (nc && !request.facts().contains(Fact.NONCOMMERCIAL))) {
      return statements;
    }
    Set<Duty> licenceDuties = licence.equals("CC0-1.0") ? Set.of() : Set.of(Duty.Attribution.INSTANCE);
    if (statements.kind() == Decision.Kind.DENY) {
      return result(licenceDuties, Set.of(), request);
    }
    Set<Duty> joined = new HashSet<>(statements.obligations());
    joined.addAll(licenceDuties);
    return result(joined, statements.reasonClauses(), request);
  }

  private static ReferenceModel.Result result(Set<Duty> duties, Set<String> clauses, Request request) {
    if (duties.isEmpty()) {
      return new ReferenceModel.Result(Decision.Kind.ALLOW, Decision.Basis.EXPLICIT, Set.of(),
          EnumSet.noneOf(Fact.class), true, clauses);
    }
    boolean honoured = duties.stream().allMatch(d -> request.honoured().contains(d.type()));
    return new ReferenceModel.Result(Decision.Kind.OBLIGATION, Decision.Basis.EXPLICIT, duties,
        EnumSet.noneOf(Fact.class), honoured, clauses);
  }
}
