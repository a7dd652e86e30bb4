package dev.flywheel.policy.register;

import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.records.ContributionRecord;
import dev.flywheel.policy.register.RegisterFacts.ReleaseFact;
import dev.flywheel.policy.register.RegisterFacts.RosterFact;
import dev.flywheel.policy.register.RegisterFacts.StatementFact;
import dev.flywheel.policy.register.RegisterFacts.WithdrawalFact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The register as it stands at one instant t: only the entries that count at t (rule 4 of docs/LANGUAGE.md section
 * 10.4: {@code issuedAt <= t}, effective at or before t, not superseded at t), indexed so that {@link #apply} does a
 * handful of hash look-ups per record and no I/O.
 *
 * <p><b>Design.</b> Everything that depends only on t is computed here once: the collectives with a key, each keyed
 * collective's statements in force as engine-ready {@link ItemTerms.CollectiveStatement}s, the roster in force per
 * collective and an index from contributor to the rostered collectives it is on, the withdrawals in force by item and
 * by contributor, and the digests of every release in force. Applying it to a record then costs look-ups by
 * collective, contributor, item id and (only when a release is in force) one digest of the record's canonical JSON.
 * A record the register does not touch gets exactly {@link ContributionRecord#toItemTerms()}.
 *
 * <p>Immutable and thread-safe. Memory: one hash entry per roster member in force (sharing the member strings with the
 * log) and per withdrawn id and release digest; see docs/PERFORMANCE.md.
 */
public final class RegisterSnapshot {
  private static final String[] NONE = new String[0];

  private final Instant at;
  private final Set<String> keyed;
  private final Map<String, List<ItemTerms.CollectiveStatement>> statements;
  private final Map<String, Long> rosterSeq; // collective -> seq of its roster in force
  private final Map<String, String[]> rostersOfContributor;
  private final Map<String, Withdrawer[]> withdrawnItems;
  private final Map<String, Withdrawer[]> withdrawnContributors;
  private final Set<String> releasedDigests;
  private final boolean anyRelease;

  /** Who withdrew: the entry's seq and the issuing collective ({@code null}: the steward). */
  private record Withdrawer(long seq, String collective) {}

  RegisterSnapshot(RegisterFacts facts, Instant at) {
    this.at = Objects.requireNonNull(at, "at");
    Set<String> keyedAt = new HashSet<>();
    for (RegisterFacts.Keyed k : facts.keyed()) {
      if (!k.issuedAt().isAfter(at)) {
        keyedAt.add(k.collective());
      }
    }
    this.keyed = Set.copyOf(keyedAt);
    this.statements = statementsInForce(facts.statements(), keyedAt, at);

    // The roster in force per collective: the latest published (highest seq) among those that count at t.
    Map<String, RosterFact> roster = new HashMap<>();
    for (RosterFact r : facts.rosters()) {
      if (counts(r.issuedAt(), r.from(), at) && keyedAt.contains(r.collective())) {
        roster.merge(r.collective(), r, (a, b) -> a.seq() > b.seq() ? a : b);
      }
    }
    Map<String, Long> seqs = new HashMap<>();
    Map<String, String[]> byContributor = new HashMap<>();
    // One shared array per collective for the common case of a contributor on one roster.
    Map<String, String[]> single = new HashMap<>();
    for (RosterFact r : roster.values()) {
      seqs.put(r.collective(), r.seq());
      String[] only = single.computeIfAbsent(r.collective(), c -> new String[] {c});
      for (String member : r.members()) {
        byContributor.merge(member, only, RegisterSnapshot::union);
      }
    }
    this.rosterSeq = Map.copyOf(seqs);
    this.rostersOfContributor = byContributor;

    Map<String, Withdrawer[]> items = new HashMap<>();
    Map<String, Withdrawer[]> contributors = new HashMap<>();
    for (WithdrawalFact w : facts.withdrawals()) {
      if (!counts(w.issuedAt(), w.from(), at)) {
        continue;
      }
      if (w.collective() != null && !keyedAt.contains(w.collective())) {
        continue;
      }
      Withdrawer[] by = {new Withdrawer(w.seq(), w.collective())};
      for (String id : w.items()) {
        items.merge(id, by, RegisterSnapshot::concat);
      }
      for (String id : w.contributors()) {
        contributors.merge(id, by, RegisterSnapshot::concat);
      }
    }
    this.withdrawnItems = items;
    this.withdrawnContributors = contributors;

    Set<String> digests = new HashSet<>();
    boolean any = false;
    for (ReleaseFact r : facts.releases()) {
      if (!r.issuedAt().isAfter(at)) {
        digests.addAll(r.digests());
        any = true;
      }
    }
    this.releasedDigests = digests;
    this.anyRelease = any;
  }

  private static boolean counts(Instant issuedAt, Instant from, Instant at) {
    return !issuedAt.isAfter(at) && !from.isAfter(at);
  }

  /**
   * Rules 4 and 6: per keyed collective, the statements it issued that count at t and that no statement of the same
   * collective counting at t supersedes, in log order.
   */
  private static Map<String, List<ItemTerms.CollectiveStatement>> statementsInForce(List<StatementFact> all,
      Set<String> keyed, Instant at) {
    Map<String, Set<Long>> superseded = new HashMap<>();
    List<StatementFact> counting = new ArrayList<>();
    for (StatementFact s : all) {
      if (keyed.contains(s.collective()) && counts(s.issuedAt(), s.from(), at)) {
        counting.add(s);
        for (long old : s.supersedes()) {
          if (old < s.seq()) { // only an earlier entry can be superseded
            superseded.computeIfAbsent(s.collective(), c -> new HashSet<>()).add(old);
          }
        }
      }
    }
    counting.sort((a, b) -> Long.compare(a.seq(), b.seq()));
    Map<String, List<ItemTerms.CollectiveStatement>> out = new HashMap<>();
    for (StatementFact s : counting) {
      if (superseded.getOrDefault(s.collective(), Set.of()).contains(s.seq())) {
        continue;
      }
      out.computeIfAbsent(s.collective(), c -> new ArrayList<>()).add(new ItemTerms.CollectiveStatement(
          s.collective(), s.terms(), s.from(), s.contributedFrom(), s.contributedUntil(), s.tags()));
    }
    out.replaceAll((c, list) -> List.copyOf(list));
    return Map.copyOf(out);
  }

  private static String[] union(String[] a, String[] b) {
    Set<String> u = new LinkedHashSet<>(List.of(a));
    u.addAll(List.of(b));
    return u.toArray(NONE);
  }

  private static Withdrawer[] concat(Withdrawer[] a, Withdrawer[] b) {
    Withdrawer[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** {@return the instant this snapshot holds the register at} */
  public Instant at() {
    return at;
  }

  /** {@return the collectives with a key admitted at or before {@link #at()}: the register is their only voice} */
  public Set<String> keyedCollectives() {
    return keyed;
  }

  /** {@return true when some release is in force at {@link #at()}, so records are matched against releases} */
  public boolean hasReleases() {
    return anyRelease;
  }

  /**
   * What the register does to one record at {@link #at()}. Never throws for anything about the record.
   *
   * <ul>
   *   <li>membership (rule 3): for each collective with a roster in force, the record belongs to it exactly when its
   *       contributor is on the roster, whatever the record's own {@code collectives} say; other claims stand;
   *   <li>statements (rules 2, 4, 6): embedded statements of a keyed collective are dropped and counted; the keyed
   *       collective's statements in force are added for each keyed collective the record belongs to;
   *   <li>withdrawal (rule 5): the lowest {@code seq} of a withdrawal in force naming the record's id or contributor,
   *       by the steward or by a collective the record belongs to;
   *   <li>release (rule 7): whether the SHA-256 of the record's canonical JSON is in a release in force.
   * </ul>
   *
   * @param record the validated record
   * @param json the record's JSON text as read (the bytes it was validated from); its digest is computed only when
   *     {@link #hasReleases()}
   * @return the register's effect on the record
   * @throws NullPointerException if an argument is null
   */
  public RegisterMatch apply(ContributionRecord record, byte[] json) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(json, "json");
    String contributor = record.contributor();
    String[] rostered = rostersOfContributor.getOrDefault(contributor, NONE);

    // Rule 3: membership.
    boolean membershipChanged = rostered.length > 0;
    Set<String> members = null;
    for (String c : record.collectives()) {
      if (rosterSeq.containsKey(c)) {
        membershipChanged = true;
      }
    }
    if (membershipChanged) {
      members = new LinkedHashSet<>();
      for (String c : record.collectives()) {
        if (!rosterSeq.containsKey(c)) {
          members.add(c);
        }
      }
      for (String c : rostered) {
        members.add(c);
      }
    }
    Set<String> belongsTo = members != null ? members : Set.copyOf(record.collectives());

    // Rules 2, 4, 6: statements.
    int ignored = 0;
    for (ContributionRecord.Statement s : record.statements()) {
      if (s instanceof ContributionRecord.CollectiveStatement c && keyed.contains(c.collective())) {
        ignored++;
      }
    }
    boolean fromRegister = false;
    for (String c : belongsTo) {
      if (statements.containsKey(c)) {
        fromRegister = true;
        break;
      }
    }
    ItemTerms terms = ignored == 0 && !fromRegister && !membershipChanged
        ? record.toItemTerms()
        : rebuild(record, belongsTo);

    // Rule 5: withdrawal.
    long withdrawnBy = Math.min(withdrawal(withdrawnItems.get(record.id()), belongsTo),
        withdrawal(withdrawnContributors.get(contributor), belongsTo));

    // Rule 7: release.
    boolean released = false;
    if (anyRelease) {
      String d = ReleaseMatching.digestOf(json);
      released = d != null && releasedDigests.contains(d);
    }
    return new RegisterMatch(terms, ignored, withdrawnBy == Long.MAX_VALUE ? -1 : withdrawnBy, released);
  }

  private static long withdrawal(Withdrawer[] by, Set<String> belongsTo) {
    long seq = Long.MAX_VALUE;
    if (by != null) {
      for (Withdrawer w : by) {
        if (w.collective() == null || belongsTo.contains(w.collective())) {
          seq = Math.min(seq, w.seq());
        }
      }
    }
    return seq;
  }

  /** The record's item terms with the register's membership and statements in place of the record's own. */
  private ItemTerms rebuild(ContributionRecord record, Set<String> belongsTo) {
    ItemTerms.Builder b = ItemTerms.builder()
        .terms(record.preference())
        .contributedAt(record.provenance().created())
        .collectives(belongsTo)
        .tags(record.tags().asStrings())
        .licence(record.licence())
        .releasedAt(record.released());
    for (ContributionRecord.Statement s : record.statements()) {
      if (s instanceof ContributionRecord.ContributorStatement c) {
        b.preferenceShift(c.effective(), c.terms());
      } else if (s instanceof ContributionRecord.CollectiveStatement c && !keyed.contains(c.collective())) {
        b.collectiveStatement(new ItemTerms.CollectiveStatement(c.collective(), c.terms(), c.effective(),
            c.scope().contributedFrom(), c.scope().contributedUntil(), new LinkedHashSet<>(c.scope().tags())));
      }
    }
    for (String c : belongsTo) {
      for (ItemTerms.CollectiveStatement s : statements.getOrDefault(c, List.of())) {
        b.collectiveStatement(s);
      }
    }
    return b.build();
  }
}
