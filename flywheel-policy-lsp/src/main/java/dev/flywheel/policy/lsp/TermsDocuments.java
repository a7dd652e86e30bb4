package dev.flywheel.policy.lsp;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Severity;
import dev.flywheel.policy.grammar.FormattedTerms;
import dev.flywheel.policy.grammar.TermsFormatter;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.grammar.TermsPrinter;
import dev.flywheel.policy.terms.Clause;
import dev.flywheel.policy.terms.ParseResult;
import dev.flywheel.policy.terms.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * The open documents and the text-document requests over them.
 *
 * <p>Validation is debounced: a change schedules the document's validation after {@link LspOptions#debounce()} and
 * cancels the one still pending, and a validation whose version is no longer the document's is dropped before it is
 * published, so the client only ever sees the diagnostics of the latest text. A document over
 * {@link LspOptions#maxDocumentChars()} is not kept: it gets one diagnostic and no other feature.
 */
final class TermsDocuments implements TextDocumentService {
  private static final System.Logger LOG = System.getLogger(TermsDocuments.class.getName());
  /** The most collective names the server takes from its options and the client together. */
  static final int MAX_CONFIGURED_COLLECTIVES = 1000;
  /** The source named in every published diagnostic. */
  static final String SOURCE = "flywheel-policy";

  /** One open document: its text (null when over the size limit), version, and the latest analysis of it. */
  private static final class Document {
    final String uri;
    final int version;
    final String text;
    volatile Analysis analysis;
    volatile ScheduledFuture<?> pending;

    Document(String uri, int version, String text) {
      this.uri = uri;
      this.version = version;
      this.text = text;
    }
  }

  private final PolicyEngine engine;
  private final TermsParser parser = TermsParser.withDefaults();
  private final LspOptions options;
  private final Completions completions;
  private final ClauseHover hover;
  private final Map<String, Document> open = new ConcurrentHashMap<>();
  /** The names given to the server, in the order given (options first, then the client's), without repeats. */
  private final Set<String> configuredCollectives = new CopyOnWriteArraySet<>();
  private final ScheduledExecutorService validator;
  private volatile LanguageClient client;

  TermsDocuments(PolicyEngine engine, LspOptions options) {
    this.engine = engine;
    this.options = options;
    this.completions = new Completions(options.clock());
    this.hover = new ClauseHover(engine);
    this.validator = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "flywheel-policy-lsp-validate");
      thread.setDaemon(true);
      return thread;
    });
    addCollectives(options.collectives());
  }

  void connect(LanguageClient newClient) {
    this.client = newClient;
  }

  /**
   * Adds collective names for completion, leaving out any the language would reject after {@code pay collective},
   * and any past the first {@value #MAX_CONFIGURED_COLLECTIVES}.
   */
  void addCollectives(List<String> names) {
    for (String name : names) {
      if (configuredCollectives.size() >= MAX_CONFIGURED_COLLECTIVES) {
        LOG.log(System.Logger.Level.WARNING, "ignoring collective names past the first "
            + MAX_CONFIGURED_COLLECTIVES);
        return;
      }
      if (name != null && engine.parse("pay collective " + TermsPrinter.name(name)).isValid()) {
        configuredCollectives.add(name);
      } else {
        LOG.log(System.Logger.Level.WARNING, "ignoring a collective name the terms language rejects: " + name);
      }
    }
  }

  void close() {
    validator.shutdownNow();
  }

  @Override
  public void didOpen(DidOpenTextDocumentParams params) {
    guard(() -> {
      var item = params.getTextDocument();
      replace(item.getUri(), item.getVersion(), item.getText());
      return null;
    }, null);
  }

  @Override
  public void didChange(DidChangeTextDocumentParams params) {
    guard(() -> {
      String uri = params.getTextDocument().getUri();
      Document current = open.get(uri);
      boolean lost = current != null && current.text == null;
      String text = current == null ? "" : current.text;
      for (TextDocumentContentChangeEvent change : params.getContentChanges()) {
        if (change.getRange() == null) {
          text = change.getText();
          lost = false;
        } else if (!lost) {
          // The server asks for full documents; a client that sends a range anyway is still followed.
          TextPositions positions = new TextPositions(text);
          int start = positions.indexOf(change.getRange().getStart());
          int end = Math.max(start, positions.indexOf(change.getRange().getEnd()));
          text = text.substring(0, start) + change.getText() + text.substring(end);
        }
      }
      Integer version = params.getTextDocument().getVersion();
      if (lost) {
        // A range into a text the server did not keep cannot be applied: the document stays unknown until the
        // client sends it whole again.
        replaceUnkept(uri, version == null ? 0 : version,
            "the document was over the language server's size limit of " + options.maxDocumentChars()
                + " characters and changed in part; close and reopen it");
      } else {
        replace(uri, version == null ? 0 : version, text);
      }
      return null;
    }, null);
  }

  @Override
  public void didClose(DidCloseTextDocumentParams params) {
    guard(() -> {
      String uri = params.getTextDocument().getUri();
      Document gone = open.remove(uri);
      if (gone != null && gone.pending != null) {
        gone.pending.cancel(false);
      }
      publish(new PublishDiagnosticsParams(uri, List.of()));
      return null;
    }, null);
  }

  @Override
  public void didSave(DidSaveTextDocumentParams params) {
    // Saving changes nothing the server knows: the text came with the changes.
  }

  private void replace(String uri, int version, String text) {
    if (text.length() > options.maxDocumentChars()) {
      replaceUnkept(uri, version, "the document has " + text.length()
          + " characters, more than the language server's limit of " + options.maxDocumentChars());
      return;
    }
    install(new Document(uri, version, text));
  }

  /** Records a document whose text is not kept; it has one diagnostic, {@code message}, and no other feature. */
  private void replaceUnkept(String uri, int version, String message) {
    Document document = new Document(uri, version, null);
    Diagnostic tooLong = Diagnostic.of(DiagnosticCode.INPUT_TOO_LONG, message);
    document.analysis = new Analysis(ParseResult.invalid(List.of(tooLong)), List.of(tooLong));
    install(document);
  }

  private void install(Document document) {
    Document previous = open.put(document.uri, document);
    if (previous != null && previous.pending != null) {
      previous.pending.cancel(false);
    }
    try {
      document.pending = validator.schedule(
          () -> validate(document), options.debounce().toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException shutDown) {
      // After shutdown nothing more is published.
    }
  }

  /** Analyses the document and publishes its diagnostics, unless a newer version has replaced it meanwhile. */
  private void validate(Document document) {
    guard(() -> {
      if (open.get(document.uri) != document) {
        return null;
      }
      TextPositions positions = new TextPositions(document.text == null ? "" : document.text);
      Analysis analysis = document.analysis;
      if (analysis == null) {
        analysis = Analysis.of(parser, document.text, options.clock().instant());
        document.analysis = analysis;
      }
      List<org.eclipse.lsp4j.Diagnostic> published = new ArrayList<>();
      for (Diagnostic d : analysis.diagnostics()) {
        published.add(toLsp(d, positions));
      }
      if (open.get(document.uri) == document) {
        publish(new PublishDiagnosticsParams(document.uri, published, document.version));
      }
      return null;
    }, null);
  }

  private void publish(PublishDiagnosticsParams params) {
    LanguageClient current = client;
    if (current != null) {
      current.publishDiagnostics(params);
    }
  }

  /** One diagnostic in the protocol's form: range in UTF-16, severity, code, and the help after the message. */
  static org.eclipse.lsp4j.Diagnostic toLsp(Diagnostic d, TextPositions positions) {
    Range range = d.span() == null ? new Range(new Position(0, 0), new Position(0, 0)) : positions.range(d.span());
    String message = d.help() == null ? d.message() : d.message() + "\nhelp: " + d.help();
    org.eclipse.lsp4j.Diagnostic lsp = new org.eclipse.lsp4j.Diagnostic(
        range, message, d.severity() == Severity.ERROR ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
        SOURCE, d.code().id());
    return lsp;
  }

  /** The document's analysis, computed now when the debounced validation has not run yet. */
  private Analysis analysisOf(Document document) {
    Analysis analysis = document.analysis;
    if (analysis == null) {
      analysis = Analysis.of(parser, document.text, options.clock().instant());
      document.analysis = analysis;
    }
    return analysis;
  }

  @Override
  public CompletableFuture<List<? extends TextEdit>> formatting(DocumentFormattingParams params) {
    return CompletableFuture.completedFuture(guard(() -> {
      Document document = open.get(params.getTextDocument().getUri());
      if (document == null || document.text == null) {
        return List.of();
      }
      FormattedTerms canonical = TermsFormatter.format(parser, document.text);
      if (canonical.formatted().isEmpty()) {
        // Terms with an error have no canonical form; the diagnostics say why.
        return List.of();
      }
      // As 'fmt --write' writes a terms file, so that 'fmt --check' accepts what the editor formatted.
      String formatted = canonical.formatted().get() + "\n";
      if (formatted.equals(document.text)) {
        return List.of();
      }
      return List.of(new TextEdit(new TextPositions(document.text).whole(), formatted));
    }, List.of()));
  }

  @Override
  public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
    return CompletableFuture.completedFuture(Either.forLeft(guard(() -> {
      Document document = open.get(params.getTextDocument().getUri());
      if (document == null || document.text == null) {
        return List.of();
      }
      TextPositions positions = new TextPositions(document.text);
      return completions.complete(positions, positions.indexOf(params.getPosition()), knownCollectives());
    }, List.of())));
  }

  /**
   * The configured names, then those paid in the open documents' latest analyses (documents in the order of their
   * URIs, so that the list does not depend on the order of a hash map), without repeats.
   */
  private Set<String> knownCollectives() {
    Set<String> names = new LinkedHashSet<>(configuredCollectives);
    for (String uri : new TreeSet<>(open.keySet())) {
      Document document = open.get(uri);
      Analysis analysis = document == null ? null : document.analysis;
      if (analysis != null) {
        names.addAll(analysis.paidCollectives());
      }
    }
    return names;
  }

  @Override
  public CompletableFuture<Hover> hover(HoverParams params) {
    return CompletableFuture.completedFuture(guard(() -> {
      Document document = open.get(params.getTextDocument().getUri());
      if (document == null || document.text == null) {
        return null;
      }
      ParseResult parse = analysisOf(document).parse();
      if (parse.policy().isEmpty()) {
        return null;
      }
      Policy policy = parse.policy().get();
      TextPositions positions = new TextPositions(document.text);
      Clause clause = ClauseHover.clauseAt(policy, positions.codePointOffset(params.getPosition()));
      if (clause == null) {
        return null;
      }
      Instant at = options.clock().instant();
      return hover.hover(policy, clause, positions, at);
    }, null));
  }

  /**
   * Runs a handler; a failure inside it (a bug, a stack overflow on hostile input) is logged and answered with
   * {@code fallback}, so one bad document never ends the server.
   */
  private static <T> T guard(Supplier<T> handler, T fallback) {
    try {
      return handler.get();
    } catch (RuntimeException | StackOverflowError e) {
      LOG.log(System.Logger.Level.ERROR, "language server request failed", e);
      return fallback;
    }
  }
}
