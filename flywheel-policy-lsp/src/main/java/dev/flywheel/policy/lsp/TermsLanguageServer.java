package dev.flywheel.policy.lsp;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.flywheel.policy.PolicyEngine;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The language server for terms files ({@code .terms}), over the Language Server Protocol.
 *
 * <p>It offers diagnostics as the document changes (the parser's errors and warnings and the lints, each with its
 * code, and its help in the message), full-document formatting into the canonical form, completion of keywords,
 * purposes, facts, duty words and collective names, and a hover on a clause with what it decides for every purpose.
 * Documents are synchronised in full; positions are converted between the project's code-point columns and the
 * protocol's UTF-16 characters.
 *
 * <p>Failure handling: every request answers, with an empty result when the document is unknown, over the size limit
 * or does not parse; an exception inside a handler is logged on standard error and answered with an empty result,
 * never passed to the client as a crash. The server writes only protocol messages to its output stream.
 *
 * <p>Thread safety: one instance serves one connection; requests are handled on the connection's thread and
 * validations on one background thread.
 */
public final class TermsLanguageServer implements LanguageServer, LanguageClientAware {
  private static final System.Logger LOG = System.getLogger(TermsLanguageServer.class.getName());

  private final LspOptions options;
  private final TermsDocuments documents;
  private final AtomicBoolean shutdownRequested = new AtomicBoolean();
  private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

  /**
   * Creates a server that is not yet connected to a client.
   *
   * @param options the server's settings
   */
  public TermsLanguageServer(LspOptions options) {
    this.options = options;
    PolicyEngine engine = PolicyEngine.builder().clock(options.clock()).build();
    this.documents = new TermsDocuments(engine, options);
  }

  /**
   * Serves one client over a pair of streams until the client sends {@code exit} or closes the input, and returns
   * the exit code the protocol prescribes: 0 when {@code shutdown} came before, 1 otherwise.
   *
   * @param in the client's messages (standard input for an editor)
   * @param out where the server's messages go (standard output for an editor); nothing else is written to it
   * @param options the server's settings
   * @return 0 after a {@code shutdown} request and {@code exit}, 1 when the connection ended without {@code shutdown}
   */
  public static int serve(InputStream in, OutputStream out, LspOptions options) {
    TermsLanguageServer server = new TermsLanguageServer(options);
    ExecutorService connection = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "flywheel-policy-lsp");
      thread.setDaemon(true);
      return thread;
    });
    try {
      Launcher<LanguageClient> launcher = new LSPLauncher.Builder<LanguageClient>()
          .setLocalService(server)
          .setRemoteInterface(LanguageClient.class)
          .setInput(in)
          .setOutput(out)
          .setExecutorService(connection)
          .create();
      server.connect(launcher.getRemoteProxy());
      Future<Void> listening = launcher.startListening();
      connection.execute(() -> {
        try {
          listening.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "the connection to the client failed", e);
        }
        // The input ended: an editor that went away without 'exit' still ends the server.
        server.exitCode.complete(server.shutdownRequested.get() ? 0 : 1);
      });
      return server.exitCode.join();
    } finally {
      server.documents.close();
      connection.shutdownNow();
    }
  }

  @Override
  public void connect(LanguageClient client) {
    documents.connect(client);
  }

  @Override
  public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
    documents.addCollectives(configuredCollectives(params.getInitializationOptions()));
    ServerCapabilities capabilities = new ServerCapabilities();
    capabilities.setTextDocumentSync(TextDocumentSyncKind.Full);
    capabilities.setDocumentFormattingProvider(true);
    capabilities.setHoverProvider(true);
    CompletionOptions completion = new CompletionOptions();
    // A space or comma ends a word: what may follow depends on it (after 'pay ', 'collective').
    completion.setTriggerCharacters(List.of(" ", ","));
    capabilities.setCompletionProvider(completion);
    return CompletableFuture.completedFuture(new InitializeResult(capabilities, new ServerInfo("flywheel-policy")));
  }

  /**
   * The names of {@code initializationOptions.collectives}, when it is an array of strings; anything else there is
   * ignored, as a client's settings must not stop the server.
   */
  static List<String> configuredCollectives(Object initializationOptions) {
    List<String> names = new ArrayList<>();
    if (initializationOptions instanceof JsonObject object && object.get("collectives") instanceof JsonArray array) {
      for (JsonElement element : array) {
        if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()) {
          names.add(element.getAsString());
        }
      }
    }
    return names;
  }

  @Override
  public CompletableFuture<Object> shutdown() {
    shutdownRequested.set(true);
    documents.close();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void exit() {
    exitCode.complete(shutdownRequested.get() ? 0 : 1);
  }

  @Override
  public TextDocumentService getTextDocumentService() {
    return documents;
  }

  @Override
  public WorkspaceService getWorkspaceService() {
    return new NoWorkspace();
  }

  /** The server has no workspace features; the protocol still requires the service. */
  private static final class NoWorkspace implements WorkspaceService {
    @Override
    public void didChangeConfiguration(org.eclipse.lsp4j.DidChangeConfigurationParams params) {
      // Settings come with initialize; a change of settings needs a restart of the server.
    }

    @Override
    public void didChangeWatchedFiles(org.eclipse.lsp4j.DidChangeWatchedFilesParams params) {
      // No file outside the open documents is read.
    }
  }
}
