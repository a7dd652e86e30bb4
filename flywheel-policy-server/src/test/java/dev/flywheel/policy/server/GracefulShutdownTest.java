package dev.flywheel.policy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SIGTERM to a server in its own JVM: the request in flight completes, new connections are refused, exit 143. */
class GracefulShutdownTest {

  @Test
  void sigterm_requestInFlight_completesBeforeTheJvmExits() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        ServerProcessMain.class.getName())
        .redirectError(Path.of("target", "graceful-shutdown-server.log").toFile())
        .start();
    try {
      BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8));
      String first = stdout.readLine();
      assertTrue(first != null && first.startsWith("listening on "), String.valueOf(first));
      URI uri = URI.create(first.substring("listening on ".length()));
      List<String> lines = Files.readAllLines(Path.of("..", "examples", "contributions.jsonl")).subList(0, 20);
      byte[] body = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
      int half = body.length / 2;
      try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/records/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
            + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, half);
        out.flush();
        Thread.sleep(1000);
        process.destroy(); // SIGTERM
        Thread.sleep(1000);
        assertTrue(process.isAlive(), "the JVM must wait for the request in flight");
        // No new connection is accepted once the stop has begun.
        assertThrows(ConnectException.class, () -> new Socket(uri.getHost(), uri.getPort()).close());
        out.write(body, half, body.length - half);
        out.flush();
        String response = ApiHttpTest.readResponse(socket.getInputStream());
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        String last = lastLine(response);
        assertTrue(last != null && last.contains("\"summary\""), response);
        JsonNode summary = Http.MAPPER.readTree(last).get("summary");
        assertEquals(20, summary.get("lines").intValue(), response);
      }
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the JVM did not exit after the request completed");
      assertEquals(143, process.exitValue());
    } finally {
      process.destroyForcibly();
    }
  }

  private static String lastLine(String response) {
    String body = response.substring(response.indexOf("\r\n\r\n") + 4);
    // The records answer may be chunked: keep the lines that are JSON.
    String last = null;
    for (String line : body.split("\r?\n")) {
      if (line.startsWith("{")) {
        last = line;
      }
    }
    return last;
  }

}
