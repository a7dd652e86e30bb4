package dev.flywheel.policy.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.policy.register.Checkpoint;
import dev.flywheel.policy.register.Register;
import dev.flywheel.policy.register.RegisterEntry;
import dev.flywheel.policy.register.VerifiedLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The register of the register benchmarks: 10,000 statements over 100 collectives (each collective's 100 statements a
 * chain in which every statement supersedes the one before, so one stands at a time, as a register that has been
 * running for years looks) and rosters of 10,000 members each, 1,000,000 in total. The dataset's three collectives
 * are among them: their last statements are the terms the generated records embed, and their rosters hold every
 * contributor the dataset puts in them, filled up to 10,000 with other ids. The log is the verified form
 * ({@link VerifiedLog}) the register is indexed from; signing and verifying it is measured elsewhere.
 */
final class BenchRegister {
  static final int COLLECTIVES = 100;
  static final int STATEMENTS_PER_COLLECTIVE = 100;
  static final int MEMBERS_PER_ROSTER = 10_000;

  private BenchRegister() {}

  /** {@return the register for the dataset {@code jsonl}} */
  static Register build(byte[] jsonl) {
    Map<String, Set<String>> members = new HashMap<>();
    ObjectMapper mapper = new ObjectMapper();
    for (String line : new String(jsonl, StandardCharsets.UTF_8).split("\n")) {
      try {
        JsonNode node = mapper.readTree(line);
        if (node != null) {
          for (JsonNode c : node.path("collectives")) {
            members.computeIfAbsent(c.asText(), k -> new LinkedHashSet<>()).add(node.path("contributor").asText());
          }
        }
      } catch (IOException | RuntimeException invalidLine) {
        // the dataset's invalid lines join no roster
      }
    }
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
    for (String name : names) {
      Set<String> roster = new LinkedHashSet<>(members.getOrDefault(name, Set.of()));
      for (int m = 0; roster.size() < MEMBERS_PER_ROSTER; m++) {
        roster.add(name.replace(' ', '-') + "-member-" + m);
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
