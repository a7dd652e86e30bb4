package dev.flywheel.policy.grammar;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Span;
import dev.flywheel.policy.grammar.internal.FlywheelTermsLexer;
import dev.flywheel.policy.grammar.internal.FlywheelTermsParser;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.OnlyClause;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.Policy;
import dev.flywheel.policy.terms.TermsLimits;
import dev.flywheel.policy.terms.TimeWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.WritableToken;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Parses terms into a {@link Policy}, or explains why it cannot.
 *
 * <p>Thread-safe and stateless between calls. Never throws on any input string and never produces a policy from
 * input that had an error: there is no silent repair.
 *
 * <p>Design: the input is checked in stages, cheapest first, and each stage sees only what the previous one let
 * through. (1) The length is checked before anything else touches the text. (2) The whole text is lexed; the lexer's
 * catch-all WORD token means no character is ever dropped. (3) The tokens are split into clauses at {@code ;} (a
 * quoted name is one token, so its semicolons do not split), which bounds the clause count before any parsing.
 * (4) Every character of every word and name is checked (confusables, invisible and bidi characters, controls);
 * past the diagnostic cap a problem is only counted ({@code BoundedDiagnostics}), and messages quote a bounded
 * excerpt, so the work stays linear in the input however much of it is wrong.
 * (5) Each clause without a character problem is parsed on its own with a bail-out error strategy: at most one
 * syntax error per clause, and ANTLR's recovery can never "fix" a clause into something its author did not write.
 * (6) Values (dates, names, amounts) are checked while building the AST; collective names by {@link NameRules}, the
 * rules records follow too. The grammar has no recursion, so parsing
 * uses a small, input-independent amount of stack.
 */
public final class TermsParser {
  private final TermsLimits limits;

