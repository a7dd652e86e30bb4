package dev.flywheel.policy.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;

class TermsLanguageServerTest {
  /** Three Adlam letters, each outside the Basic Multilingual Plane: 3 code points, 6 UTF-16 chars. */
  static final String ADLAM = "\uD83A\uDD22\uD83A\uDD23\uD83A\uDD24";

  @Test
  void diagnostics_unknownWordAfterAstralName_rangeInUtf16() throws Exception {
    try (PipedSession session = PipedSession.started()) {
      session.open("file:///a.terms", "pay collective \"" + ADLAM + "\"; allow trian");
      PublishDiagnosticsParams published = session.diagnosticsFor("file:///a.terms", 1);
      assertEquals(1, published.getDiagnostics().size());
      Diagnostic d = published.getDiagnostics().get(0);
      // Code-point column 29 (1-based); in UTF-16 the three astral letters count twice: character 31 (0-based).
      assertEquals(new Range(new Position(0, 31), new Position(0, 36)), d.getRange());
      assertEquals("unknown-word", d.getCode().getLeft());
      assertEquals(DiagnosticSeverity.Error, d.getSeverity());
      assertEquals("flywheel-policy", d.getSource());
      assertEquals("unknown word 'trian'\nhelp: did you mean 'train'?", d.getMessage().getLeft());
    }
  }

  @Test
  void diagnostics_warningOnSecondLine_mappedAsWarning() throws Exception {
    try (PipedSession session = PipedSession.started()) {
      session.open("file:///w.terms", "# " + ADLAM + "\nallow eval, eval");
      Diagnostic d = session.diagnosticsFor("file:///w.terms", 1).getDiagnostics().get(0);
      assertEquals("duplicate-entry", d.getCode().getLeft());
      assertEquals(DiagnosticSeverity.Warning, d.getSeverity());
      assertEquals(new Range(new Position(1, 12), new Position(1, 16)), d.getRange());
    }
  }

  @Test
  void diagnostics_deadClause_lintWarningAtTheAllow() throws Exception {
    try (PipedSession session = PipedSession.started()) {
      session.open("file:///d.terms", "no-train; allow train");
      List<Diagnostic> ds = session.diagnosticsFor("file:///d.terms", 1).getDiagnostics();
      assertEquals(1, ds.size(), ds::toString);
      assertEquals("dead-clause", ds.get(0).getCode().getLeft());
      assertEquals(DiagnosticSeverity.Warning, ds.get(0).getSeverity());
      assertEquals(new Range(new Position(0, 10), new Position(0, 21)), ds.get(0).getRange());
      assertTrue(ds.get(0).getMessage().getLeft().startsWith(
          "'allow train' can never decide: 'deny train' denies the same purpose whenever it is active\nhelp: "),
          ds.get(0).getMessage().getLeft());
    }
  }

  @Test
  void diagnostics_untilBeforeServerClock_expiredClauseWarning() throws Exception {
    try (PipedSession session = PipedSession.started()) {
      // The session's clock reads 2026-12-04T12:00:00Z.
      session.open("file:///e.terms", "deny train until 2026-06-01; allow eval");
      Diagnostic d = session.diagnosticsFor("file:///e.terms", 1).getDiagnostics().get(0);
      assertEquals("expired-clause", d.getCode().getLeft());
      assertTrue(d.getMessage().getLeft().startsWith("'deny train until 2026-06-01' ended at 2026-06-01, before "
          + "2026-12-04T12:00:00Z: it decides nothing from then on"), d.getMessage().getLeft());
      assertEquals(new Range(new Position(0, 0), new Position(0, 27)), d.getRange());
    }
  }

