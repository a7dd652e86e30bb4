package dev.flywheel.policy.engine;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Short text forms of decisions and requests, so that table tests read like the rules. */
final class Summaries {
  private Summaries() {}

  /**
   * {@code allow explicit}, {@code deny default}, {@code deny explicit would=open-weights},
   * {@code obligation explicit [attribution, payment:masakhane] allowed=false}, {@code deny error unknown-word}.
   */
  static String of(Decision d) {
    StringBuilder s = new StringBuilder(d.kind().word()).append(' ').append(d.basis().word());
    if (!d.obligations().isEmpty()) {
      s.append(' ').append(d.obligations().stream().map(Summaries::duty).collect(Collectors.joining(", ", "[", "]")));
      s.append(" allowed=").append(d.isAllowed());
    }
    if (d instanceof Decision.Deny deny && !deny.wouldAllowWith().isEmpty()) {
      s.append(" would=").append(deny.wouldAllowWith().stream().map(Fact::word).collect(Collectors.joining(",")));
    }
    if (d.basis() == Decision.Basis.ERROR) {
      s.append(' ').append(d.diagnostics().stream().filter(x -> x.isError()).map(x -> x.code().id()).distinct()
          .collect(Collectors.joining(",")));
    }
    return s.toString();
  }

  static String duty(Duty d) {
    if (d instanceof Duty.Payment p) {
      return "payment:" + p.collective()
          + (p.amount() == null ? "" : ":" + p.amount().plainValue() + p.amount().currency());
    }
    if (d instanceof Duty.Quota q) {
      return "quota:" + q.limit() + "/" + q.period().word() + (q.scope() == null ? "" : "@" + q.scope());
    }
    return "attribution";
  }

  /** A request from words: purpose, facts ("-" or comma list), time ("-" for the engine's clock), honoured. */
  static Request request(String purpose, String facts, String at, String honoured) {
    Set<Fact> factSet = EnumSet.noneOf(Fact.class);
    for (String w : words(facts)) {
      factSet.add(Fact.fromWord(w).orElseThrow());
    }
    Set<ObligationType> types = EnumSet.noneOf(ObligationType.class);
    for (String w : words(honoured)) {
      types.add(ObligationType.fromWord(w).orElseThrow());
    }
    Instant time = at == null || at.equals("-") ? null : EngineFixtures.at(at);
    return new Request(Purpose.fromWord(purpose).orElseThrow(), factSet, time, types);
  }

  private static List<String> words(String list) {
    List<String> out = new ArrayList<>();
    if (list == null || list.isBlank() || list.equals("-")) {
      return out;
    }
    for (String w : list.split(",")) {
      out.add(w.trim());
    }
    return out;
  }
}