  private TermsParser(TermsLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** A parser with {@link TermsLimits#DEFAULTS}. */
  public static TermsParser withDefaults() {
    return new TermsParser(TermsLimits.DEFAULTS);
  }

  /** A parser with {@code limits}. */
  public static TermsParser create(TermsLimits limits) {
    return new TermsParser(limits);
  }

  /** The limits this parser enforces. */
  public TermsLimits limits() {
    return limits;
  }

  /**
   * Parses {@code terms}.
   *
   * @return the policy with any warnings, or every error found (sorted by position; at most
   *     {@link TermsLimits#maxDiagnostics()} of them, then one {@code too-many-diagnostics})
   * @throws NullPointerException if {@code terms} is null
   */
  public ParseResult parse(String terms) {
    return parseKeepingComments(terms).result();
  }

  /**
   * Parses {@code terms} and keeps its comments, for the formatter. The comments are those of a valid parse, in
   * source order; for invalid terms the list may be incomplete.
   */
  ParsedSource parseKeepingComments(String terms) {
    Objects.requireNonNull(terms, "terms");
    Run run = new Run(terms);
    try {
      return new ParsedSource(run.parse(), List.copyOf(run.comments));
    } catch (RuntimeException | StackOverflowError e) {
      // A bug must never become an exception in a data loader, nor an allow: report it as an error.
      return new ParsedSource(ParseResult.invalid(List.of(Diagnostic.of(DiagnosticCode.INTERNAL_ERROR,
          "internal error while parsing terms (" + e.getClass().getSimpleName() + ")"))), List.of());
    }
  }

  /** A parse result and the comments of the text, each with its span and its text from '#' to the end of line. */
  record ParsedSource(ParseResult result, List<Comment> comments) {}

  /** One comment: where it is, and its text from '#' (included) to the end of its line (excluded). */
  record Comment(Span span, String text) {}

  /** The state of one parse. */
  private final class Run {
    private final String terms;
    private final BoundedDiagnostics diagnostics = new BoundedDiagnostics(limits.maxDiagnostics());
    private final Machinery machinery = MACHINERY.get();
    private final List<Comment> comments = new ArrayList<>();
    private SourceText source;

    Run(String terms) {
      this.terms = terms;
    }

    ParseResult parse() {
      Diagnostic early = checkLengthAndBlank();
      if (early != null) {
        return ParseResult.invalid(List.of(early));
      }
      source = new SourceText(terms);
      List<Token> tokens = lex();
      if (tokens.isEmpty() && !diagnostics.hasError()) {
        // Only comments (and whitespace): as empty as blank terms.
        return ParseResult.invalid(List.of(Diagnostic.of(DiagnosticCode.EMPTY_TERMS,
                "the terms have only comments", new Span(0, 0, 1, 1))
            .withHelp("write at least one clause, e.g. 'eval-only' or 'deny train'")));
      }
      List<Segment> segments = split(tokens);
      Diagnostic tooMany = checkClauseCount(segments);
      if (tooMany != null) {
        return ParseResult.invalid(List.of(tooMany));
      }
      List<Clause> clauses = new ArrayList<>();
      ClauseBuilder builder = new ClauseBuilder(source, limits.maxNameLength(), diagnostics);
      for (Segment segment : segments) {
        if (segment.tokens.isEmpty() || !checkCharacters(segment)) {
          continue;
        }
        FlywheelTermsParser.SingleClauseContext tree = parseClause(segment);
        if (tree != null) {
          Token first = segment.tokens.get(0);
          Token last = segment.tokens.get(segment.tokens.size() - 1);
          Clause clause = builder.build(tree, source.spanBetween(first.getStartIndex(), last.getStopIndex() + 1));
          if (clause != null) {
            clauses.add(clause);
          }
        }
      }
      warnConflictingOnly(clauses);
      return result(clauses);
    }

    private Diagnostic checkLengthAndBlank() {
      int max = limits.maxLength();
      // Code points never outnumber chars, and a code point is at most two chars: only a string between max and
      // 2 * max chars needs counting, so a huge input is rejected in constant time.
      if (terms.length() > max
          && (terms.length() > 2L * max || terms.codePointCount(0, terms.length()) > max)) {
        return Diagnostic.of(DiagnosticCode.INPUT_TOO_LONG,
                "terms are longer than the limit of " + max + " characters", new Span(0, 0, 1, 1))
            .withHelp("shorten the terms; a statement that needs more is better split into layers");
      }
      for (int i = 0; i < terms.length(); i++) {
        char c = terms.charAt(i);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return null;
        }
      }
      return Diagnostic.of(DiagnosticCode.EMPTY_TERMS, "the terms are empty", new Span(0, 0, 1, 1))
          .withHelp("write at least one clause, e.g. 'eval-only' or 'deny train'");
    }

    private List<Token> lex() {
      FlywheelTermsLexer lexer = machinery.lexer;
      machinery.lexerListener.run = this;
      try {
        lexer.setInputStream(source.charStream()); // resets the lexer
        @SuppressWarnings("unchecked") // getAllTokens returns a fresh list of the lexer's tokens
        List<Token> all = (List<Token>) lexer.getAllTokens();
        List<Token> tokens = new ArrayList<>(all.size());
        for (Token token : all) {
          if (token.getType() == FlywheelTermsLexer.COMMENT) {
            checkComment(token);
            continue;
          }
          tokens.add(token);
          // The vocabulary lexes as WORD; its words take their token types here (see Keywords.vocabularyType). A
          // word longer than every vocabulary word is not copied out of the source just to be looked up.
          if (token.getType() == FlywheelTermsLexer.WORD
              && token.getStopIndex() - token.getStartIndex() < Keywords.LONGEST_VOCABULARY_WORD) {
            ((WritableToken) token).setType(Keywords.vocabularyType(token.getText()));
          }
        }
        return tokens;
      } finally {
        machinery.lexerListener.run = null; // the thread's machinery must not keep this parse alive
      }
    }

    /**
     * Keeps a comment for the formatter and reports the characters no text may hold, comments included: a comment
     * is shown to readers, so a bidi control in it could make the clauses around it read as something they are not.
     * Letters of every script are fine in a comment.
     */
    private void checkComment(Token token) {
      int start = token.getStartIndex();
      int end = token.getStopIndex() + 1;
      for (int offset = start + 1; offset < end; offset++) {
        int cp = source.codePointAt(offset);
        DiagnosticCode code = CharacterRules.inComment(cp);
        if (code != null && diagnostics.admits(offset, code)) {
          diagnostics.add(Diagnostic.of(code, messageFor(code, cp) + " in a comment", source.span(offset, 1))
              .withHelp("remove it: comments may not contain characters that are invisible or reorder text"));
        }
      }
      comments.add(new Comment(source.spanBetween(start, end), source.text(start, end)));
    }

    /** Called by the lexer's error listener. */
    void unexpectedCharacter(int offset) {
      diagnostics.add(Diagnostic.of(DiagnosticCode.UNEXPECTED_CHARACTER,
          "unexpected character", source.span(Math.min(offset, source.length()), 1)));
    }

    private List<Segment> split(List<Token> tokens) {
      List<Segment> segments = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < tokens.size(); i++) {
        if (tokens.get(i).getType() == FlywheelTermsLexer.SEMI) {
          segments.add(new Segment(tokens.subList(start, i), tokens.get(i)));
          start = i + 1;
        }
      }
      segments.add(new Segment(tokens.subList(start, tokens.size()), null));
      for (int i = 0; i < segments.size(); i++) {
        Segment s = segments.get(i);
        boolean trailing = s.separator == null && i > 0;
        if (s.tokens.isEmpty() && !trailing && s.separator != null) {
          diagnostics.add(Diagnostic.of(DiagnosticCode.EMPTY_CLAUSE, "empty clause before ';'",
                  spanOf(s.separator))
              .withHelp("remove the extra ';'"));
        }
      }
      return segments;
    }

    private Diagnostic checkClauseCount(List<Segment> segments) {
      int count = 0;
      for (Segment s : segments) {
        if (!s.tokens.isEmpty() && ++count > limits.maxClauses()) {
          return Diagnostic.of(DiagnosticCode.TOO_MANY_CLAUSES,
                  "the terms have more than " + limits.maxClauses() + " clauses", spanOf(s.tokens.get(0)))
              .withHelp("combine purposes into one clause ('allow eval, search') or split the terms into layers");
        }
      }
      return null;
    }

    /** Reports every bad character of the segment; true when there was none. */
    private boolean checkCharacters(Segment segment) {
      boolean clean = true;
      for (Token token : segment.tokens) {
        switch (token.getType()) {
          case FlywheelTermsLexer.WORD -> clean &= checkWord(token);
          case FlywheelTermsLexer.STRING -> clean &= checkName(token, token.getStopIndex());
          case FlywheelTermsLexer.UNTERMINATED_STRING -> {
            checkName(token, token.getStopIndex() + 1);
            diagnostics.add(Diagnostic.of(DiagnosticCode.UNTERMINATED_STRING,
                    "quoted name has no closing '\"'", spanOf(token))
                .withHelp("end the name with '\"' on the same line"));
            clean = false;
          }
          default -> { }
        }
      }
      return clean;
    }

    /**
     * Reports every bad character of a word. Linear in the word: the word is read from the source without a copy,
     * its excerpt for messages and its look-alike folding are made at most once, and a problem past the diagnostic
     * cap is only counted.
     */
    private boolean checkWord(Token token) {
      boolean clean = true;
      int start = token.getStartIndex();
      int end = token.getStopIndex() + 1;
      WordText word = new WordText(start, end);
      for (int offset = start; offset < end; offset++) {
        int cp = source.codePointAt(offset);
        DiagnosticCode code = CharacterRules.outsideName(cp);
        if (code == null) {
          continue;
        }
        clean = false;
        if (diagnostics.admits(offset, code)) {
          Diagnostic d = Diagnostic.of(code, messageFor(code, cp) + " in '" + word.excerpt() + "'",
              source.span(offset, 1));
          diagnostics.add(withCharacterHelp(d, code, cp, word));
        }
      }
      return clean;
    }

    private boolean checkName(Token token, int endExclusive) {
      boolean clean = true;
      for (int offset = token.getStartIndex() + 1; offset < endExclusive; offset++) {
        int cp = source.codePointAt(offset);
        DiagnosticCode code = CharacterRules.insideName(cp);
        if (code != null) {
          clean = false;
          if (diagnostics.admits(offset, code)) {
            diagnostics.add(Diagnostic.of(code, messageFor(code, cp) + " in a quoted name", source.span(offset, 1))
                .withHelp("remove it: names may not contain characters that are invisible or reorder text"));
          }
        }
      }
      return clean;
    }

    /** One word of the source, with its excerpt and folded form made on first use only. */
    private final class WordText {
      /** Longer words cannot be a keyword with look-alikes in it: no folding is tried. */
      private static final int MAX_FOLDED = 32;
      private final int start;
      private final int end;
      private String excerpt;
      private String folded;

      WordText(int start, int end) {
        this.start = start;
        this.end = end;
      }

      String excerpt() {
        if (excerpt == null) {
          excerpt = NameRules.excerpt(source.text(start, Math.min(end, start + NameRules.EXCERPT_LENGTH + 1)));
        }
        return excerpt;
      }

      /** The word with look-alikes replaced by ASCII, lower-cased; {@code ""} for a word too long to be a keyword. */
      String folded() {
        if (folded == null) {
          folded = end - start > MAX_FOLDED ? "" : CharacterRules.foldLookalikes(source.text(start, end));
        }
        return folded;
      }
    }

    private String messageFor(DiagnosticCode code, int cp) {
      String what = switch (code) {
        case CONFUSABLE_CHARACTER -> "confusable character ";
        case INVISIBLE_CHARACTER -> "invisible character ";
        case BIDI_CONTROL -> "bidirectional control character ";
        case CONTROL_CHARACTER -> "control character ";
        case INVALID_UNICODE -> "invalid Unicode ";
        default -> "non-ASCII character ";
      };
      return what + CharacterRules.describe(cp);
    }

    private Diagnostic withCharacterHelp(Diagnostic d, DiagnosticCode code, int cp, WordText word) {
      if (code == DiagnosticCode.CONFUSABLE_CHARACTER) {
        String folded = word.folded();
        return Keywords.isKeyword(folded)
            ? d.withHelp("did you mean '" + folded + "'?")
            : d.withHelp("did you mean '" + CharacterRules.asciiLookalike(cp) + "'?");
      }
      if (code == DiagnosticCode.NON_ASCII_CHARACTER) {
        return d.withHelp("outside quoted names, terms are written in ASCII");
      }
      return d.withHelp("remove it");
    }

    private FlywheelTermsParser.SingleClauseContext parseClause(Segment segment) {
      int end = segment.separator != null ? segment.separator.getStartIndex() : source.length();
      CommonToken eof = new CommonToken(Token.EOF, "<EOF>");
      eof.setStartIndex(end);
      eof.setStopIndex(end - 1);
      List<Token> list = new ClauseTokens(segment.tokens, eof);
      FlywheelTermsParser parser = machinery.parser;
      parser.setTokenStream(new CommonTokenStream(new ListTokenSource(list))); // resets the parser
      try {
        return parser.singleClause();
      } catch (ParseCancellationException e) {
        RecognitionException cause = e.getCause() instanceof RecognitionException re ? re : null;
        Token offending = cause != null && cause.getOffendingToken() != null
            ? cause.getOffendingToken()
            : parser.getCurrentToken();
        IntervalSet expected = expectedTokens(cause);
        Token previous = previousToken(segment, offending);
        Diagnostic clauseLevel = clauseLevelError(segment, offending, previous, expected);
        diagnostics.add(clauseLevel != null ? clauseLevel
            : syntaxError(offending, expected, previous == null ? Token.INVALID_TYPE : previous.getType()));
        return null;
      }
    }

    private IntervalSet expectedTokens(RecognitionException cause) {
      try {
        return cause == null ? new IntervalSet() : cause.getExpectedTokens();
      } catch (RuntimeException e) {
        return new IntervalSet();
      }
    }

    private Token previousToken(Segment segment, Token offending) {
      Token previous = null;
      for (Token t : segment.tokens) {
        if (t == offending) {
          break;
        }
        previous = t;
      }
      return previous;
    }

    /**
     * The two mistakes whose cause is clearer than the token the parser stopped at: conditions on a deny, and two
     * clauses with no ';' between them (the offending token starts a clause where the clause before could have
     * ended). {@code null} when it is neither.
     */
    private Diagnostic clauseLevelError(Segment segment, Token offending, Token previous, IntervalSet expected) {
      int type = offending.getType();
      int first = segment.tokens.get(0).getType();
      if (type == FlywheelTermsLexer.IF && (first == FlywheelTermsLexer.DENY || first == FlywheelTermsParser.NO_PURPOSE)
          && previous != null) {
        Token head = segment.tokens.get(0);
        String purposes = first == FlywheelTermsLexer.DENY
            ? source.text(head.getStopIndex() + 1, offending.getStartIndex()).strip()
            : head.getText().substring("no-".length());
        String shown = NameRules.excerpt(purposes.replaceAll("\\s+", " "));
        return Diagnostic.of(DiagnosticCode.DENY_WITH_CONDITIONS, "'deny' takes no conditions", spanOf(offending))
            .withHelp("conditions belong to allow: write 'allow " + shown + " if ...' to allow " + shown
                + " with them, or 'deny " + shown + "' alone");
      }
      boolean startsClause = type == FlywheelTermsLexer.ALLOW || type == FlywheelTermsLexer.DENY
          || type == FlywheelTermsParser.ONLY_PURPOSE || type == FlywheelTermsParser.NO_PURPOSE
          || type == FlywheelTermsLexer.ATTRIBUTION || type == FlywheelTermsLexer.PAY
          || type == FlywheelTermsLexer.LIMIT;
      if (startsClause && previous != null && expected.contains(Token.EOF)) {
        String text = offending.getText();
        return Diagnostic.of(DiagnosticCode.MISSING_SEMICOLON, "missing ';' before '" + text + "'?",
                spanOf(offending))
            .withHelp("end each clause with ';': '" + NameRules.excerpt(previous.getText()) + "; " + text + " ...'");
      }
      return null;
    }

    private Diagnostic syntaxError(Token offending, IntervalSet expected, int previousType) {
      String expectation = describe(expected);
      if (offending.getType() == Token.EOF) {
        return Diagnostic.of(DiagnosticCode.INCOMPLETE_CLAUSE,
            "the clause ends too early: expected " + expectation, source.span(offending.getStartIndex(), 0));
      }
      String text = offending.getText();
      // Messages quote a bounded excerpt: a diagnostic never holds a copy of a long token.
      String shown = NameRules.excerpt(text);
      Span span = spanOf(offending);
      String lowerKeyword = Keywords.lowerCaseKeyword(text);
      if (lowerKeyword != null) {
        return Diagnostic.of(DiagnosticCode.UPPERCASE_KEYWORD, "keyword '" + text + "' must be written in lower case",
            span).withHelp("keywords are lower-case: '" + lowerKeyword + "'");
      }
      int type = offending.getType();
      boolean wordLike = type == FlywheelTermsLexer.WORD || type == FlywheelTermsLexer.NUMBER
          || type == FlywheelTermsLexer.CURRENCY;
      if (wordLike && expected.contains(FlywheelTermsLexer.TIMESTAMP)) {
        return Diagnostic.of(DiagnosticCode.INVALID_DATE, "invalid date '" + shown + "'", span)
            .withHelp("write a date as YYYY-MM-DD (e.g. 2027-01-01) or an instant such as 2027-01-01T12:00:00Z");
      }
      // After 'limit' a number must follow; after a payment's name an amount may. The expected set cannot tell
      // (the optional price was already passed when the mismatch is found), the previous token can.
      boolean afterName = previousType == FlywheelTermsLexer.WORD || previousType == FlywheelTermsLexer.STRING;
      if (type == FlywheelTermsLexer.WORD && looksNumeric(text)
          && (previousType == FlywheelTermsLexer.LIMIT || afterName)) {
        boolean limit = previousType == FlywheelTermsLexer.LIMIT;
        return Diagnostic.of(limit ? DiagnosticCode.INVALID_LIMIT : DiagnosticCode.INVALID_AMOUNT,
            "invalid " + (limit ? "limit" : "amount") + " '" + shown + "'", span)
            .withHelp(limit ? "write a whole number, e.g. 'limit 5000 per month'"
                : "write a plain decimal number, e.g. '0.002 EUR per item'");
      }
      if (type == FlywheelTermsLexer.WORD && expected.contains(FlywheelTermsLexer.CURRENCY)
          && text.matches("[A-Za-z]{3}")) {
        return Diagnostic.of(DiagnosticCode.INVALID_CURRENCY,
            "invalid currency '" + text + "': a currency is three upper-case letters", span)
            .withHelp("write '" + text.toUpperCase(java.util.Locale.ROOT) + "'");
      }
      if (type == FlywheelTermsLexer.WORD) {
        Diagnostic d = Diagnostic.of(DiagnosticCode.UNKNOWN_WORD, "unknown word '" + shown + "'", span);
        String suggestion = Keywords.suggest(text, expectedWords(expected));
        return suggestion != null ? d.withHelp("did you mean '" + suggestion + "'?")
            : d.withHelp("expected " + expectation);
      }
      Diagnostic d = Diagnostic.of(DiagnosticCode.UNEXPECTED_TOKEN,
          "unexpected '" + shown + "': expected " + expectation, span);
      if (Keywords.isKeyword(text) && expected.contains(FlywheelTermsLexer.STRING)) {
        return d.withHelp("a collective name that is a keyword must be quoted: \"" + text + "\"");
      }
      return d;
    }

    private boolean looksNumeric(String text) {
      char c = text.charAt(0);
      String lower = text.toLowerCase(java.util.Locale.ROOT);
      return Character.isDigit(c) || c == '-' || c == '+' || c == '.' || lower.equals("nan")
          || lower.startsWith("inf");
    }

    private List<String> expectedWords(IntervalSet expected) {
      List<String> words = new ArrayList<>();
      for (int type : expected.toArray()) {
        words.addAll(Keywords.wordsOf(type));
      }
      return words;
    }

    private String describe(IntervalSet expected) {
      StringJoiner joiner = new StringJoiner(", ");
      for (int type : expected.toArray()) {
        String what = switch (type) {
          case Token.EOF -> "the end of the clause";
          case FlywheelTermsParser.PURPOSE -> "a purpose";
          case FlywheelTermsParser.ONLY_PURPOSE -> "'P-only'";
          case FlywheelTermsParser.NO_PURPOSE -> "'no-P'";
          case FlywheelTermsParser.FACT -> "a fact (" + Keywords.listOf(FlywheelTermsParser.FACT) + ")";
          case FlywheelTermsParser.PERIOD -> "a period (" + Keywords.listOf(FlywheelTermsParser.PERIOD) + ")";
          case FlywheelTermsLexer.WORD -> "a collective name";
          case FlywheelTermsLexer.STRING -> null;
          case FlywheelTermsLexer.NUMBER -> "a number";
          case FlywheelTermsLexer.TIMESTAMP -> "a date";
          case FlywheelTermsLexer.CURRENCY -> "a currency such as EUR";
          case FlywheelTermsLexer.SEMI -> "';'";
          case FlywheelTermsLexer.COMMA -> "','";
          default -> Keywords.wordsOf(type).isEmpty() ? null : "'" + Keywords.wordsOf(type).get(0) + "'";
        };
        if (what != null) {
          joiner.add(what);
        }
      }
      return joiner.length() == 0 ? "a clause" : joiner.toString();
    }

    private void warnConflictingOnly(List<Clause> clauses) {
      List<OnlyClause> seen = new ArrayList<>();
      for (Clause c : clauses) {
        if (c instanceof OnlyClause only) {
          for (OnlyClause earlier : seen) {
            // Nested purposes (train-genai-only with ai-only) narrow each other without conflict.
            boolean disjoint = !earlier.purpose().isWithin(only.purpose()) && !only.purpose().isWithin(earlier.purpose());
            if (disjoint && overlap(earlier.window(), only.window())) {
              diagnostics.add(Diagnostic.of(DiagnosticCode.CONFLICTING_ONLY,
                      "'" + TermsPrinter.print(earlier) + "' and '" + TermsPrinter.print(only)
                          + "' deny each other's purposes, so neither is allowed", only.span())
                  .withHelp("to allow exactly these purposes, write 'deny any; allow "
                      + earlier.purpose() + ", " + only.purpose() + "'"));
              break;
            }
          }
          seen.add(only);
        }
      }
    }

    private boolean overlap(TimeWindow a, TimeWindow b) {
      boolean aStartsBeforeBEnds = a.from() == null || b.until() == null || a.from().isBefore(b.until());
      boolean bStartsBeforeAEnds = b.from() == null || a.until() == null || b.from().isBefore(a.until());
      return aStartsBeforeBEnds && bStartsBeforeAEnds;
    }

    private ParseResult result(List<Clause> clauses) {
      List<Diagnostic> reported = diagnostics.report();
      if (diagnostics.hasError()) {
        return ParseResult.invalid(reported);
      }
      return ParseResult.valid(new Policy(clauses, source.span(0, source.length())), reported);
    }

    private Span spanOf(Token token) {
      return source.spanBetween(token.getStartIndex(), token.getStopIndex() + 1);
    }
  }

