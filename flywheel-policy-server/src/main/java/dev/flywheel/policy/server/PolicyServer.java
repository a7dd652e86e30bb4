package dev.flywheel.policy.server;

import java.net.URI;
import java.util.Objects;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The flywheel-policy HTTP API and playground (docs/SERVER.md), on Jetty 12.
 *
 * <p>{@link #start(ServerSettings)} listens at once; {@link #close()} stops gracefully: no new connections, the
 * requests in flight finish (up to {@link ServerSettings#shutdownTimeout()}), then the server stops. A JVM shutdown
 * (SIGTERM, SIGINT) does the same through a shutdown hook. Thread-safe.
 */
public final class PolicyServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  private final ApiHandler api;
  private final java.time.Duration shutdownTimeout;
  private final Thread shutdownHook;
  private final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();

  private PolicyServer(Server server, ServerConnector connector, ApiHandler api, java.time.Duration shutdownTimeout) {
    this.server = server;
    this.connector = connector;
    this.api = api;
    this.shutdownTimeout = shutdownTimeout;
    this.shutdownHook = new Thread(this::stopGracefully, "flywheel-http-shutdown");
  }

  /**
   * Verifies the register (if any), then starts listening.
   *
   * @param settings the settings
   * @return the running server
   * @throws StartFailure when the register fails its check or the address cannot be bound; nothing is listening then
   */
  public static PolicyServer start(ServerSettings settings) throws StartFailure {
    return start(settings, FolderRegister.SIGNED);
  }

  static PolicyServer start(ServerSettings settings, FolderRegister.Verifier verifier) throws StartFailure {
    return start(settings, verifier, java.util.Map.of());
  }

  static PolicyServer start(ServerSettings settings, FolderRegister.Verifier verifier,
      java.util.Map<String, java.util.function.Function<com.fasterxml.jackson.databind.JsonNode, byte[]>> extraRoutes)
      throws StartFailure {
    Objects.requireNonNull(settings, "settings");
    RegisterFeed register = RegisterFeed.NONE;
    if (settings.register().isPresent()) {
      try {
        register = FolderRegister.load(settings.register().get(), settings.trust().orElseThrow(), verifier);
      } catch (FolderRegister.RegisterRefused e) {
        throw new StartFailure("the register fails verification: " + e.getMessage(), true, e);
      }
    }
    // Threads beyond the concurrency limit answer 503 at once, so the pool needs only a margin over it.
    QueuedThreadPool threads = new QueuedThreadPool(settings.maxConcurrentRequests() + 16, 4);
    threads.setName("flywheel-http");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(settings.maxHeaderBytes());
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(settings.bind());
    connector.setPort(settings.port());
    connector.setIdleTimeout(settings.requestTimeout().toMillis());
    server.addConnector(connector);
    ApiHandler api = new ApiHandler(settings, register, extraRoutes);
    server.setHandler(api);
    server.setErrorHandler(new JsonErrorHandler());
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // Already failing: the start failure is what the caller needs.
      }
      throw new StartFailure("cannot listen on " + settings.bind() + ":" + settings.port() + ": " + e.getMessage(),
          false, e);
    }
    PolicyServer running = new PolicyServer(server, connector, api, settings.shutdownTimeout());
    Runtime.getRuntime().addShutdownHook(running.shutdownHook);
    return running;
  }

  /** {@return the port listened on (the chosen one when the settings said 0)} */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@return the base address, e.g. {@code http://127.0.0.1:8080/}} */
  public URI uri() {
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
  }

  /**
   * Waits until the server has stopped.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Stops gracefully: requests in flight finish first, up to the shutdown timeout. Idempotent. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The JVM is stopping and the hook is running or has run: stopping again below is a no-op.
    }
    stopGracefully();
  }

  /**
   * The graceful stop, here rather than in Jetty's own: Jetty's graceful shutdown fails the body reads of requests
   * still arriving, where a request in flight must be allowed to finish. So: stop accepting connections, wait for
   * the requests being handled (up to the shutdown timeout), then stop the server.
   */
  private void stopGracefully() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    try {
      connector.close();
      api.awaitIdle(shutdownTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        server.stop();
      } catch (Exception e) {
        throw new IllegalStateException("the server did not stop cleanly", e);
      }
    }
  }

  /** The server could not start: the register failed its check, or the address could not be bound. */
  public static final class StartFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean registerRefused;

    /**
     * @param message what failed, for one line on stderr
     * @param registerRefused whether the register failed its check (else the address could not be bound)
     * @param cause the underlying failure
     */
    public StartFailure(String message, boolean registerRefused, Throwable cause) {
      super(message, cause);
      this.registerRefused = registerRefused;
    }

    /** {@return true when the register failed its check, false when the address could not be bound} */
    public boolean registerRefused() {
      return registerRefused;
    }
  }
}
