package dev.flywheel.policy.filter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Request;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON form and the text summary of a {@link Ledger}. The JSON form ({@code docs/FILTER.md}, "Ledger"):
 *
 * <pre>
 * {"request": {"purpose": "train", "facts": [], "at": "2027-03-01T00:00:00Z", "honoured": ["attribution"]},
 *  "records": {"read": 2000, "allowed": 1200, "withObligations": 900, "denied": 760, "invalid": 40},
 *  "reasons": {"explicit": 300, "default": 100, "error": 0, "obligation-not-honoured": 200, "quota": 160,
 *              "ledger-full": 0, "withdrawn": 0, "unreleased": 0, "invalid-record": 40},
 *  "register": {"embeddedIgnored": 310, "matchedRelease": 1960},
 *  "attribution": {"items": 700, "byCollective": {"masakhane": 120},
 *                  "maxItemIdsPerContributor": 10,
 *                  "contributors": [{"contributor": "c-0001", "items": 3, "itemIds": ["rec-1", ...],
 *                                    "itemIdsOmitted": 0}]},
 *  "payments": [{"collective": "masakhane", "items": 120, "unpricedItems": 0,
 *                "amounts": [{"currency": "EUR", "total": "0.24"}]}],
 *  "quotas": [{"ownerKind": "collective", "owner": "Te Hiku Media", "period": "month",
 *              "periodStart": "2027-03-01T00:00:00Z", "periodEnd": "2027-04-01T00:00:00Z",
 *              "limit": 40, "used": 40, "denied": 25}],
 *  "usage": {"store": "sqlite:/data/usage.db", "consumer": "acme"}}
 * </pre>
 *
 * <p>{@code usage} names the usage store that kept the quota counts and the consumer they count for; both are null
 * when the counts are for this run only.
 *
 * <p>Every member is always present ({@code register} is null when the records were not decided under a register);
 * {@code reasons} lists every {@link DenialReason}, zeros included, and its counts add up to
 * {@code denied + invalid}. Amounts are decimal strings in plain notation (never floats). Lists are sorted
 * (contributors and collectives by name; quotas by owner kind, owner and period).
 */
public final class LedgerJson {
  private LedgerJson() {}