  /**
   * This thread's lexer and parser, reused by every parse on the thread: building them (with their ATN simulators and
   * error strategy) costs more than lexing and parsing a short clause. Reuse is safe because a parse never calls
   * back into another parse, and each use starts by giving them new input, which resets all their state.
   */
  private static final ThreadLocal<Machinery> MACHINERY = ThreadLocal.withInitial(Machinery::new);

  private static final class Machinery {
    final FlywheelTermsLexer lexer = new FlywheelTermsLexer(null);
    final LexerListener lexerListener = new LexerListener();
    final FlywheelTermsParser parser = new FlywheelTermsParser(null);

    Machinery() {
      lexer.removeErrorListeners();
      lexer.addErrorListener(lexerListener);
      parser.removeErrorListeners();
      parser.setErrorHandler(new BailErrorStrategy());
      // The grammar is LL(1): SLL prediction is exact and avoids full-context prediction's cost.
      parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
    }
  }

  /** Reports a character the lexer could not match to the parse in progress on this thread. */
  private static final class LexerListener extends BaseErrorListener {
    Run run;

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int column,
        String msg, RecognitionException e) {
      // Unreachable with the catch-all WORD rule; kept so that a grammar change can never drop input silently.
      run.unexpectedCharacter(((FlywheelTermsLexer) recognizer)._input.index());
    }
  }

  /** The tokens of one clause followed by its end-of-input token, as a view: no copy per clause. */
  private static final class ClauseTokens extends java.util.AbstractList<Token> {
    private final List<Token> tokens;
    private final Token eof;

    ClauseTokens(List<Token> tokens, Token eof) {
      this.tokens = tokens;
      this.eof = eof;
    }

    @Override
    public Token get(int index) {
      return index == tokens.size() ? eof : tokens.get(index);
    }

    @Override
    public int size() {
      return tokens.size() + 1;
    }
  }

  /** The tokens of one clause, and the ';' after it ({@code null} at the end of input). */
  private record Segment(List<Token> tokens, Token separator) {}

  /** The word with characters that would disturb a terminal replaced by '?'. */
  static String printable(String word) {
    StringBuilder sb = new StringBuilder(word.length());
    word.codePoints().forEach(cp -> {
      DiagnosticCode code = CharacterRules.insideName(cp);
      sb.appendCodePoint(code == null && cp != '\n' && cp != '\r' ? cp : '?');
    });
    return sb.toString();
  }
}
