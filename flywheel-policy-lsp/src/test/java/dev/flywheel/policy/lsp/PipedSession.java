package dev.flywheel.policy.lsp;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * A real LSP4J client endpoint connected to {@link TermsLanguageServer#serve} over piped streams in this JVM: the
 * messages go through the JSON-RPC framing and Gson both ways, as with an editor.
 */
final class PipedSession implements AutoCloseable {
  /** The instant the server's clock is fixed at in these tests. */
  static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  final LanguageServer server;
  final BlockingQueue<PublishDiagnosticsParams> diagnostics = new LinkedBlockingQueue<>();
  /** Publications {@link #diagnosticsFor} passed over while it waited for another version or document. */
  final List<PublishDiagnosticsParams> skipped = new java.util.concurrent.CopyOnWriteArrayList<>();
  final CompletableFuture<Integer> exitCode;
  private final PipedOutputStream toServer;
  private final PipedOutputStream toClient;

  PipedSession(LspOptions options) throws IOException {
    PipedInputStream serverIn = new PipedInputStream(1 << 16);
    toServer = new PipedOutputStream(serverIn);
    PipedInputStream clientIn = new PipedInputStream(1 << 16);
    toClient = new PipedOutputStream(clientIn);
    exitCode = CompletableFuture.supplyAsync(() -> TermsLanguageServer.serve(serverIn, toClient, options));
    Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(new Client(), clientIn, toServer);
    launcher.startListening();
    server = launcher.getRemoteProxy();
  }

  static LspOptions options(Duration debounce, List<String> collectives) {
    return new LspOptions(collectives, debounce, Clock.fixed(NOW, ZoneOffset.UTC), LspOptions.DEFAULT_MAX_DOCUMENT_CHARS);
  }

  /** Opens a session with no debounce, initialised. */
  static PipedSession started() throws Exception {
    return started(new InitializeParams());
  }

  /** Opens a session with no debounce, initialised with {@code params}. */
  static PipedSession started(InitializeParams params) throws Exception {
    PipedSession session = new PipedSession(options(Duration.ZERO, List.of("masakhane", "Te Hiku Media")));
    session.server.initialize(params).get(30, TimeUnit.SECONDS);
    session.server.initialized(new InitializedParams());
    return session;
  }

  void open(String uri, String text) {
    server.getTextDocumentService().didOpen(
        new DidOpenTextDocumentParams(new TextDocumentItem(uri, "terms", 1, text)));
  }

  void change(String uri, int version, String text) {
    server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
        new VersionedTextDocumentIdentifier(uri, version), List.of(new TextDocumentContentChangeEvent(text))));
  }

  /** The next diagnostics published for {@code uri} with {@code version}, skipping older ones. */
  PublishDiagnosticsParams diagnosticsFor(String uri, int version) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      PublishDiagnosticsParams p = diagnostics.poll(1, TimeUnit.SECONDS);
      if (p != null && p.getUri().equals(uri) && p.getVersion() != null && p.getVersion() == version) {
        return p;
      }
      if (p != null) {
        skipped.add(p);
      }
    }
    throw new AssertionError("no diagnostics for " + uri + " version " + version);
  }

  @Override
  public void close() throws IOException {
    toServer.close();
    toClient.close();
  }

  private final class Client implements LanguageClient {
    @Override
    public void telemetryEvent(Object object) {}

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams params) {
      diagnostics.add(params);
    }

    @Override
    public void showMessage(MessageParams messageParams) {}

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void logMessage(MessageParams message) {}
  }
}
