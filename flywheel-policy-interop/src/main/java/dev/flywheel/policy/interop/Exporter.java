package dev.flywheel.policy.interop;

import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.interop.TermsEvaluator.Outcome;
import dev.flywheel.policy.interop.TermsEvaluator.Verdict;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Exports terms to AIPREF {@code Content-Usage} or Cloudflare {@code Content-Signal}.
 *
 * <p>Each key of the target is decided from the purposes it covers, at every instant where the terms could change
 * (each {@code from} / {@code until} bound, and before the first), with no facts declared. A key says yes only when
 * every covered purpose is allowed without any duty at every such instant; it is left out when the terms say nothing
 * about any covered purpose at any instant; otherwise it says no, and whatever was lost (conditions, time windows,
 * a wider target category) is reported. Purposes the target has no category for are reported when the terms say
 * anything about them.
 */
final class Exporter {
  private Exporter() {}

  private record Key(String name, List<Purpose> covers) {}

  private static final List<Key> AIPREF_KEYS = List.of(
      new Key("train-ai", List.of(Purpose.TRAIN_GENAI)), new Key("search", List.of(Purpose.SEARCH)));
  private static final List<Key> SIGNAL_KEYS = List.of(
      new Key("search", List.of(Purpose.SEARCH)), new Key("ai-input", List.of(Purpose.INPUT)),
      new Key("ai-train", List.of(Purpose.TRAIN, Purpose.TRAIN_GENAI)));

  static ExportResult export(ExportFormat format, Policy policy) {
    Report report = new Report(null);
    List<Instant> instants = sampleInstants(policy);
    boolean aipref = format == ExportFormat.AIPREF;
    List<String> members = new ArrayList<>();
    for (Key key : aipref ? AIPREF_KEYS : SIGNAL_KEYS) {
      Set<Outcome> outcomes = EnumSet.noneOf(Outcome.class);
      Set<String> conditions = new LinkedHashSet<>();
      Set<Outcome> perPurposeFirst = EnumSet.noneOf(Outcome.class);
      boolean variesOverTime = false;
      for (Purpose purpose : key.covers()) {
        Set<Outcome> forPurpose = EnumSet.noneOf(Outcome.class);
        for (Instant at : instants) {
          Verdict v = TermsEvaluator.decide(policy, purpose, Set.of(), at);
          forPurpose.add(v.outcome());
          v.duties().forEach(d -> conditions.add(describe(d)));
          v.wouldAllowWith().forEach(f -> conditions.add(f.word()));
        }
        variesOverTime |= forPurpose.size() > 1;
        perPurposeFirst.add(TermsEvaluator.decide(policy, purpose, Set.of(), instants.get(0)).outcome());
        outcomes.addAll(forPurpose);
      }
      if (outcomes.equals(EnumSet.of(Outcome.NONE))) {
        continue;
      }
      boolean yes = outcomes.equals(EnumSet.of(Outcome.ALLOW));
      members.add(key.name() + "=" + (aipref ? (yes ? "y" : "n") : (yes ? "yes" : "no")));
      if (yes) {
        continue;
      }
      String exported = key.name() + "=" + (aipref ? "n" : "no");
      if (!conditions.isEmpty()) {
        report.general(DiagnosticCode.LOSSY_EXPORT,
            words(key) + " is allowed only under conditions (" + String.join(", ", conditions)
                + ") that " + format.fieldName() + " cannot carry; exported as " + exported,
            "a conditional allow is never exported as an allow");
      }
      if (variesOverTime) {
        report.general(DiagnosticCode.LOSSY_EXPORT,
            "the terms about " + words(key) + " change over time (from/until), which " + format.fieldName()
                + " cannot carry; exported as " + exported + " for all times",
            null);
      } else if (perPurposeFirst.size() > 1 && key.covers().size() > 1) {
        report.general(DiagnosticCode.LOSSY_EXPORT,
            key.name() + " covers " + words(key) + " but the terms treat them differently; exported as " + exported,
            null);
      }
    }
    reportUncarried(policy, instants, report, format);
    if (members.isEmpty()) {
      report.general(DiagnosticCode.NO_PREFERENCE,
          "the terms say nothing " + format.fieldName() + " can carry; the value is empty", null);
    }
    return new ExportResult(format, String.join(", ", members), report.diagnostics());
  }

