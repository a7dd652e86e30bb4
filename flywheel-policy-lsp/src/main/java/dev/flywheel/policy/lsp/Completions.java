package dev.flywheel.policy.lsp;

import dev.flywheel.policy.grammar.TermsPrinter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * What may come next at a position in terms, from the words of the clause before it.
 *
 * <p>Completion must work on text that does not parse yet (that is when it is asked for), so it does not use the
 * parser: it splits the current clause (the text after the last {@code ;} outside quotes and comments) into words and
 * looks at the last complete one, and at the clause's first word where the grammar depends on it ({@code allow}
 * takes conditions, {@code deny} does not). It offers only what the grammar allows there: after {@code pay} only
 * {@code collective}, after {@code collective} the known collective names, after {@code if} and {@code and} facts and
 * duties. The word being typed is replaced by the item's text ({@link TextEdit}), so names with quotes or hyphens are
 * inserted whole.
 */
final class Completions {
  private static final Pattern NUMBER = Pattern.compile("[0-9]+(\\.[0-9]+)?");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}.*");

  private final Clock clock;

  Completions(Clock clock) {
    this.clock = clock;
  }

  /** The words of the clause before the cursor, and the word being typed with where it starts. */
  record Context(List<String> words, String partial, int partialStart, boolean inQuoteOrComment) {}

  /**
   * Splits the text before {@code cursor} (a UTF-16 index) into the current clause's complete words and the word
   * being typed. Commas are words of their own; a quoted name is one word, quotes included.
   */
  static Context context(String text, int cursor) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    int wordStart = -1;
    boolean inQuote = false;
    boolean inComment = false;
    for (int i = 0; i < cursor; i++) {
      char c = text.charAt(i);
      if (inComment) {
        if (c == '\n' || c == '\r') {
          inComment = false;
        }
        continue;
      }
      if (inQuote) {
        word.append(c);
        if (c == '\\' && i + 1 < cursor) {
          word.append(text.charAt(++i));
        } else if (c == '"') {
          inQuote = false;
        }
        continue;
      }
      if (c == '"') {
        if (word.length() == 0) {
          wordStart = i;
        }
        word.append(c);
        inQuote = true;
      } else if (c == '#' && word.length() == 0) {
        // A '#' starts a comment only where a word could start; inside a word it is part of the word.
        inComment = true;
      } else if (c == ';') {
        word.setLength(0);
        words.clear();
      } else if (c == ',') {
        flush(words, word);
        words.add(",");
      } else if (Character.isWhitespace(c)) {
        flush(words, word);
      } else {
        if (word.length() == 0) {
          wordStart = i;
        }
        word.append(c);
      }
    }
    if (inQuote || inComment) {
      return new Context(List.copyOf(words), word.toString(), wordStart, true);
    }
    String partial = word.toString();
    return new Context(List.copyOf(words), partial, partial.isEmpty() ? cursor : wordStart, false);
  }

  private static void flush(List<String> words, StringBuilder word) {
    if (word.length() > 0) {
      words.add(word.toString());
      word.setLength(0);
    }
  }

  /**
   * The completion items at {@code cursor}.
   *
   * @param positions the document
   * @param cursor the UTF-16 index of the cursor
   * @param collectives the known collective names, unquoted
   */
  List<CompletionItem> complete(TextPositions positions, int cursor, Collection<String> collectives) {
    Context context = context(positions.text(), cursor);
    if (context.inQuoteOrComment()) {
      return List.of();
    }
    Range replace = new Range(positions.positionOf(context.partialStart()), positions.positionOf(cursor));
    List<CompletionItem> items = new ArrayList<>();
    for (Offer offer : offers(context.words(), collectives)) {
      CompletionItem item = new CompletionItem(offer.text());
      item.setKind(offer.kind());
      item.setDetail(offer.detail());
      item.setTextEdit(Either.forLeft(new TextEdit(replace, offer.text())));
      // Clients filter on the word at the cursor; a name's filter text is the name without its quotes.
      item.setFilterText(offer.text().replace("\"", ""));
      items.add(item);
    }
    return items;
  }

  /** One word to offer, with what it is. */
  record Offer(String text, CompletionItemKind kind, String detail) {}

  /** What the grammar allows after {@code words}, the complete words of the current clause. */
  List<Offer> offers(List<String> words, Collection<String> collectives) {
    Set<Offer> offers = new LinkedHashSet<>();
    if (words.isEmpty()) {
      keywords(offers, "allow", "deny");
      add(offers, Vocabulary.purposes(), CompletionItemKind.EnumMember, "purpose (allowed if the conditions hold)");
      add(offers, Vocabulary.onlyPurposes(), CompletionItemKind.EnumMember, "only this purpose");
      add(offers, Vocabulary.noPurposes(), CompletionItemKind.EnumMember, "deny this purpose");
      add(offers, Vocabulary.DUTY_STARTS, CompletionItemKind.Keyword, "duty");
      return List.copyOf(offers);
    }
    String head = words.get(0);
    String last = words.get(words.size() - 1);
    String beforeLast = words.size() >= 2 ? words.get(words.size() - 2) : null;
    switch (last) {
      case "allow", "deny", "," ->
          add(offers, Vocabulary.purposes(), CompletionItemKind.EnumMember, "purpose");
      case "if", "and" -> {
        add(offers, Vocabulary.facts(), CompletionItemKind.EnumMember, "fact the consumer declares");
        add(offers, Vocabulary.DUTY_STARTS, CompletionItemKind.Keyword, "duty");
      }
      case "pay" -> keywords(offers, "collective");
      case "collective" -> {
        for (String name : collectives) {
          offers.add(new Offer(TermsPrinter.name(name), CompletionItemKind.Value, "collective"));
        }
      }
      case "per" -> {
        if (beforeLast != null && CURRENCY.matcher(beforeLast).matches()) {
          keywords(offers, "item");
        } else {
          add(offers, Vocabulary.periods(), CompletionItemKind.EnumMember, "quota period");
        }
      }
      case "limit" -> {
        // A number comes next: nothing to offer.
      }
      case "from", "until" -> offers.add(new Offer(
          LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString(), CompletionItemKind.Value, "today (UTC)"));
      default -> afterValue(offers, words, head, last, beforeLast);
    }
    return List.copyOf(offers);
  }

  /** After a purpose, a fact, a duty's last word or a date: what may continue the clause. */
  private static void afterValue(Set<Offer> offers, List<String> words, String head, String last, String beforeLast) {
    if ("limit".equals(beforeLast) && NUMBER.matcher(last).matches()) {
      keywords(offers, "per");
      return;
    }
    if (CURRENCY.matcher(last).matches()) {
      keywords(offers, "per");
      return;
    }
    if ("collective".equals(beforeLast)) {
      // A name: a price may follow (a number, nothing to offer), or the clause goes on.
      conditionsGoOn(offers, head, words);
      return;
    }
    boolean inConditions = words.contains("if");
    if (Vocabulary.purposes().contains(last) && !inConditions) {
      keywords(offers, ",");
      if (!"deny".equals(head)) {
        keywords(offers, "if");
      }
      timeBounds(offers, words);
      return;
    }
    if (DATE.matcher(last).matches() || Vocabulary.onlyPurposes().contains(last)
        || Vocabulary.noPurposes().contains(last)) {
      timeBounds(offers, words);
      return;
    }
    if (NUMBER.matcher(last).matches()) {
      return;
    }
    conditionsGoOn(offers, head, words);
  }

  private static void conditionsGoOn(Set<Offer> offers, String head, List<String> words) {
    if (words.contains("if")) {
      keywords(offers, "and");
    }
    timeBounds(offers, words);
  }

  private static void timeBounds(Set<Offer> offers, List<String> words) {
    if (!words.contains("from")) {
      keywords(offers, "from");
    }
    if (!words.contains("until")) {
      keywords(offers, "until");
    }
  }

  private static void keywords(Set<Offer> offers, String... words) {
    for (String w : words) {
      offers.add(new Offer(w, CompletionItemKind.Keyword, "keyword"));
    }
  }

  private static void add(Set<Offer> offers, List<String> words, CompletionItemKind kind, String detail) {
    for (String w : words) {
      offers.add(new Offer(w, kind, detail));
    }
  }
}