  @Test
  void diagnostics_missingSemicolon_errorWithHelp() throws Exception {
    try (PipedSession session = PipedSession.started()) {
      session.open("file:///m.terms", "deny train until 2027-01-01 allow eval");
      Diagnostic d = session.diagnosticsFor("file:///m.terms", 1).getDiagnostics().get(0);
      assertEquals("missing-semicolon", d.getCode().getLeft());
      assertEquals(DiagnosticSeverity.Error, d.getSeverity());
      assertEquals(new Range(new Position(0, 28), new Position(0, 33)), d.getRange());
      assertEquals("missing ';' before 'allow'?\nhelp: end each clause with ';': '2027-01-01; allow ...'",
          d.getMessage().getLeft());
    }
  }

  @Test
  void diagnostics_fixedByChange_publishesEmptyForNewVersion() throws Exception {
    try (PipedSession session = PipedSession.started()) {
      session.open("file:///b.terms", "deny trian");
      assertEquals(1, session.diagnosticsFor("file:///b.terms", 1).getDiagnostics().size());
      session.change("file:///b.terms", 2, "deny train");
      assertEquals(List.of(), session.diagnosticsFor("file:///b.terms", 2).getDiagnostics());
    }
  }

  @Test
  void diagnostics_burstOfChangesWithinDebounce_onlyLatestVersionPublished() throws Exception {
    try (PipedSession session = new PipedSession(PipedSession.options(Duration.ofSeconds(3), List.of()))) {
      session.server.initialize(new org.eclipse.lsp4j.InitializeParams()).get(30, TimeUnit.SECONDS);
      session.open("file:///c.terms", "deny t");
      for (int v = 2; v <= 6; v++) {
        session.change("file:///c.terms", v, "deny t" + "rain".substring(0, v - 2));
      }
      session.change("file:///c.terms", 7, "deny train; allow trian");
      PublishDiagnosticsParams published = session.diagnosticsFor("file:///c.terms", 7);
      assertEquals(1, published.getDiagnostics().size());
      // No earlier version was validated: each change cancelled the pending validation of the one before.
      assertEquals(List.of(), session.skipped, "stale diagnostics published");
      assertTrue(session.diagnostics.isEmpty(), () -> "stale diagnostics published: " + session.diagnostics);
    }
  }

