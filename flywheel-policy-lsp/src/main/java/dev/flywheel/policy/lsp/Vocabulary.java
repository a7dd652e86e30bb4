package dev.flywheel.policy.lsp;

import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.QuotaPeriod;
import java.util.ArrayList;
import java.util.List;

/**
 * The words of the terms language as completion offers them, from the api's enums (purposes, facts, quota periods)
 * and the grammar's fixed keywords, so that a new purpose or fact appears in completion without a change here.
 */
final class Vocabulary {
  /** The clause keywords and duty words the lexer matches itself (docs/LANGUAGE.md sections 1 and 3). */
  static final List<String> FIXED_KEYWORDS = List.of(
      "allow", "deny", "if", "and", "until", "from", "pay", "collective", "limit", "per", "item", "attribution");

  /** Words a duty starts with, as a condition of an allow or as a clause on its own. */
  static final List<String> DUTY_STARTS = List.of("attribution", "pay", "limit");

  private Vocabulary() {}

  static List<String> purposes() {
    List<String> words = new ArrayList<>();
    for (Purpose p : Purpose.values()) {
      words.add(p.word());
    }
    return words;
  }

  static List<String> onlyPurposes() {
    List<String> words = new ArrayList<>();
    for (Purpose p : Purpose.values()) {
      words.add(p.word() + "-only");
    }
    return words;
  }

  static List<String> noPurposes() {
    List<String> words = new ArrayList<>();
    for (Purpose p : Purpose.values()) {
      words.add("no-" + p.word());
    }
    return words;
  }

  static List<String> facts() {
    List<String> words = new ArrayList<>();
    for (Fact f : Fact.values()) {
      words.add(f.word());
    }
    return words;
  }

  static List<String> periods() {
    List<String> words = new ArrayList<>();
    for (QuotaPeriod p : QuotaPeriod.values()) {
      words.add(p.word());
    }
    return words;
  }

  /** Every word of the language: fixed keywords, purposes with their -only and no- forms, facts and periods. */
  static List<String> all() {
    List<String> words = new ArrayList<>(FIXED_KEYWORDS);
    words.addAll(purposes());
    words.addAll(onlyPurposes());
    words.addAll(noPurposes());
    words.addAll(facts());
    words.addAll(periods());
    return words;
  }
}
