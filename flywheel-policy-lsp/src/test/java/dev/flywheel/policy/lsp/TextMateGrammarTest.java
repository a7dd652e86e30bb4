package dev.flywheel.policy.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.QuotaPeriod;
import dev.flywheel.policy.grammar.TermsParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks the VS Code extension's files against the language: the TextMate grammar's regexes compile as Java regexes
 * (the grammar keeps to the subset Oniguruma and java.util.regex read alike), every word of the vocabulary enums is
 * matched by the rule meant for it, and the example terms of the repository tokenise without an unknown word.
 *
 * <p>The tokeniser here follows TextMate's rule for one line: at each position the pattern whose match starts first
 * wins, ties going to the pattern listed first; a {@code begin}/{@code end} pattern scans its inner patterns until
 * {@code end} matches. That is all this grammar uses.
 */
class TextMateGrammarTest {
  private static final Path EXTENSION = Path.of("..", "editors", "vscode");
  private static final Path GRAMMAR = EXTENSION.resolve("syntaxes/terms.tmLanguage.json");
  private static final String UNKNOWN = "invalid.illegal.unknown-word.terms";

  private static JsonObject read(Path path) {
    try {
      return JsonParser.parseString(Files.readString(path, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One rule: a single match, or a begin/end region with inner rules. */
  private record Rule(String name, Pattern match, Pattern begin, Pattern end, List<Rule> inner) {}

  /** A token: its text and scope ({@code null} for text no rule matched). */
  record Token(String text, String scope) {}

  private static final class Grammar {
    final JsonObject json;
    final List<Rule> top;

    Grammar(JsonObject json) {
      this.json = json;
      this.top = rules(json.getAsJsonArray("patterns"));
    }

    private List<Rule> rules(JsonArray patterns) {
      List<Rule> rules = new ArrayList<>();
      for (JsonElement element : patterns) {
        JsonObject pattern = element.getAsJsonObject();
        if (pattern.has("include")) {
          String ref = pattern.get("include").getAsString();
          JsonObject target = json.getAsJsonObject("repository").getAsJsonObject(ref.substring(1));
          rules.addAll(ruleOf(target));
        } else {
          rules.addAll(ruleOf(pattern));
        }
      }
      return rules;
    }

    private List<Rule> ruleOf(JsonObject pattern) {
      String name = pattern.has("name") ? pattern.get("name").getAsString() : firstCaptureName(pattern);
      if (pattern.has("match")) {
        return List.of(new Rule(name, Pattern.compile(pattern.get("match").getAsString()), null, null, List.of()));
      }
      if (pattern.has("begin")) {
        List<Rule> inner = pattern.has("patterns") ? rules(pattern.getAsJsonArray("patterns")) : List.of();
        return List.of(new Rule(name, null, Pattern.compile(pattern.get("begin").getAsString()),
            Pattern.compile(pattern.get("end").getAsString()), inner));
      }
      return rules(pattern.getAsJsonArray("patterns"));
    }

    private static String firstCaptureName(JsonObject pattern) {
      // A rule named only through its captures (keyword + name) is scoped by its first capture.
      return pattern.has("captures") ? "captures:" + pattern.getAsJsonObject("captures").toString() : null;
    }

    List<Token> tokenise(String line) {
      List<Token> tokens = new ArrayList<>();
      int pos = 0;
      while (pos < line.length()) {
        Rule best = null;
        Matcher bestMatcher = null;
        for (Rule rule : top) {
          Matcher m = (rule.match() != null ? rule.match() : rule.begin()).matcher(line);
          if (m.find(pos) && (bestMatcher == null || m.start() < bestMatcher.start())) {
            best = rule;
            bestMatcher = m;
          }
        }
        if (best == null) {
          gap(tokens, line.substring(pos));
          break;
        }
        gap(tokens, line.substring(pos, bestMatcher.start()));
        int end = bestMatcher.end();
        if (best.begin() != null) {
          end = regionEnd(best, line, end);
        }
        tokens.add(new Token(line.substring(bestMatcher.start(), end), best.name()));
        pos = Math.max(end, bestMatcher.start() + 1);
      }
      return tokens;
    }

    /** Where a begin/end region that opened before {@code from} ends: after its end match, or at the line's end. */
    private static int regionEnd(Rule region, String line, int from) {
      int pos = from;
      while (pos < line.length()) {
        Matcher end = region.end().matcher(line);
        int endAt = end.find(pos) ? end.start() : Integer.MAX_VALUE;
        int innerEnd = -1;
        int innerStart = Integer.MAX_VALUE;
        for (Rule inner : region.inner()) {
          Matcher m = inner.match().matcher(line);
          if (m.find(pos) && m.start() < innerStart) {
            innerStart = m.start();
            innerEnd = m.end();
          }
        }
        if (innerStart < endAt) {
          pos = innerEnd;
        } else if (endAt != Integer.MAX_VALUE) {
          return end.end();
        } else {
          return line.length();
        }
      }
      return line.length();
    }

    private static void gap(List<Token> tokens, String text) {
      if (!text.isBlank()) {
        tokens.add(new Token(text.strip(), null));
      }
    }
  }

  private static final Grammar GRAMMAR_RULES = new Grammar(read(GRAMMAR));

  private static String scopeOf(String word) {
    List<Token> tokens = GRAMMAR_RULES.tokenise(word);
    assertEquals(1, tokens.size(), () -> "'" + word + "' is not one token: " + tokens);
    assertEquals(word, tokens.get(0).text());
    return tokens.get(0).scope();
  }

  @Test
  void grammar_everyRegex_compilesAsJavaRegex() {
    List<String> regexes = new ArrayList<>();
    collectRegexes(read(GRAMMAR), regexes);
    assertTrue(regexes.size() >= 15, regexes::toString);
    for (String regex : regexes) {
      Pattern.compile(regex);
    }
  }

  private static void collectRegexes(JsonElement element, List<String> into) {
    if (element.isJsonObject()) {
      for (var entry : element.getAsJsonObject().entrySet()) {
        if (Set.of("match", "begin", "end").contains(entry.getKey()) && entry.getValue().isJsonPrimitive()) {
          into.add(entry.getValue().getAsString());
        } else {
          collectRegexes(entry.getValue(), into);
        }
      }
    } else if (element.isJsonArray()) {
      element.getAsJsonArray().forEach(e -> collectRegexes(e, into));
    }
  }

  @Test
  void grammar_everyPurposeAndItsOnlyAndNoForms_matchedByTheirRules() {
    for (Purpose p : Purpose.values()) {
      assertEquals("constant.language.purpose.terms", scopeOf(p.word()), p.word());
      assertEquals("keyword.other.only.terms", scopeOf(p.word() + "-only"), p.word());
      assertEquals("keyword.other.deny.terms", scopeOf("no-" + p.word()), p.word());
    }
  }

  @Test
  void grammar_everyFactPeriodAndObligationWord_matchedByTheirRules() {
    for (Fact f : Fact.values()) {
      assertEquals("variable.language.fact.terms", scopeOf(f.word()), f.word());
    }
    for (QuotaPeriod q : QuotaPeriod.values()) {
      assertEquals("constant.language.period.terms", scopeOf(q.word()), q.word());
    }
    // The duty words: 'attribution' is itself an obligation type; 'payment' and 'quota' are written 'pay', 'limit'.
    assertEquals("keyword.other.duty.terms", scopeOf(ObligationType.ATTRIBUTION.word()));
    for (String keyword : Vocabulary.FIXED_KEYWORDS) {
      String scope = scopeOf(keyword);
      assertTrue(scope.startsWith("keyword."), () -> keyword + " is " + scope);
    }
  }

  @Test
  void grammar_wordInsideLongerWord_notMatchedAsKeyword() {
    assertEquals(UNKNOWN, scopeOf("trainx"));
    assertEquals(UNKNOWN, scopeOf("trian"));
    assertEquals(UNKNOWN, scopeOf("EVAL-ONLY"));
    assertEquals(List.of(new Token("deny", "keyword.control.clause.terms"), new Token("tarin", UNKNOWN)),
        GRAMMAR_RULES.tokenise("deny tarin"));
  }

  @Test
  void grammar_hashInsideWord_partOfTheWordNotAComment() {
    assertEquals(List.of(
            new Token("pay", "keyword.other.duty.terms"),
            new Token("collective", "keyword.other.duty.terms"),
            new Token("c#x", UNKNOWN)),
        GRAMMAR_RULES.tokenise("pay collective c#x"));
    assertEquals(UNKNOWN, scopeOf("eval-only#why"));
    assertEquals(List.of(new Token("eval-only", "keyword.other.only.terms"),
            new Token(";", "punctuation.separator.clause.terms"),
            new Token("#why", "comment.line.number-sign.terms")),
        GRAMMAR_RULES.tokenise("eval-only;#why"));
  }

  @Test
  void grammar_commentsStringsAndValues_scoped() {
    assertEquals(List.of(
            new Token("pay", "keyword.other.duty.terms"),
            new Token("collective", "keyword.other.duty.terms"),
            new Token("\"Te \\\"Hiku\\\" # not a comment\"", "string.quoted.double.terms"),
            new Token("0.002", "constant.numeric.terms"),
            new Token("EUR", "support.constant.currency.terms"),
            new Token("per", "keyword.other.duty.terms"),
            new Token("item", "keyword.other.duty.terms"),
            new Token(";", "punctuation.separator.clause.terms"),
            new Token("# the price, 2026", "comment.line.number-sign.terms")),
        GRAMMAR_RULES.tokenise("pay collective \"Te \\\"Hiku\\\" # not a comment\" 0.002 EUR per item; # the price, 2026"));
    assertTrue(GRAMMAR_RULES.tokenise("deny train until 2027-01-01T12:00:00+02:00").stream()
        .anyMatch(t -> t.scope().equals("constant.other.date.terms")
            && t.text().equals("2027-01-01T12:00:00+02:00")));
  }

  @Test
  void grammar_exampleTermsOfTheRepository_tokeniseWithoutUnknownWords() throws IOException {
    Set<String> examples = new LinkedHashSet<>(readmeExamples());
    examples.addAll(validConformanceTerms());
    examples.addAll(termsFiles());
    assertTrue(examples.size() > 100, () -> "too few examples found: " + examples.size());
    for (String terms : examples) {
      for (String line : terms.split("\r\n|\r|\n")) {
        for (Token token : GRAMMAR_RULES.tokenise(line)) {
          assertTrue(token.scope() != null && !token.scope().startsWith("invalid."),
              () -> "unknown word '" + token.text() + "' in: " + terms);
        }
      }
    }
  }

  /** The indented example terms of the README's opening (four spaces, one statement per line). */
  private static List<String> readmeExamples() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    List<String> examples = new ArrayList<>();
    TermsParser parser = TermsParser.withDefaults();
    for (String line : lines) {
      if (line.startsWith("    ") && !line.isBlank() && parser.parse(line.strip()).isValid()) {
        examples.add(line.strip());
      }
    }
    assertFalse(examples.isEmpty(), "no example terms in README.md");
    return examples;
  }

  /** Every valid "terms" string of the conformance suite's case files. */
  private static List<String> validConformanceTerms() throws IOException {
    List<String> terms = new ArrayList<>();
    TermsParser parser = TermsParser.withDefaults();
    try (Stream<Path> files = Files.walk(Path.of("..", "conformance-tests", "suite", "tests"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        collectTerms(JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)), terms);
      }
    }
    return terms.stream().filter(t -> parser.parse(t).isValid()).toList();
  }

  private static void collectTerms(JsonElement element, List<String> into) {
    if (element.isJsonObject()) {
      for (var entry : element.getAsJsonObject().entrySet()) {
        if (entry.getKey().equals("terms") && entry.getValue().isJsonPrimitive()) {
          into.add(entry.getValue().getAsString());
        } else {
          collectTerms(entry.getValue(), into);
        }
      }
    } else if (element.isJsonArray()) {
      element.getAsJsonArray().forEach(e -> collectTerms(e, into));
    }
  }

  /** The repository's {@code .terms} files (examples and docs), comments included. */
  private static List<String> termsFiles() throws IOException {
    List<String> texts = new ArrayList<>();
    for (Path root : List.of(Path.of("..", "examples"), Path.of("..", "docs"))) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".terms")).toList()) {
          texts.add(Files.readString(file, StandardCharsets.UTF_8));
        }
      }
    }
    return texts;
  }

  @Test
  void packageJson_validJson_namesTheLanguageGrammarAndClient() {
    JsonObject pkg = read(EXTENSION.resolve("package.json"));
    JsonObject language = pkg.getAsJsonObject("contributes").getAsJsonArray("languages").get(0).getAsJsonObject();
    assertEquals("terms", language.get("id").getAsString());
    assertEquals(".terms", language.getAsJsonArray("extensions").get(0).getAsString());
    assertTrue(Files.isRegularFile(EXTENSION.resolve(language.get("configuration").getAsString())));
    JsonObject grammar = pkg.getAsJsonObject("contributes").getAsJsonArray("grammars").get(0).getAsJsonObject();
    assertEquals("terms", grammar.get("language").getAsString());
    assertEquals(read(GRAMMAR).get("scopeName").getAsString(), grammar.get("scopeName").getAsString());
    assertEquals(GRAMMAR.normalize(), EXTENSION.resolve(grammar.get("path").getAsString()).normalize());
    assertTrue(Files.isRegularFile(EXTENSION.resolve(pkg.get("main").getAsString())));
    assertTrue(pkg.getAsJsonObject("dependencies").has("vscode-languageclient"));
  }

  @Test
  void languageConfiguration_validJson_hashStartsALineComment() throws IOException {
    JsonObject config = read(EXTENSION.resolve("language-configuration.json"));
    assertEquals("#", config.getAsJsonObject("comments").get("lineComment").getAsString());
    String extension = Files.readString(EXTENSION.resolve("extension.js"), StandardCharsets.UTF_8);
    assertTrue(extension.contains("args: ['lsp']"), "the client does not start 'flywheel-policy lsp'");
  }
}
