package dev.flywheel.policy.cli;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Reason;
import dev.flywheel.policy.grammar.TermsPrinter;
import java.util.List;
import java.util.stream.Collectors;

/** A decision for people: one line with the outcome, then why, then what would change it. */
final class DecisionText {
  private DecisionText() {}

  static String render(Decision decision, String sourceName, String source) {
    StringBuilder sb = new StringBuilder();
    sb.append(decision.kind().word());
    if (!decision.obligations().isEmpty()) {
      sb.append(": ").append(decision.obligations().stream().map(TermsPrinter::print)
          .collect(Collectors.joining(", ")));
    }
    sb.append(" (").append(decision.basis().word());
    if (decision instanceof Decision.Obligation) {
      sb.append(decision.isAllowed() ? ", every obligation can be honoured" : ", not allowed until the obligations "
          + "are honoured: pass --honour " + types(decision.obligations()));
    }
    sb.append(")\n");
    for (Reason r : decision.reasons()) {
      sb.append("  because ").append(r.layer());
      if (r.span() != null) {
        sb.append(' ').append(r.span().line()).append(':').append(r.span().column());
      }
      sb.append(": ").append(r.message()).append('\n');
    }
    if (decision instanceof Decision.Deny deny && !deny.wouldAllowWith().isEmpty()) {
      sb.append("  would be allowed with: ")
          .append(deny.wouldAllowWith().stream().map(Fact::word).collect(Collectors.joining(", "))).append('\n');
    }
    for (Diagnostic d : decision.diagnostics()) {
      sb.append(indent(TerminalNames.render(sourceName, d.pointer() == null ? source : null, d))).append('\n');
    }
    return sb.toString();
  }

  private static String types(List<Duty> duties) {
    return duties.stream().map(d -> d.type().word()).distinct().collect(Collectors.joining(" --honour "));
  }

  private static String indent(String text) {
    return "  " + text.replace("\n", "\n  ");
  }
}