  @Test
  void diagnostics_documentOverSizeLimit_oneInputTooLongDiagnostic() throws Exception {
    LspOptions small = new LspOptions(List.of(), Duration.ZERO, PipedSession.options(Duration.ZERO, List.of()).clock(),
        100);
    try (PipedSession session = new PipedSession(small)) {
      session.server.initialize(new org.eclipse.lsp4j.InitializeParams()).get(30, TimeUnit.SECONDS);
      session.open("file:///big.terms", "# " + "x".repeat(200) + "\ndeny train");
      List<Diagnostic> ds = session.diagnosticsFor("file:///big.terms", 1).getDiagnostics();
      assertEquals(1, ds.size());
      assertEquals("input-too-long", ds.get(0).getCode().getLeft());
      assertEquals("the document has 213 characters, more than the language server's limit of 100",
          ds.get(0).getMessage().getLeft());
      // No other feature on a document the server did not keep.
      assertEquals(List.of(), formatting(session, "file:///big.terms"));
      assertNull(session.server.getTextDocumentService()
          .hover(new HoverParams(new TextDocumentIdentifier("file:///big.terms"), new Position(1, 1)))
          .get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void diagnostics_documentAtSizeLimit_analysed() throws Exception {
    String text = "deny trian";
    LspOptions exact = new LspOptions(List.of(), Duration.ZERO, PipedSession.options(Duration.ZERO, List.of()).clock(),
        text.length());
    try (PipedSession session = new PipedSession(exact)) {
      session.server.initialize(new org.eclipse.lsp4j.InitializeParams()).get(30, TimeUnit.SECONDS);
      session.open("file:///edge.terms", text);
      assertEquals("unknown-word",
          session.diagnosticsFor("file:///edge.terms", 1).getDiagnostics().get(0).getCode().getLeft());
    }
  }

  @Test
  void diagnostics_rangedChangeToUnkeptDocument_staysUnknownUntilSentWhole() throws Exception {
    LspOptions small = new LspOptions(List.of(), Duration.ZERO, PipedSession.options(Duration.ZERO, List.of()).clock(),
        20);
    try (PipedSession session = new PipedSession(small)) {
      session.server.initialize(new org.eclipse.lsp4j.InitializeParams()).get(30, TimeUnit.SECONDS);
      session.open("file:///big.terms", "deny train; allow eval; allow search");
      session.diagnosticsFor("file:///big.terms", 1);
      session.server.getTextDocumentService().didChange(new org.eclipse.lsp4j.DidChangeTextDocumentParams(
          new org.eclipse.lsp4j.VersionedTextDocumentIdentifier("file:///big.terms", 2),
          List.of(new org.eclipse.lsp4j.TextDocumentContentChangeEvent(
              new Range(new Position(0, 11), new Position(0, 36)), ""))));
      Diagnostic d = session.diagnosticsFor("file:///big.terms", 2).getDiagnostics().get(0);
      assertEquals("the document was over the language server's size limit of 20 characters and changed in part; "
          + "close and reopen it", d.getMessage().getLeft());
      session.change("file:///big.terms", 3, "deny train");
      assertEquals(List.of(), session.diagnosticsFor("file:///big.terms", 3).getDiagnostics());
    }
  }

  @Test
  void diagnostics_rangedChange_appliedToKeptText() throws Exception {
    try (PipedSession session = PipedSession.started()) {
      session.open("file:///r.terms", "deny train; allow " + ADLAM + "x");
      session.diagnosticsFor("file:///r.terms", 1);
      // Replace the astral letters and the x (UTF-16 characters 18 to 25) by 'eval'.
      session.server.getTextDocumentService().didChange(new org.eclipse.lsp4j.DidChangeTextDocumentParams(
          new org.eclipse.lsp4j.VersionedTextDocumentIdentifier("file:///r.terms", 2),
          List.of(new org.eclipse.lsp4j.TextDocumentContentChangeEvent(
              new Range(new Position(0, 18), new Position(0, 25)), "eval"))));
      assertEquals(List.of(), session.diagnosticsFor("file:///r.terms", 2).getDiagnostics());
      // The server's text is now 'deny train; allow eval': formatting only adds the final line break.
      List<? extends TextEdit> edits = formatting(session, "file:///r.terms");
      assertEquals(new Range(new Position(0, 0), new Position(0, 22)), edits.get(0).getRange());
      assertEquals("deny train; allow eval\n", edits.get(0).getNewText());
    }
  }

  @Test
  void requests_hostileTextAndPositions_answeredWithoutFailing() throws Exception {
    try (PipedSession session = PipedSession.started()) {
      String hostile = "deny\u0000 tr\u202Eain; pay collective \"\uD800\"; " + ADLAM + "\r\r\n\n# \uFEFF";
      session.open("file:///x.terms", hostile);
      List<Diagnostic> ds = session.diagnosticsFor("file:///x.terms", 1).getDiagnostics();
      assertTrue(ds.stream().anyMatch(d -> "control-character".equals(d.getCode().getLeft())), ds::toString);
      assertTrue(ds.stream().anyMatch(d -> "bidi-control".equals(d.getCode().getLeft())), ds::toString);
      for (Position p : List.of(new Position(-1, -1), new Position(0, 10_000), new Position(99, 0),
          new Position(0, 41), new Position(3, 1))) {
        assertEquals(List.of(), formatting(session, "file:///x.terms"));
        complete(session, "file:///x.terms", p);
        assertNull(session.server.getTextDocumentService()
            .hover(new HoverParams(new TextDocumentIdentifier("file:///x.terms"), p)).get(30, TimeUnit.SECONDS));
      }
      // The server still serves after all of it.
      session.change("file:///x.terms", 2, "pay ");
      assertEquals(List.of("collective"), labels(complete(session, "file:///x.terms", new Position(0, 4))));
    }
  }

  @Test
  void initialize_collectivesInInitializationOptions_offeredAfterConfiguredOnesAndInvalidOnesLeftOut()
      throws Exception {
    org.eclipse.lsp4j.InitializeParams params = new org.eclipse.lsp4j.InitializeParams();
    com.google.gson.JsonObject options = new com.google.gson.JsonObject();
    com.google.gson.JsonArray names = new com.google.gson.JsonArray();
    names.add("karya");
    names.add("Te  Hiku");
    names.add("te\u202Ehiku");
    names.add(3);
    options.add("collectives", names);
    params.setInitializationOptions(options);
    try (PipedSession session = PipedSession.started(params)) {
      session.open("file:///n.terms", "pay collective ");
      assertEquals(List.of("masakhane", "\"Te Hiku Media\"", "karya"),
          labels(complete(session, "file:///n.terms", new Position(0, 15))));
    }
  }

  @Test
  void initialize_moreCollectivesThanTheLimit_firstThousandKept() throws Exception {
    org.eclipse.lsp4j.InitializeParams params = new org.eclipse.lsp4j.InitializeParams();
    com.google.gson.JsonObject options = new com.google.gson.JsonObject();
    com.google.gson.JsonArray names = new com.google.gson.JsonArray();
    for (int i = 0; i < 1500; i++) {
      names.add("c" + i);
    }
    options.add("collectives", names);
    params.setInitializationOptions(options);
    try (PipedSession session = PipedSession.started(params)) {
      session.open("file:///n.terms", "pay collective ");
      List<String> offered = labels(complete(session, "file:///n.terms", new Position(0, 15)));
      // The two names of the server's options, then the client's up to the limit of 1000 in all.
      assertEquals(TermsDocuments.MAX_CONFIGURED_COLLECTIVES, offered.size());
      assertEquals("c997", offered.get(offered.size() - 1));
    }
  }

  @Test
  void formatting_nonCanonicalTerms_wholeDocumentReplacedByCanonicalForm() throws Exception {
    try (PipedSession session = PipedSession.started()) {
      session.open("file:///f.terms", "no-train ;eval   if attribution\n");
      List<? extends TextEdit> edits = formatting(session, "file:///f.terms");
      assertEquals(1, edits.size());
      assertEquals("deny train; allow eval if attribution\n", edits.get(0).getNewText());
      assertEquals(new Range(new Position(0, 0), new Position(1, 0)), edits.get(0).getRange());
    }
  }

  @Test
  void formatting_commentsKept_asFmtWrites() throws Exception {
    try (PipedSession session = PipedSession.started()) {
      session.open("file:///k.terms", "#embargo\nno-train until 2027-01-01;eval-only #why");
      List<? extends TextEdit> edits = formatting(session, "file:///k.terms");
      assertEquals("# embargo\ndeny train until 2027-01-01;\neval-only # why\n", edits.get(0).getNewText());
    }
  }

  @Test
  void formatting_invalidOrCanonicalTerms_noEdit() throws Exception {
    try (PipedSession session = PipedSession.started()) {
      session.open("file:///i.terms", "deny trian");
      session.open("file:///ok.terms", "deny train; allow eval\n");
      assertEquals(List.of(), formatting(session, "file:///i.terms"));
      assertEquals(List.of(), formatting(session, "file:///ok.terms"));
      assertEquals(List.of(), formatting(session, "file:///never-opened.terms"));
    }
  }

  @Test
  void completion_afterPay_offersOnlyCollective() throws Exception {
    try (PipedSession session = PipedSession.started()) {
      session.open("file:///p.terms", "allow train if pay ");
      assertEquals(List.of("collective"), labels(complete(session, "file:///p.terms", new Position(0, 19))));
    }
  }

  @Test
  void completion_afterCollective_offersConfiguredAndPaidNamesQuotedWhereNeeded() throws Exception {
    try (PipedSession session = PipedSession.started()) {
      session.open("file:///other.terms", "pay collective karya");
      session.diagnosticsFor("file:///other.terms", 1);
      session.open("file:///q.terms", "pay collective ");
      assertEquals(List.of("masakhane", "\"Te Hiku Media\"", "karya"),
          labels(complete(session, "file:///q.terms", new Position(0, 15))));
    }
  }

  @Test
  void completion_wordBeingTyped_replacedByItem() throws Exception {
    try (PipedSession session = PipedSession.started()) {
      session.open("file:///r.terms", "deny train; ev");
      List<CompletionItem> items = complete(session, "file:///r.terms", new Position(0, 14));
      CompletionItem evalOnly = items.stream().filter(i -> i.getLabel().equals("eval-only")).findFirst().orElseThrow();
      assertEquals(new Range(new Position(0, 12), new Position(0, 14)), evalOnly.getTextEdit().getLeft().getRange());
    }
  }

  @Test
  void hover_onClause_showsEngineDecisionPerPurpose() throws Exception {
    try (PipedSession session = PipedSession.started()) {
      session.open("file:///h.terms", "deny train until 2027-01-01; allow eval if attribution");
      Hover hover = session.server.getTextDocumentService()
          .hover(new HoverParams(new TextDocumentIdentifier("file:///h.terms"), new Position(0, 3)))
          .get(30, TimeUnit.SECONDS);
      String md = hover.getContents().getRight().getValue();
      assertEquals(new Range(new Position(0, 0), new Position(0, 27)), hover.getRange());
      assertTrue(md.startsWith("`deny train until 2027-01-01` at 2026-12-04T12:00:00Z, no facts declared"), md);
      assertTrue(md.contains("| train | deny | deny |"), md);
      assertTrue(md.contains("| train-genai | deny | deny |"), md);
      assertTrue(md.contains("| eval | deny (default) | obligation: attribution |"), md);
      assertTrue(md.contains("| search | deny (default) | deny (default) |"), md);
    }
  }

  @Test
  void hover_invalidTermsOrUnknownDocument_noHover() throws Exception {
    try (PipedSession session = PipedSession.started()) {
      session.open("file:///bad.terms", "deny trian");
      assertNull(session.server.getTextDocumentService()
          .hover(new HoverParams(new TextDocumentIdentifier("file:///bad.terms"), new Position(0, 1)))
          .get(30, TimeUnit.SECONDS));
      assertNull(session.server.getTextDocumentService()
          .hover(new HoverParams(new TextDocumentIdentifier("file:///none.terms"), new Position(0, 1)))
          .get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void serve_shutdownThenExit_exitCodeZero() throws Exception {
    try (PipedSession session = PipedSession.started()) {
      session.server.shutdown().get(30, TimeUnit.SECONDS);
      session.server.exit();
      assertEquals(0, session.exitCode.get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void serve_exitWithoutShutdown_exitCodeOne() throws Exception {
    try (PipedSession session = PipedSession.started()) {
      session.server.exit();
      assertEquals(1, session.exitCode.get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void serve_inputClosedWithoutShutdown_exitCodeOne() throws Exception {
    PipedSession session = PipedSession.started();
    session.close();
    assertEquals(1, session.exitCode.get(30, TimeUnit.SECONDS));
  }

  static List<? extends TextEdit> formatting(PipedSession session, String uri) throws Exception {
    return session.server.getTextDocumentService()
        .formatting(new DocumentFormattingParams(new TextDocumentIdentifier(uri), new FormattingOptions(2, true)))
        .get(30, TimeUnit.SECONDS);
  }

  static List<CompletionItem> complete(PipedSession session, String uri, Position at) throws Exception {
    return session.server.getTextDocumentService()
        .completion(new CompletionParams(new TextDocumentIdentifier(uri), at))
        .get(30, TimeUnit.SECONDS).getLeft();
  }

  static List<String> labels(List<CompletionItem> items) {
    return items.stream().map(CompletionItem::getLabel).toList();
  }
}