  /** Purposes without a category in the target, reported when the terms say anything about them. */
  private static void reportUncarried(Policy policy, List<Instant> instants, Report report, ExportFormat format) {
    for (Purpose purpose : uncarried(format)) {
      if (covered(policy, purpose, instants)) {
        report.general(DiagnosticCode.NO_EQUIVALENT,
            format.fieldName() + " has no category for '" + purpose.word() + "'; what the terms say about it is lost",
            null);
      }
    }
    if (format == ExportFormat.AIPREF && covered(policy, Purpose.TRAIN, instants)) {
      // train-ai is about generative models only: whatever the terms say about other training, even a refusal that
      // train-ai=n repeats for generative training, is not carried; imported back, 'train' is left to the default.
      report.general(DiagnosticCode.NO_EQUIVALENT,
          "Content-Usage train-ai covers generative training only; what the terms say about other training ('train')"
              + " is lost: imported back, 'train' is left to the default",
          null);
    }
  }

  /**
   * The leaves of the purpose tree that no key of the target covers, in the enum's order. Read from
   * {@link Purpose#values()}, so a purpose added to the language is reported as lost until a key is given for it,
   * never silently dropped. (A purpose with purposes under it is carried through them; {@code train} under AIPREF is
   * reported on its own, as train-ai covers only part of it.)
   */
  static List<Purpose> uncarried(List<Key> keys) {
    Set<Purpose> covered = EnumSet.noneOf(Purpose.class);
    Set<Purpose> parents = EnumSet.noneOf(Purpose.class);
    for (Key key : keys) {
      covered.addAll(key.covers());
    }
    for (Purpose p : Purpose.values()) {
      if (p.parent() != null) {
        parents.add(p.parent());
      }
    }
    List<Purpose> lost = new ArrayList<>();
    for (Purpose p : Purpose.values()) {
      if (!parents.contains(p) && !covered.contains(p)) {
        lost.add(p);
      }
    }
    return lost;
  }

  /** {@link #uncarried} for an export format. */
  static List<Purpose> uncarried(ExportFormat format) {
    return uncarried(format == ExportFormat.AIPREF ? AIPREF_KEYS : SIGNAL_KEYS);
  }

  private static boolean covered(Policy policy, Purpose purpose, List<Instant> instants) {
    for (Instant at : instants) {
      if (TermsEvaluator.decide(policy, purpose, Set.of(), at).outcome() != Outcome.NONE) {
        return true;
      }
    }
    return false;
  }

  /** One instant in every interval between the time bounds of the clauses. */
  static List<Instant> sampleInstants(Policy policy) {
    TreeSet<Instant> bounds = new TreeSet<>();
    for (Clause c : policy.clauses()) {
      if (c.window().from() != null) {
        bounds.add(c.window().from());
      }
      if (c.window().until() != null) {
        bounds.add(c.window().until());
      }
    }
    List<Instant> samples = new ArrayList<>();
    if (bounds.isEmpty()) {
      samples.add(Instant.EPOCH);
      return samples;
    }
    samples.add(bounds.first().minusNanos(1));
    samples.addAll(bounds);
    return samples;
  }

  private static String words(Key key) {
    List<String> w = new ArrayList<>();
    key.covers().forEach(p -> w.add("'" + p.word() + "'"));
    return String.join(" and ", w);
  }

  static String describe(Duty duty) {
    if (duty instanceof Duty.Payment p) {
      return "pay collective " + p.collective()
          + (p.amount() == null ? "" : " " + p.amount().plainValue() + " " + p.amount().currency() + " per item");
    }
    if (duty instanceof Duty.Quota q) {
      return "limit " + q.limit() + " per " + q.period().word();
    }
    return "attribution";
  }

  static String describe(Fact fact) {
    return fact.word();
  }
}
