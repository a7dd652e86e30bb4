package dev.flywheel.policy.cli;

import dev.flywheel.policy.server.PolicyServer;
import dev.flywheel.policy.server.ServerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serve}: the HTTP JSON API and the playground (docs/SERVER.md) until stopped. SIGTERM or SIGINT stops it
 * gracefully: requests in flight finish first.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
        "Serve the HTTP JSON API (validate, fmt, decide, import, export, records, register feed) and the playground.",
        "Prints the address on stdout once listening; runs until SIGTERM or SIGINT, which let requests in flight",
        "finish. Exit 1 when the register fails verification, 2 on a usage error, 4 when the address cannot be bound."},
    footer = {"", "Example:", "  flywheel-policy serve --port 8080 --register register --trust operator.pub"})
final class ServeCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--bind", defaultValue = ServerSettings.DEFAULT_BIND, paramLabel = "ADDRESS",
      description = "address to listen on (default: ${DEFAULT-VALUE}, loopback only; 0.0.0.0 for every interface)")
  String bind;

  @Option(names = "--port", defaultValue = "8080", description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--register", paramLabel = "D", description = "a register folder to serve, checked at start")
  Path register;

  @Option(names = "--trust", paramLabel = "OPERATOR.pub", description = "the register operator's public key")
  Path trust;

  @Option(names = "--max-body-bytes", defaultValue = "1048576", paramLabel = "N",
      description = "largest body of a JSON request, in bytes (default: ${DEFAULT-VALUE})")
  long maxBodyBytes;

  @Option(names = "--max-records-body-bytes", defaultValue = "1073741824", paramLabel = "N",
      description = "largest body of POST /v1/records/validate, in bytes (default: ${DEFAULT-VALUE})")
  long maxRecordsBodyBytes;

  @Option(names = "--max-header-bytes", defaultValue = "8192", paramLabel = "N",
      description = "largest request line and headers, in bytes (default: ${DEFAULT-VALUE})")
  int maxHeaderBytes;

  @Option(names = "--request-timeout", defaultValue = "30", paramLabel = "SECONDS",
      description = "time for a request to arrive, and longest silence of a connection (default: ${DEFAULT-VALUE})")
  long requestTimeout;

  @Option(names = "--records-timeout", defaultValue = "600", paramLabel = "SECONDS",
      description = "time of one POST /v1/records/validate (default: ${DEFAULT-VALUE})")
  long recordsTimeout;

  @Option(names = "--max-concurrent-requests", defaultValue = "64", paramLabel = "N",
      description = "requests handled at once; more are answered 503 (default: ${DEFAULT-VALUE})")
  int maxConcurrentRequests;

  @Option(names = "--shutdown-timeout", defaultValue = "30", paramLabel = "SECONDS",
      description = "how long a stop waits for requests in flight (default: ${DEFAULT-VALUE})")
  long shutdownTimeout;

  @Override
  public Integer call() throws Exception {
    if ((register == null) != (trust == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          register == null ? "--trust needs --register D" : "--register needs --trust OPERATOR.pub");
    }
    ServerSettings settings;
    try {
      ServerSettings.Builder builder = ServerSettings.builder()
          .bind(bind)
          .port(port)
          .maxBodyBytes(maxBodyBytes)
          .maxRecordsBodyBytes(maxRecordsBodyBytes)
          .maxHeaderBytes(maxHeaderBytes)
          .requestTimeout(Duration.ofSeconds(requestTimeout))
          .recordsTimeout(Duration.ofSeconds(recordsTimeout))
          .maxConcurrentRequests(maxConcurrentRequests)
          .shutdownTimeout(Duration.ofSeconds(shutdownTimeout));
      if (register != null) {
        builder.register(register, trust);
      }
      settings = builder.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PolicyServer server;
    try {
      server = PolicyServer.start(settings);
    } catch (PolicyServer.StartFailure e) {
      spec.commandLine().getErr().println("flywheel-policy: " + e.getMessage());
      return e.registerRefused() ? Main.WANTING : Main.IO_ERROR;
    }
    spec.commandLine().getOut().println("listening on " + server.uri());
    spec.commandLine().getOut().flush();
    server.join();
    return Main.OK;
  }
}
