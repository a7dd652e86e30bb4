package dev.flywheel.policy.server;

import java.time.Duration;

/** A server in a JVM of its own, for the shutdown test: prints its address, then serves until the JVM stops. */
public final class ServerProcessMain {
  private ServerProcessMain() {}

  public static void main(String[] args) throws Exception {
    PolicyServer server = PolicyServer.start(ServerSettings.builder()
        .port(0)
        .shutdownTimeout(Duration.ofSeconds(20))
        .build());
    System.out.println("listening on " + server.uri());
    System.out.flush();
    server.join();
  }
}