  /**
   * {@return the JSON object for {@code ledger}}
   *
   * @param ledger the ledger, complete or so far
   */
  public static ObjectNode toJson(Ledger ledger) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    Request request = ledger.request();
    ObjectNode req = root.putObject("request");
    req.put("purpose", request.purpose().word());
    ArrayNode facts = req.putArray("facts");
    for (Fact fact : request.facts()) {
      facts.add(fact.word());
    }
    req.put("at", request.at().toString());
    ArrayNode honoured = req.putArray("honoured");
    for (ObligationType t : request.honoured()) {
      honoured.add(t.word());
    }
    ObjectNode records = root.putObject("records");
    records.put("read", ledger.read());
    records.put("allowed", ledger.allowed());
    records.put("withObligations", ledger.withObligations());
    records.put("denied", ledger.denied());
    records.put("invalid", ledger.invalid());
    ObjectNode reasons = root.putObject("reasons");
    for (DenialReason r : DenialReason.values()) {
      reasons.put(r.word(), ledger.count(r));
    }
    if (ledger.registerApplied()) {
      ObjectNode register = root.putObject("register");
      register.put("embeddedIgnored", ledger.embeddedIgnored());
      register.put("matchedRelease", ledger.matchedRelease());
    } else {
      root.putNull("register");
    }
    ObjectNode attribution = root.putObject("attribution");
    attribution.put("items", ledger.attributedItems());
    ObjectNode byCollective = attribution.putObject("byCollective");
    ledger.attributionsByCollective().forEach(byCollective::put);
    attribution.put("maxItemIdsPerContributor", ledger.limits().maxItemIdsPerContributor());
    ArrayNode contributors = attribution.putArray("contributors");
    for (Ledger.Credit c : ledger.credits()) {
      ObjectNode n = contributors.addObject();
      n.put("contributor", c.contributor());
      n.put("items", c.items());
      ArrayNode ids = n.putArray("itemIds");
      c.itemIds().forEach(ids::add);
      n.put("itemIdsOmitted", c.itemIdsOmitted());
    }
    ArrayNode payments = root.putArray("payments");
    for (Ledger.PaymentDue p : ledger.payments()) {
      ObjectNode n = payments.addObject();
      n.put("collective", p.collective());
      n.put("items", p.items());
      n.put("unpricedItems", p.unpricedItems());
      ArrayNode amounts = n.putArray("amounts");
      for (Map.Entry<String, BigDecimal> e : p.amounts().entrySet()) {
        ObjectNode a = amounts.addObject();
        a.put("currency", e.getKey());
        a.put("total", plain(e.getValue()));
      }
    }
    ArrayNode quotas = root.putArray("quotas");
    for (Ledger.QuotaUse q : ledger.quotas()) {
      ObjectNode n = quotas.addObject();
      n.put("ownerKind", q.ownerKind().word());
      n.put("owner", q.owner());
      n.put("period", q.period().word());
      n.put("periodStart", q.periodStart().toString());
      n.put("periodEnd", q.periodEnd().toString());
      n.put("limit", q.limit());
      n.put("used", q.used());
      n.put("denied", q.denied());
    }
    ObjectNode usage = root.putObject("usage");
    usage.put("store", ledger.usageStore().orElse(null));
    usage.put("consumer", ledger.consumer().orElse(null));
    return root;
  }

  /**
   * {@return a short text summary of {@code ledger}} It gives the counts (read, allowed, with obligations, denied by
   * reason, invalid), then what is owed: attribution, payments per collective and currency, quota use, and last
   * where the quota counts are kept (a usage store and consumer, or this run only). Names taken
   * from records (collectives, contributors, currencies) pass through {@link TerminalText#field}, so the summary is
   * safe to print on a terminal.
   *
   * @param ledger the ledger, complete or so far
   */
  public static String summary(Ledger ledger) {
    StringBuilder sb = new StringBuilder();
    Request r = ledger.request();
    sb.append("purpose ").append(r.purpose().word()).append(" at ").append(r.at());
    sb.append(", facts ").append(words(r.facts().toString()));
    sb.append(", honouring ").append(words(r.honoured().toString())).append('\n');
    line(sb, "records read", ledger.read());
    line(sb, "allowed", ledger.allowed());
    line(sb, "  with obligations", ledger.withObligations());
    line(sb, "denied", ledger.denied());
    for (DenialReason reason : DenialReason.values()) {
      if (reason != DenialReason.INVALID_RECORD && ledger.count(reason) > 0) {
        line(sb, "  " + reason.word(), ledger.count(reason));
      }
    }
    line(sb, "invalid", ledger.invalid());
    if (ledger.registerApplied()) {
      sb.append("register: ").append(count(ledger.embeddedIgnored())).append(" embedded statements ignored, ")
          .append(count(ledger.matchedRelease())).append(" records in a release\n");
    }
    sb.append("attribution: ").append(count(ledger.attributedItems())).append(" items, ")
        .append(count(ledger.credits().size())).append(" contributors");
    if (!ledger.attributionsByCollective().isEmpty()) {
      sb.append(" (");
      String sep = "";
      for (Map.Entry<String, Long> e : ledger.attributionsByCollective().entrySet()) {
        sb.append(sep).append(TerminalText.field(e.getKey())).append(' ').append(count(e.getValue()));
        sep = ", ";
      }
      sb.append(')');
    }
    sb.append('\n');
    for (Ledger.PaymentDue p : ledger.payments()) {
      sb.append("payment to ").append(TerminalText.field(p.collective())).append(": ").append(count(p.items()))
          .append(" items");
      for (Map.Entry<String, BigDecimal> e : p.amounts().entrySet()) {
        sb.append(", ").append(plain(e.getValue())).append(' ').append(TerminalText.field(e.getKey()));
      }
      if (p.unpricedItems() > 0) {
        sb.append(", ").append(count(p.unpricedItems())).append(" without a price");
      }
      sb.append('\n');
    }
    for (Ledger.QuotaUse q : ledger.quotas()) {
      sb.append("quota of ").append(q.ownerKind().word()).append(' ').append(TerminalText.field(q.owner()))
          .append(": ").append(count(q.used())).append('/').append(count(q.limit())).append(" per ")
          .append(q.period().word())
          .append(" from ").append(q.periodStart()).append(", ").append(count(q.denied())).append(" denied\n");
    }
    if (ledger.usageStore().isPresent()) {
      sb.append("quota counts kept in usage store ").append(TerminalText.field(ledger.usageStore().get()))
          .append(" for consumer ").append(TerminalText.field(ledger.consumer().orElseThrow())).append('\n');
    } else {
      sb.append("quota counts are for this run only\n");
    }
    return sb.toString();
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String words(String setText) {
    String inner = setText.substring(1, setText.length() - 1);
    return inner.isEmpty() ? "none" : inner;
  }

  private static void line(StringBuilder sb, String label, long value) {
    sb.append(String.format(Locale.ROOT, "%-22s %,10d%n", label, value).replace(System.lineSeparator(), "\n"));
  }

  private static String plain(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }
}
