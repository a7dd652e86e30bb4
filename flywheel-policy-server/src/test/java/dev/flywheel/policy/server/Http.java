package dev.flywheel.policy.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A real HTTP client for the tests: the JDK's, over loopback. */
final class Http {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** A response: status, media type, body text. */
  record Answer(int status, String mediaType, String body, HttpResponse<byte[]> raw) {
    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    /** The code of an error answer's one diagnostic. */
    String errorCode() {
      return json().get("diagnostics").get(0).get("code").asText();
    }
  }

  private Http() {}

  static Answer post(PolicyServer server, String path, String contentType, byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(path))
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request.build());
  }

  static Answer postJson(PolicyServer server, String path, String json) {
    return post(server, path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  static Answer get(PolicyServer server, String path) {
    return send(HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(60)).GET().build());
  }

  static Answer send(HttpRequest request) {
    try {
      HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
          new String(response.body(), StandardCharsets.UTF_8), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static URI uri(PolicyServer server, String path) {
    return server.uri().resolve(path);
  }
}
