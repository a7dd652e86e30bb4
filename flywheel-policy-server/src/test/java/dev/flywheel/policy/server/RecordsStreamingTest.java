package dev.flywheel.policy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.Socket;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/records/validate} streams: a body twice the server's whole heap is validated to the last line by
 * a server in its own JVM with a 32 MiB heap, answering while the body still arrives; and its limits, at and past
 * their bounds.
 */
class RecordsStreamingTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "contributions.jsonl");

  @Test
  void recordsValidate_bodyTwiceTheHeap_everyLineCountedInBoundedMemory() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx32m", "-XX:+ExitOnOutOfMemoryError", "-cp",
        System.getProperty("java.class.path"), ServerProcessMain.class.getName())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      String first = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
      assertTrue(first != null && first.startsWith("listening on "), String.valueOf(first));
      URI uri = URI.create(first.substring("listening on ".length()));
      byte[] file = Files.readAllBytes(EXAMPLES);
      long copies = ((64L << 20) + file.length - 1) / file.length;
      long lines = Files.readAllLines(EXAMPLES).size() * copies;
      try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
        socket.setSoTimeout(300_000);
        OutputStream out = socket.getOutputStream();
        // The body is written by its own thread while this one reads the answer, which starts before the body ends.
        Thread writer = new Thread(() -> {
          try (InputStream body = repeated(file, copies)) {
            out.write(("POST /v1/records/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
                + "Connection: close\r\nContent-Length: " + file.length * copies + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            body.transferTo(out);
            out.flush();
          } catch (IOException e) {
            // Seen by the reader as a missing summary.
          }
        });
        writer.start();
        String last = lastChunkedLine(socket.getInputStream());
        writer.join(60_000);
        JsonNode summary = Http.MAPPER.readTree(last).get("summary");
        assertEquals(lines, summary.get("lines").longValue(), last);
      }
      assertTrue(process.isAlive(), "the server ran out of memory");
    } finally {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
      process.destroyForcibly();
    }
  }

  /**
   * The last line of an HTTP answer read to its end (chunked, or up to the close), holding one line at a time.
   */
  static String lastChunkedLine(InputStream raw) throws IOException {
    java.io.BufferedInputStream in = new java.io.BufferedInputStream(raw, 1 << 16);
    String status = asciiLine(in);
    assertTrue(status.startsWith("HTTP/1.1 200"), status);
    boolean chunked = false;
    for (String header = asciiLine(in); !header.isEmpty(); header = asciiLine(in)) {
      chunked |= header.toLowerCase(java.util.Locale.ROOT).startsWith("transfer-encoding: chunked");
    }
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
    String last = null;
    long remaining = chunked ? Integer.parseInt(asciiLine(in).split(";")[0].strip(), 16) : Long.MAX_VALUE;
    while (remaining > 0) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      if (b == '\n') {
        last = line.toString(StandardCharsets.UTF_8);
        line.reset();
      } else {
        line.write(b);
      }
      if (--remaining == 0 && chunked) {
        asciiLine(in);
        remaining = Integer.parseInt(asciiLine(in).split(";")[0].strip(), 16);
      }
    }
    return last;
  }

  private static String asciiLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        sb.append((char) b);
      }
    }
    return sb.toString();
  }

  @Test
  void recordsValidate_chunkedBodyPastItsLimit_errorLineInPlaceOfTheSummary() throws Exception {
    try (PolicyServer server = PolicyServer.start(ServerSettings.builder().port(0).maxRecordsBodyBytes(100_000)
        .build())) {
      byte[] file = Files.readAllBytes(EXAMPLES);
      HttpRequest request = HttpRequest.newBuilder(server.uri().resolve("/v1/records/validate"))
          .header("Content-Type", "application/x-ndjson")
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> repeated(file, 1)))
          .build();
      HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      List<String> out = response.body().lines().toList();
      JsonNode last = Http.MAPPER.readTree(out.get(out.size() - 1));
      assertEquals(413, last.get("status").intValue());
      assertEquals("body-too-large", last.get("diagnostics").get(0).get("code").asText());
      assertTrue(out.stream().noneMatch(line -> line.contains("\"summary\"")));
    }
  }

  @Test
  void recordsValidate_declaredLengthPastItsLimit_413BeforeReading() throws Exception {
    try (PolicyServer server = PolicyServer.start(ServerSettings.builder().port(0).maxRecordsBodyBytes(100_000)
        .build());
         Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(30_000);
      // The length alone is enough: nothing of the body is sent, and the answer comes at once.
      socket.getOutputStream().write(("POST /v1/records/validate HTTP/1.1\r\nHost: x\r\n"
          + "Content-Type: application/x-ndjson\r\nContent-Length: 100000000\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String response = ApiHttpTest.readResponse(socket.getInputStream());
      assertTrue(response.startsWith("HTTP/1.1 413"), response);
      assertTrue(response.contains("\"body-too-large\""), response);
    }
  }

  @Test
  void recordsValidate_bodyAtItsLimit_answeredInFull() throws Exception {
    try (PolicyServer server = PolicyServer.start(ServerSettings.builder().port(0).maxRecordsBodyBytes(100_000)
        .build())) {
      byte[] atTheBound = java.util.Arrays.copyOf(Files.readAllBytes(EXAMPLES), 100_000);
      // Cut at the bound: the last line is cut short and invalid, and the answer is complete.
      Http.Answer bound = Http.post(server, "/v1/records/validate", "application/x-ndjson", atTheBound);
      assertEquals(200, bound.status());
      assertTrue(bound.body().contains("\"summary\""), bound.body());
      Http.Answer past = Http.post(server, "/v1/records/validate", "application/x-ndjson",
          java.util.Arrays.copyOf(atTheBound, 100_001));
      assertEquals(413, past.status());
      assertEquals("body-too-large", past.errorCode());
    }
  }

  @Test
  void validate_bodyExactlyAtTheLimit_accepted() {
    try (PolicyServer server = startQuietly(ServerSettings.builder().port(0).maxBodyBytes(4096).build())) {
      String prefix = "{\"terms\": \"eval-only\", \"pad\": \"";
      String body = prefix + "x".repeat(4096 - prefix.length() - 2) + "\"}";
      assertEquals(4096, body.length());
      assertEquals(200, Http.postJson(server, "/v1/validate", body).status());
      assertEquals(413, Http.postJson(server, "/v1/validate", body + " ").status());
    }
  }

  @Test
  void headersJustUnderTheLimit_accepted() {
    try (PolicyServer server = startQuietly(ServerSettings.builder().port(0).maxHeaderBytes(4096).build())) {
      Http.Answer under = Http.send(HttpRequest.newBuilder(Http.uri(server, "/health"))
          .header("X-Padding", "a".repeat(3000)).GET().build());
      assertEquals(200, under.status());
      Http.Answer over = Http.send(HttpRequest.newBuilder(Http.uri(server, "/health"))
          .header("X-Padding", "a".repeat(4200)).GET().build());
      assertEquals(431, over.status());
    }
  }

  private static PolicyServer startQuietly(ServerSettings settings) {
    try {
      return PolicyServer.start(settings);
    } catch (PolicyServer.StartFailure e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code file} {@code copies} times, generated as it is read: the test holds one copy, never the body. */
  static InputStream repeated(byte[] file, long copies) {
    return new InputStream() {
      private long copy;
      private int at;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (copy >= copies) {
          return -1;
        }
        int n = Math.min(len, file.length - at);
        System.arraycopy(file, at, b, off, n);
        at += n;
        if (at == file.length) {
          at = 0;
          copy++;
        }
        return n;
      }
    };
  }
}
