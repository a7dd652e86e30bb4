package dev.flywheel.policy.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.QuotaPeriod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/LANGUAGE.md states the vocabulary for readers; the enums of the api are its definition. These tests read the
 * document's purpose tree, its {@code P-only} / {@code no-P} list, its mapping table, its fact and duty tables and
 * its list of periods, and require each to equal the enum's words in order, so a new constant fails here until the
 * document describes it.
 */
class LanguageDocVocabularyTest {
  private static final Path LANGUAGE = Path.of("..", "docs", "LANGUAGE.md");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern WORD = Pattern.compile("[a-z][a-z-]*");

  private static List<String> section(String heading) throws IOException {
    List<String> lines = Files.readAllLines(LANGUAGE);
    int start = lines.indexOf(heading);
    int end = start + 1;
    while (end < lines.size() && !lines.get(end).startsWith("## ")) {
      end++;
    }
    return lines.subList(start + 1, end);
  }

  private static List<String> codeSpans(String text) {
    List<String> spans = new ArrayList<>();
    Matcher m = CODE.matcher(text);
    while (m.find()) {
      spans.add(m.group(1));
    }
    return spans;
  }

  /** The first cell (without its backticks) of each row of the table whose header row is {@code header}. */
  private static List<String> tableColumn(List<String> lines, String header, int column) {
    List<String> cells = new ArrayList<>();
    int row = lines.indexOf(header) + 2; // skip the header and the | --- | row
    for (; row < lines.size() && lines.get(row).startsWith("|"); row++) {
      String cell = lines.get(row).split("\\|")[column + 1].trim();
      cells.add(codeSpans(cell).get(0));
    }
    return cells;
  }

  private static <E> List<String> words(E[] values, Function<E, String> word) {
    return Stream.of(values).map(word).toList();
  }

  @Test
  void purposeTree_listsEveryPurposeInOrderAtItsDepth() throws IOException {
    List<String> tree = new ArrayList<>();
    List<Integer> depths = new ArrayList<>();
    for (String line : section("## 2. Purposes")) {
      if (!line.startsWith("    ")) {
        continue;
      }
      String drawn = line.substring(4);
      Matcher m = WORD.matcher(drawn);
      m.find();
      tree.add(m.group());
      depths.add(m.start() / 4); // each level of the drawing is four characters wide
    }
    assertEquals(words(Purpose.values(), Purpose::word), tree);
    assertEquals(Stream.of(Purpose.values()).map(Purpose::depth).toList(), depths);
  }

  @Test
  void onlyAndNoForms_areListedForEveryPurpose() throws IOException {
    List<String> spans = codeSpans(String.join(" ", section("## 2. Purposes")));
    assertEquals(words(Purpose.values(), p -> p.word() + "-only"),
        spans.stream().filter(s -> s.endsWith("-only") && !s.equals("P-only")).toList());
    assertEquals(words(Purpose.values(), p -> "no-" + p.word()),
        spans.stream().filter(s -> s.startsWith("no-") && !s.equals("no-P")).toList());
  }

  @Test
  void signalMappingTable_hasOneRowPerPurpose() throws IOException {
    List<String> rows = tableColumn(section("## 2. Purposes"),
        "| ours | IETF AIPREF vocabulary (draft -07) | Cloudflare Content-Signal | RSL 1.0 usage |", 0);
    assertEquals(words(Purpose.values(), Purpose::word), rows);
  }

  @Test
  void factTable_hasOneRowPerFact() throws IOException {
    assertEquals(words(Fact.values(), Fact::word),
        tableColumn(section("## 3. Conditions and duties"), "| fact | meaning |", 0));
  }

  @Test
  void dutyTable_namesEveryObligationType() throws IOException {
    List<String> types = tableColumn(section("## 3. Conditions and duties"),
        "| duty | example | obligation type |", 2);
    assertEquals(words(ObligationType.values(), ObligationType::word), List.copyOf(new LinkedHashSet<>(types)));
  }

  @Test
  void periodSentence_namesEveryQuotaPeriod() throws IOException {
    String text = String.join(" ", section("## 3. Conditions and duties"));
    String sentence = text.substring(text.indexOf("**PERIOD** is"), text.indexOf("(calendar"));
    assertEquals(words(QuotaPeriod.values(), QuotaPeriod::word), codeSpans(sentence));
  }
}
