package dev.flywheel.policy.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.lsp4j.CompletionItem;
import org.junit.jupiter.api.Test;

class CompletionsTest {
  private final Completions completions =
      new Completions(Clock.fixed(Instant.parse("2026-12-04T23:30:00Z"), ZoneOffset.UTC));
  private static final List<String> COLLECTIVES = List.of("masakhane", "Te Hiku Media", "search");

  private List<String> at(String textBeforeCursor) {
    TextPositions positions = new TextPositions(textBeforeCursor + " rest of the line");
    return completions.complete(positions, textBeforeCursor.length(), COLLECTIVES).stream()
        .map(CompletionItem::getLabel).toList();
  }

  @Test
  void complete_afterPay_onlyCollective() {
    assertEquals(List.of("collective"), at("pay "));
    assertEquals(List.of("collective"), at("allow train if attribution and pay "));
  }

  @Test
  void complete_afterCollective_namesQuotedWhenTheyMustBe() {
    assertEquals(List.of("masakhane", "\"Te Hiku Media\"", "\"search\""), at("eval-only; pay collective "));
  }

  @Test
  void complete_startOfClause_clauseHeads() {
    List<String> offered = at("deny train; ");
    assertTrue(offered.containsAll(List.of("allow", "deny", "train", "eval-only", "no-train", "attribution", "pay",
        "limit")), offered::toString);
    assertTrue(!offered.contains("if") && !offered.contains("collective"), offered::toString);
  }

  @Test
  void complete_afterAllowOrComma_purposesOnly() {
    assertEquals(Vocabulary.purposes(), at("allow "));
    assertEquals(Vocabulary.purposes(), at("deny train,"));
  }

  @Test
  void complete_afterIfOrAnd_factsAndDuties() {
    assertEquals(List.of("open-weights", "noncommercial", "attribution", "pay", "limit"), at("allow train if "));
    assertEquals(List.of("open-weights", "noncommercial", "attribution", "pay", "limit"),
        at("allow train if open-weights and "));
  }

  @Test
  void complete_afterPurposeOfDeny_noIf() {
    assertEquals(List.of(",", "from", "until"), at("deny train "));
    assertEquals(List.of(",", "if", "from", "until"), at("allow train "));
  }

  @Test
  void complete_afterQuotaNumberAndPer_periods() {
    assertEquals(List.of("per"), at("limit 5000 "));
    assertEquals(List.of("day", "week", "month", "year"), at("limit 5000 per "));
    assertEquals(List.of(), at("limit "));
  }

  @Test
  void complete_afterPriceCurrencyAndPer_item() {
    assertEquals(List.of("per"), at("pay collective masakhane 0.002 EUR "));
    assertEquals(List.of("item"), at("pay collective masakhane 0.002 EUR per "));
  }

  @Test
  void complete_afterUntil_todayInUtc() {
    assertEquals(List.of("2026-12-04"), at("deny train until "));
    assertEquals(List.of("from"), at("deny train until 2027-01-01 "));
  }

  @Test
  void complete_insideCommentOrQuotedName_nothing() {
    assertEquals(List.of(), at("deny train # pay "));
    assertEquals(List.of(), at("pay collective \"Te "));
  }

  @Test
  void complete_afterCommentOnEarlierLine_contextFromCode() {
    assertEquals(List.of("collective"), at("# pay me; allow\npay "));
  }

  @Test
  void context_hashInsideWord_partOfTheWord() {
    Completions.Context context = Completions.context("pay collective c#x ", 19);
    assertEquals(List.of("pay", "collective", "c#x"), context.words());
  }

  @Test
  void context_semicolonInsideQuotedName_doesNotEndClause() {
    Completions.Context context = Completions.context("pay collective \"a;b\" ", 21);
    assertEquals(List.of("pay", "collective", "\"a;b\""), context.words());
  }
}
