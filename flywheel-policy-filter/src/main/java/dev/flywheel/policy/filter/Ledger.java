package dev.flywheel.policy.filter;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.QuotaPeriod;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.records.ContributionRecord;
import dev.flywheel.policy.register.RegisterRuling;
import dev.flywheel.policy.usage.Admission;
import dev.flywheel.policy.usage.PeriodInstance;
import dev.flywheel.policy.usage.QuotaCounter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The obligations ledger of one filter run: counts per outcome and reason, whom to credit, what is owed to each
 * collective, and each quota's use in the current period.
 *
 * <p><b>Order.</b> Lines are entered in input order, one at a time, whatever the number of deciding threads, so a
 * ledger (and every quota outcome) is the same for the same input, request and time. <b>Quotas</b>: a
 * {@code limit N per PERIOD} duty is counted per owner and period: the owner is the collective named in the duty's
 * scope, or, for a duty without scope (the contributor's own terms), the record's contributor. The period is the
 * calendar period in UTC containing the request time (days; ISO weeks from Monday; months; years). A record is
 * allowed while the owner's count for that period is below the duty's limit, and then counted; past it, it is denied
 * with reason {@link DenialReason#QUOTA} and not counted. Only allowed records are counted anywhere in the ledger
 * except in the outcome and reason counts. These counts are for this run only; with a usage store ({@link
 * RecordFilter.Builder#usage(QuotaCounter)}) the store decides instead, counting distinct item ids across runs
 * (its answer reaches the ledger with each line), and the ledger's quota counters show this run's share: records
 * admitted against each cap, and those denied by it.
 *
 * <p><b>Bounds.</b> The ledger grows with distinct contributors, collectives and quota owners, never with records:
 * at most {@link FilterLimits#maxItemIdsPerContributor()} item ids are kept per contributor (the first ones, in input
 * order) and each table holds at most {@link FilterLimits#maxLedgerEntries()} entries; a record needing one more is
 * denied with {@link DenialReason#LEDGER_FULL} (a duty is never dropped).
 *
 * <p>Not thread-safe: the run that owns it enters lines from the consuming thread; read it there or after the run.
 */
public final class Ledger {

  /** Credit owed to one contributor. */
  public record Credit(String contributor, long items, List<String> itemIds, long itemIdsOmitted) {
    /**
     * Creates the record: copies the item ids, so the record is immutable.
     *
     * @param contributor the contributor's id
     * @param items the allowed records of this contributor that carry an attribution duty
     * @param itemIds the ids of the first of those records, in input order, at most
     * {@link FilterLimits#maxItemIdsPerContributor()}
     * @param itemIdsOmitted how many of those records' ids were not kept
     * @throws NullPointerException if {@code itemIds} is null
     */
    public Credit {
      itemIds = List.copyOf(itemIds);
    }
  }

  /** What is owed to one collective: items, and the sum of prices per currency where the terms give one. */
  public record PaymentDue(String collective, long items, long unpricedItems, SortedMap<String, BigDecimal> amounts) {
    /**
     * Creates the record: copies the amounts, so the record is immutable.
     *
     * @param collective the collective's name
     * @param items the allowed records that owe this collective a payment
     * @param unpricedItems those of them whose terms name no price
     * @param amounts the sum of the prices, per currency code
     * @throws NullPointerException if {@code amounts} is null
     */
    public PaymentDue {
      amounts = Collections.unmodifiableSortedMap(new TreeMap<>(amounts));
    }
  }

  /** Who owns a quota. */
  public enum OwnerKind {
    /** The collective named in the duty's scope. */
    COLLECTIVE,
    /** The record's contributor, for a duty without scope. */
    CONTRIBUTOR;

    /** {@return {@code collective} or {@code contributor}} */
    public String word() {
      return this == COLLECTIVE ? "collective" : "contributor";
    }
  }

  /**
   * One quota's use in the current period.
   *
   * @param ownerKind a collective's quota or a contributor's own
   * @param owner the collective's name or the contributor's id
   * @param period the period kind
   * @param periodStart start of the current period (inclusive, UTC)
   * @param periodEnd end of the current period (exclusive)
   * @param limit the cap (the smallest limit any counted duty gave, when records disagree)
   * @param used records counted against it
   * @param denied records denied because it was reached
   */
  public record QuotaUse(OwnerKind ownerKind, String owner, QuotaPeriod period, Instant periodStart,
      Instant periodEnd, long limit, long used, long denied) {}

  private record QuotaKey(OwnerKind kind, String owner, QuotaPeriod period) {}

  private static final class Counter {
    long limit = Long.MAX_VALUE;
    long used;
    long denied;
  }

  private static final class ContributorCredit {
    long items;
    final ArrayList<String> ids = new ArrayList<>(2);
  }

  private static final class Payee {
    long items;
    long unpriced;
    final TreeMap<String, BigDecimal> amounts = new TreeMap<>();
  }

  private final Request request;
  private final FilterLimits limits;
  private final EnumMap<QuotaPeriod, Instant[]> windows = new EnumMap<>(QuotaPeriod.class);

  private long read;
  private long allowed;
  private long withObligations;
  private long denied;
  private long invalid;
  private final long[] reasons = new long[DenialReason.values().length];

  private boolean registerApplied;
  private long embeddedIgnored;
  private long matchedRelease;

  private long attributedItems;
  private final HashMap<String, ContributorCredit> credits = new HashMap<>();
  private final HashMap<String, long[]> attributionByCollective = new HashMap<>();
  private final HashMap<String, Payee> payees = new HashMap<>();
  private final HashMap<QuotaKey, Counter> quotas = new HashMap<>();

  // Scratch for one admission (the ledger is single-threaded).
  private final ArrayList<Counter> scratchCounters = new ArrayList<>();
  private final ArrayList<Duty.Quota> scratchQuotas = new ArrayList<>();
  private final ArrayList<QuotaKey> scratchNewKeys = new ArrayList<>();

  private final QuotaCounter usage; // null: quotas are counted here, for this run only

  Ledger(Request request, FilterLimits limits) {
    this(request, limits, null);
  }

  Ledger(Request request, FilterLimits limits, QuotaCounter usage) {
    this.usage = usage;
    this.request = Objects.requireNonNull(request, "request");
    Objects.requireNonNull(request.at(), "request.at");
    this.limits = Objects.requireNonNull(limits, "limits");
    for (QuotaPeriod p : QuotaPeriod.values()) {
      windows.put(p, window(p, request.at()));
    }
  }

  /** The calendar period (UTC) of kind {@code period} containing {@code at}: {start inclusive, end exclusive}. */
  static Instant[] window(QuotaPeriod period, Instant at) {
    PeriodInstance instance = PeriodInstance.containing(period, at);
    return new Instant[] {instance.start(), instance.end()};
  }

  /** Settles {@code line}'s outcome and enters it; called in input order. */
  void admit(FilteredLine line) {
    read++;
    if (!line.validation().isValid()) {
      invalid++;
      reasons[DenialReason.INVALID_RECORD.ordinal()]++;
      line.settle(Outcome.INVALID, DenialReason.INVALID_RECORD);
      return;
    }
    Decision decision = line.decisionOrNull();
    if (decision == null) { // a valid line is always decided
      throw new java.util.NoSuchElementException("no decision for valid line " + line.lineNumber());
    }
    ContributionRecord record = line.record().orElseThrow();
    RegisterRuling ruling = line.rulingOrNull();
    DenialReason refusedByDecision;
    if (ruling != null) {
      embeddedIgnored += ruling.match().embeddedIgnored();
      if (ruling.match().inRelease()) {
        matchedRelease++;
      }
      refusedByDecision = DenialReason.of(ruling);
    } else {
      refusedByDecision = DenialReason.of(decision);
    }
    if (refusedByDecision != null) {
      deny(line, refusedByDecision);
      return;
    }
    List<Duty> duties = decision.obligations();
    if (usage != null && hasQuota(duties)) {
      Admission admission = line.admission();
      if (admission == null || admission == Admission.UNAVAILABLE) { // never reserved: fail closed
        deny(line, DenialReason.USAGE_UNAVAILABLE);
        return;
      }
      if (!admission.isAdmitted()) {
        countStoreRefusal(duties, record);
        deny(line, DenialReason.QUOTA);
        return;
      }
    }
    DenialReason refusal = checkQuotasAndRoom(duties, record, line.collectives());
    if (refusal != null) {
      deny(line, refusal);
      return;
    }
    allowed++;
    if (!duties.isEmpty()) {
      withObligations++;
    }
    enter(duties, record, line.collectives());
    line.settle(Outcome.ALLOWED, null);
  }

  private static boolean hasQuota(List<Duty> duties) {
    for (int i = 0; i < duties.size(); i++) {
      if (duties.get(i) instanceof Duty.Quota) {
        return true;
      }
    }
    return false;
  }

  /** A refusal by the store counts on each of the record's caps that the ledger has room to show. */
  private void countStoreRefusal(List<Duty> duties, ContributionRecord record) {
    scratchCounters.clear();
    for (int i = 0; i < duties.size(); i++) {
      if (duties.get(i) instanceof Duty.Quota quota) {
        QuotaKey key = key(quota, record);
        Counter counter = quotas.get(key);
        if (counter == null && quotas.size() < limits.maxLedgerEntries()) {
          counter = new Counter();
          quotas.put(key, counter);
        }
        if (counter != null && !scratchCounters.contains(counter)) {
          scratchCounters.add(counter);
          counter.denied++;
          counter.limit = Math.min(counter.limit, quota.limit());
        }
      }
    }
  }

  private void deny(FilteredLine line, DenialReason reason) {
    denied++;
    reasons[reason.ordinal()]++;
    line.settle(Outcome.DENIED, reason);
  }

  /** Null when the record fits every quota and the ledger has room for it; else the reason it does not. */
  private DenialReason checkQuotasAndRoom(List<Duty> duties, ContributionRecord record,
      Collection<String> collectives) {
    scratchCounters.clear();
    scratchQuotas.clear();
    scratchNewKeys.clear();
    boolean attribution = false;
    int newPayees = 0;
    for (int i = 0; i < duties.size(); i++) {
      Duty duty = duties.get(i);
      if (duty instanceof Duty.Quota quota) {
        QuotaKey key = key(quota, record);
        Counter counter = quotas.get(key);
        if (counter == null) {
          if (!scratchNewKeys.contains(key)) {
            scratchNewKeys.add(key);
          }
        } else {
          scratchCounters.add(counter);
          scratchQuotas.add(quota);
        }
      } else if (duty instanceof Duty.Attribution) {
        attribution = true;
      } else if (duty instanceof Duty.Payment payment && !payees.containsKey(payment.collective())) {
        newPayees++; // duties are distinct, but one collective may come with two prices: an overcount is safe
      }
    }
    // Collect the distinct counters at their cap; each counts this refusal once.
    ArrayList<Counter> exhausted = null;
    for (int i = 0; i < scratchCounters.size() && usage == null; i++) { // a store has checked the caps already
      Counter counter = scratchCounters.get(i);
      if (counter.used >= scratchQuotas.get(i).limit()) {
        if (exhausted == null) {
          exhausted = new ArrayList<>(2);
        }
        if (!exhausted.contains(counter)) {
          exhausted.add(counter);
        }
      }
    }
    if (exhausted != null) {
      for (Counter counter : exhausted) {
        counter.denied++;
      }
      return DenialReason.QUOTA;
    }
    int max = limits.maxLedgerEntries();
    if (quotas.size() + scratchNewKeys.size() > max || payees.size() + newPayees > max) {
      return DenialReason.LEDGER_FULL;
    }
    if (attribution) {
      if (!credits.containsKey(record.contributor()) && credits.size() >= max) {
        return DenialReason.LEDGER_FULL;
      }
      int newCollectives = 0;
      for (String c : collectives) {
        if (!attributionByCollective.containsKey(c)) {
          newCollectives++;
        }
      }
      if (attributionByCollective.size() + newCollectives > max) {
        return DenialReason.LEDGER_FULL;
      }
    }
    return null;
  }

  private void enter(List<Duty> duties, ContributionRecord record, Collection<String> collectives) {
    scratchCounters.clear();
    for (int i = 0; i < duties.size(); i++) {
      Duty duty = duties.get(i);
      if (duty instanceof Duty.Quota quota) {
        Counter counter = quotas.computeIfAbsent(key(quota, record), k -> new Counter());
        if (!scratchCounters.contains(counter)) { // two caps of one owner and period count the record once
          scratchCounters.add(counter);
          counter.used++;
        }
        counter.limit = Math.min(counter.limit, quota.limit());
      } else if (duty instanceof Duty.Attribution) {
        credit(record, collectives);
      } else if (duty instanceof Duty.Payment payment) {
        Payee payee = payees.computeIfAbsent(payment.collective(), k -> new Payee());
        if (!paidEarlier(duties, i, payment.collective())) {
          payee.items++;
          if (payment.amount() == null) {
            payee.unpriced++;
          }
        }
        if (payment.amount() != null) {
          payee.amounts.merge(payment.amount().currency(), payment.amount().value(), BigDecimal::add);
        }
      }
    }
  }

  private static boolean paidEarlier(List<Duty> duties, int index, String collective) {
    for (int j = 0; j < index; j++) {
      if (duties.get(j) instanceof Duty.Payment p && p.collective().equals(collective)) {
        return true;
      }
    }
    return false;
  }

  private void credit(ContributionRecord record, Collection<String> collectives) {
    attributedItems++;
    ContributorCredit credit = credits.computeIfAbsent(record.contributor(), k -> new ContributorCredit());
    credit.items++;
    if (credit.ids.size() < limits.maxItemIdsPerContributor()) {
      credit.ids.add(record.id());
    }
    for (String c : collectives) {
      attributionByCollective.computeIfAbsent(c, k -> new long[1])[0]++;
    }
  }

  private static QuotaKey key(Duty.Quota quota, ContributionRecord record) {
    return quota.scope() != null
        ? new QuotaKey(OwnerKind.COLLECTIVE, quota.scope(), quota.period())
        : new QuotaKey(OwnerKind.CONTRIBUTOR, record.contributor(), quota.period());
  }

  /** Marks the run as deciding under a register, so that its counts are reported (as zeros, if need be). */
  void markRegisterApplied() {
    registerApplied = true;
  }

  // ---- Reading ----

  /** {@return true when the records were decided under a verified register} */
  public boolean registerApplied() {
    return registerApplied;
  }

  /**
   * {@return statements embedded in valid records that were ignored because their collective has a key in the
   * register (rule 2 of docs/LANGUAGE.md section 10.4); 0 without a register}
   */
  public long embeddedIgnored() {
    return embeddedIgnored;
  }

  /** {@return valid records whose digest is in a release in force in the register; 0 without a register} */
  public long matchedRelease() {
    return matchedRelease;
  }

  /** {@return the request the run decided, with its resolved time} */
  public Request request() {
    return request;
  }

  /**
   * {@return the usage store that keeps the quota counts, as {@link QuotaCounter#store()} names it; empty when the
   * counts are for this run only}
   */
  public java.util.Optional<String> usageStore() {
    return usage == null ? java.util.Optional.empty() : java.util.Optional.of(usage.store());
  }

  /** {@return the consumer whose use the usage store counts; empty without a store} */
  public java.util.Optional<String> consumer() {
    return usage == null ? java.util.Optional.empty() : java.util.Optional.of(usage.consumer());
  }

  /** {@return the limits in force} */
  public FilterLimits limits() {
    return limits;
  }

  /** {@return lines read} Always {@code read() == allowed() + denied() + invalid()}. */
  public long read() {
    return read;
  }

  /** {@return the number of valid records allowed} */
  public long allowed() {
    return allowed;
  }

  /** {@return the number of allowed records that come with at least one obligation} */
  public long withObligations() {
    return withObligations;
  }

  /** {@return the number of valid records denied} */
  public long denied() {
    return denied;
  }

  /** {@return lines that are not valid records} */
  public long invalid() {
    return invalid;
  }

  /**
   * {@return lines not allowed for {@code reason}; the counts over every reason add up to {@code denied() + invalid()}}
   *
   * @param reason the reason
   */
  public long count(DenialReason reason) {
    return reasons[reason.ordinal()];
  }

  /** {@return the number of allowed records carrying an attribution duty} */
  public long attributedItems() {
    return attributedItems;
  }

  /** {@return the contributors to credit, sorted by id} */
  public List<Credit> credits() {
    List<Credit> out = new ArrayList<>(credits.size());
    for (Map.Entry<String, ContributorCredit> e : new TreeMap<>(credits).entrySet()) {
      ContributorCredit c = e.getValue();
      out.add(new Credit(e.getKey(), c.items, c.ids, c.items - c.ids.size()));
    }
    return out;
  }

  /** {@return for each collective, the number of attributed records that belong to it, sorted by name} */
  public SortedMap<String, Long> attributionsByCollective() {
    TreeMap<String, Long> out = new TreeMap<>();
    attributionByCollective.forEach((k, v) -> out.put(k, v[0]));
    return Collections.unmodifiableSortedMap(out);
  }

  /** {@return what is owed to each collective, sorted by name} */
  public List<PaymentDue> payments() {
    List<PaymentDue> out = new ArrayList<>(payees.size());
    for (Map.Entry<String, Payee> e : new TreeMap<>(payees).entrySet()) {
      Payee p = e.getValue();
      out.add(new PaymentDue(e.getKey(), p.items, p.unpriced, p.amounts));
    }
    return out;
  }

  /** {@return each quota's use, sorted by owner kind (collectives first), owner, then period} */
  public List<QuotaUse> quotas() {
    List<QuotaUse> out = new ArrayList<>(quotas.size());
    for (Map.Entry<QuotaKey, Counter> e : quotas.entrySet()) {
      QuotaKey k = e.getKey();
      Counter c = e.getValue();
      Instant[] w = windows.get(k.period());
      out.add(new QuotaUse(k.kind(), k.owner(), k.period(), w[0], w[1], c.limit, c.used, c.denied));
    }
    out.sort(java.util.Comparator.comparing(QuotaUse::ownerKind).thenComparing(QuotaUse::owner)
        .thenComparing(QuotaUse::period));
    return out;
  }
}
