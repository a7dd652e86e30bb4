package dev.flywheel.policy.benchmarks;

import dev.flywheel.policy.register.Checkpoint;
import dev.flywheel.policy.register.Register;
import dev.flywheel.policy.register.RegisterEntry;
import dev.flywheel.policy.register.VerifiedLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The register of the register benchmarks: 10,000 statements over 100 collectives (each collective's 100 statements a
 * chain in which every statement supersedes the one before, so one stands at a time, as a register that has been
 * running for years looks) and rosters totalling 1,000,000 members. The dataset's three collectives are among them,
 * with keys: their standing statements are the terms the generated records embed (so every embedded statement of
 * theirs is ignored and replaced by the register's); they publish no roster, since the generated records put one
 * contributor in different collectives from record to record, which no roster can reproduce, and the comparison must
 * decide the same records the same way. The other 97 collectives carry the 1,000,000 roster members (10,310 each,
 * ids of their own), so every record's contributor is looked up in that index. The log is the verified form
 * ({@link VerifiedLog}) the register is indexed from; signing and verifying it is measured elsewhere.
 */
final class BenchRegister {
  static final int COLLECTIVES = 100;
  static final int STATEMENTS_PER_COLLECTIVE = 100;
  static final int ROSTERED = COLLECTIVES - 3;
  static final int MEMBERS_PER_ROSTER = (1_000_000 + ROSTERED - 1) / ROSTERED;

  private BenchRegister() {}

  /** {@return the register} */
  static Register build() {
    List<String> names = new ArrayList<>(List.of("masakhane", "Te Hiku Media", "karya"));
    for (int i = names.size(); i < COLLECTIVES; i++) {
      names.add(String.format("collective-%03d", i));
    }
    List<RegisterEntry> entries = new ArrayList<>();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    for (String name : names) {
      entries.add(new RegisterEntry.Admit(entries.size(), RegisterEntry.OPERATOR, t, name, "k", "id-" + name));
    }
    for (String name : names) {
      long previous = -1;
      for (int s = 0; s < STATEMENTS_PER_COLLECTIVE; s++) {
        boolean last = s == STATEMENTS_PER_COLLECTIVE - 1;
        String terms = last ? lastTerms(name) : "allow eval; deny train until 2027-0" + (1 + s % 9) + "-01";
        long seq = entries.size();
        entries.add(new RegisterEntry.Statement(seq, name, t.plusSeconds(seq), terms, null, RegisterEntry.Scope.ALL,
            previous < 0 ? List.of() : List.of(previous)));
        previous = seq;
      }
      if (name.equals("masakhane")) {
        long seq = entries.size();
        entries.add(new RegisterEntry.Statement(seq, name, t.plusSeconds(seq), "deny train from 2026-12-01", null,
            new RegisterEntry.Scope(null, null, List.of("language:yo")), List.of()));
      }
    }
    for (String name : names.subList(3, names.size())) {
      List<String> roster = new ArrayList<>(MEMBERS_PER_ROSTER);
      for (int m = 0; m < MEMBERS_PER_ROSTER; m++) {
        roster.add(name + "-member-" + m);
      }
      long seq = entries.size();
      entries.add(new RegisterEntry.Roster(seq, name, t.plusSeconds(seq), t.plusSeconds(seq), List.copyOf(roster)));
    }
    VerifiedLog log = new VerifiedLog(entries, new Checkpoint(entries.size(), "0".repeat(64)), Set.of());
    return Register.of(log);
  }

  private static String lastTerms(String name) {
    switch (name) {
      case "masakhane":
        return "allow train if attribution and pay collective masakhane 0.002 EUR per item; allow eval";
      case "Te Hiku Media":
        return "allow train if attribution and pay collective \"Te Hiku Media\" and limit 40 per month; allow eval";
      case "karya":
        return "pay collective karya 0.01 USD per item";
      default:
        return "allow eval; deny train";
    }
  }
}
