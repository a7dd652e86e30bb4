package dev.flywheel.policy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint over real HTTP on loopback, with every refusal a client can provoke. */
class ApiHttpTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "contributions.jsonl");
  private static PolicyServer server;

  @BeforeAll
  static void start() throws Exception {
    server = PolicyServer.start(ServerSettings.builder()
        .port(0)
        .requestTimeout(Duration.ofSeconds(2))
        .clock(Clock.fixed(Instant.parse("2027-03-01T00:00:00Z"), ZoneOffset.UTC))
        .build(), FolderRegister.SIGNED, Map.of("/v1/fail", body -> {
          throw new IllegalStateException("secret internal detail");
        }));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void validate_astralCharacterInQuotedName_utf16AndCodePointOffsetsBothRight() {
    // U+1D518 is one code point and two UTF-16 units: everything after it is one further in UTF-16.
    String terms = "pay collective \"\uD835\uDD18nion\" ; trian";
    JsonNode answer = Http.postJson(server, "/v1/validate", "{\"terms\": " + quote(terms) + "}").json();
    assertFalse(answer.get("valid").booleanValue());
    JsonNode name = answer.get("diagnostics").get(0);
    assertEquals("confusable-character", name.get("code").asText());
    assertEquals(15, name.get("offset").intValue());
    assertEquals(7, name.get("length").intValue());
    assertEquals(15, name.get("utf16Offset").intValue());
    assertEquals(8, name.get("utf16Length").intValue());
    JsonNode typo = answer.get("diagnostics").get(1);
    assertEquals("unknown-word", typo.get("code").asText());
    assertEquals(25, typo.get("offset").intValue());
    assertEquals(26, typo.get("column").intValue());
    assertEquals(26, typo.get("utf16Offset").intValue());
    assertEquals(5, typo.get("utf16Length").intValue());
    assertEquals("trian", terms.substring(26, 31));
    assertEquals("did you mean 'train'?", typo.get("help").asText());
  }

  @Test
  void validate_validTerms_canonicalFormAndNoDiagnostics() {
    Http.Answer answer = Http.postJson(server, "/v1/validate", "{\"terms\": \"no-train\"}");
    assertEquals(200, answer.status());
    assertTrue(answer.mediaType().startsWith("application/json"));
    JsonNode json = answer.json();
    assertEquals(List.of("valid", "canonical", "diagnostics"), fieldNames(json));
    assertEquals("deny train", json.get("canonical").asText());
    assertEquals(0, json.get("diagnostics").size());
  }

  @Test
  void validate_arrayOfTerms_oneResultEachInOrder() {
    JsonNode answer = Http.postJson(server, "/v1/validate", "{\"terms\": [\"eval-only\", \"trian\"]}").json();
    assertEquals(2, answer.size());
    assertTrue(answer.get(0).get("valid").booleanValue());
    assertFalse(answer.get(1).get("valid").booleanValue());
  }

  @Test
  void validate_diagnosticFields_cliFieldsWithUtf16BesideThem() {
    JsonNode d = Http.postJson(server, "/v1/validate", "{\"terms\": \"trian\"}").json().get("diagnostics").get(0);
    assertEquals(List.of("code", "severity", "message", "help", "line", "column", "offset", "length", "utf16Offset",
        "utf16Length", "pointer"), fieldNames(d));
  }

  @Test
  void fmt_nonCanonicalTerms_canonicalForm() {
    JsonNode answer = Http.postJson(server, "/v1/fmt", "{\"terms\": \"train if attribution\"}").json();
    assertEquals("allow train if attribution", answer.get("canonical").asText());
  }

  @Test
  void decide_honouredAttribution_allowedObligationWithDecidingClause() {
    JsonNode answer = Http.postJson(server, "/v1/decide", "{\"terms\": \"train if attribution\", \"purpose\": "
        + "\"train\", \"honour\": [\"attribution\"], \"at\": \"2027-01-01\"}").json();
    assertEquals("obligation", answer.get("decision").asText());
    assertTrue(answer.get("allowed").booleanValue());
    assertEquals("attribution", answer.get("obligations").get(0).get("type").asText());
    JsonNode reason = answer.get("reasons").get(0);
    assertEquals("allow train if attribution", reason.get("clause").asText());
    assertEquals(0, reason.get("utf16Offset").intValue());
    assertEquals(20, reason.get("utf16Length").intValue());
  }

  @Test
  void decide_embargoBeforeAndAfterItsDate_clockAndAtDecide() {
    String body = "{\"terms\": \"deny train until 2027-01-01; allow train\", \"purpose\": \"train\"";
    assertEquals("deny", Http.postJson(server, "/v1/decide", body + ", \"at\": \"2026-06-01\"}").json()
        .get("decision").asText());
    // No "at": the server's clock, fixed at 2027-03-01, after the embargo.
    assertEquals("allow", Http.postJson(server, "/v1/decide", body + "}").json().get("decision").asText());
  }

  @Test
  void decide_item_recordsLayersDecide() throws IOException {
    String record = Files.readAllLines(EXAMPLES).get(0);
    JsonNode answer = Http.postJson(server, "/v1/decide",
        "{\"item\": " + record + ", \"purpose\": \"eval\", \"at\": \"2027-03-01\"}").json();
    assertTrue(List.of("allow", "deny", "obligation").contains(answer.get("decision").asText()));
    assertFalse(answer.get("basis").asText().equals("error"), answer.toString());
  }

  @Test
  void decide_invalidItem_denyWithItsErrors() {
    JsonNode answer = Http.postJson(server, "/v1/decide", "{\"item\": {\"id\": 5}, \"purpose\": \"train\"}").json();
    assertEquals("deny", answer.get("decision").asText());
    assertEquals("error", answer.get("basis").asText());
    assertTrue(answer.get("diagnostics").size() > 0);
  }

  @Test
  void decide_unknownPurpose_400WithPointer() {
    Http.Answer answer = Http.postJson(server, "/v1/decide", "{\"terms\": \"eval-only\", \"purpose\": \"trian\"}");
    assertEquals(400, answer.status());
    assertEquals("unknown-word", answer.errorCode());
    assertEquals("/purpose", answer.json().get("diagnostics").get(0).get("pointer").asText());
  }

  @Test
  void decide_missingPurposeOrBothSubjects_400() {
    assertEquals("missing-field", Http.postJson(server, "/v1/decide", "{\"terms\": \"eval-only\"}").errorCode());
    assertEquals(400, Http.postJson(server, "/v1/decide",
        "{\"terms\": \"eval-only\", \"item\": {}, \"purpose\": \"eval\"}").status());
    assertEquals("bad-time", Http.postJson(server, "/v1/decide",
        "{\"terms\": \"eval-only\", \"purpose\": \"eval\", \"at\": \"2027-02-30\"}").errorCode());
  }

  @Test
  void import_aipref_termsAndReport() {
    JsonNode answer = Http.postJson(server, "/v1/import",
        "{\"from\": \"aipref\", \"text\": \"train-ai=n, search=y\"}").json();
    assertEquals("deny train-genai; allow search", answer.get("terms").asText());
    assertEquals("unknown-category", answer.get("report").get(0).get("code").asText());
  }

  @Test
  void import_robotsWithAgentAndPath_agentsRulesApply() {
    String robots = "User-Agent: *\nContent-Usage: train-ai=n\n\nUser-Agent: ExampleBot\nContent-Usage: train-ai=y\n";
    JsonNode answer = Http.postJson(server, "/v1/import", "{\"from\": \"robots\", \"text\": " + quote(robots)
        + ", \"agent\": \"ExampleBot\", \"path\": \"/a\"}").json();
    assertEquals("allow train-genai", answer.get("terms").asText());
  }

  @Test
  void export_evalOnly_valueAndLossReport() {
    JsonNode answer = Http.postJson(server, "/v1/export", "{\"to\": \"aipref\", \"terms\": \"eval-only\"}").json();
    assertEquals("Content-Usage", answer.get("field").asText());
    assertEquals("train-ai=n, search=n", answer.get("value").asText());
    assertTrue(answer.get("report").size() > 0);
  }

  @Test
  void export_invalidTerms_nullValueAndErrors() {
    JsonNode answer = Http.postJson(server, "/v1/export", "{\"to\": \"aipref\", \"terms\": \"trian\"}").json();
    assertTrue(answer.get("value").isNull());
    assertEquals("unknown-word", answer.get("report").get(0).get("code").asText());
  }

  @Test
  void recordsValidate_mixedLines_invalidLinesThenSummary() throws IOException {
    List<String> lines = Files.readAllLines(EXAMPLES).subList(0, 5);
    String body = lines.get(0) + "\n{\"id\": 1}\n" + lines.get(1) + "\nnot json\n";
    Http.Answer answer = Http.post(server, "/v1/records/validate", "application/x-ndjson",
        body.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, answer.status());
    String[] out = answer.body().split("\n");
    JsonNode summary = Http.MAPPER.readTree(out[out.length - 1]).get("summary");
    assertEquals(4, summary.get("lines").intValue());
    assertEquals(2, summary.get("invalid").intValue());
    List<Integer> invalid = new ArrayList<>();
    for (int i = 0; i < out.length - 1; i++) {
      JsonNode line = Http.MAPPER.readTree(out[i]);
      if (!line.get("valid").booleanValue()) {
        invalid.add(line.get("line").intValue());
      }
    }
    assertEquals(List.of(2, 4), invalid);
  }

  @Test
  void recordsValidate_twoMiBBody_streamedEveryLineCounted() throws IOException {
    List<String> lines = Files.readAllLines(EXAMPLES);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int count = 0;
    while (body.size() < (2 << 20)) {
      body.writeBytes((lines.get(count % lines.size()) + "\n").getBytes(StandardCharsets.UTF_8));
      count++;
    }
    Http.Answer answer = Http.post(server, "/v1/records/validate", "application/x-ndjson", body.toByteArray());
    String[] out = answer.body().split("\n");
    JsonNode summary = Http.MAPPER.readTree(out[out.length - 1]).get("summary");
    assertEquals(count, summary.get("lines").intValue());
    assertEquals(count, summary.get("valid").intValue() + summary.get("invalid").intValue());
  }

  @Test
  void validate_twoMiBBody_413BodyTooLarge() {
    byte[] body = ("{\"terms\": \"" + "a".repeat(2 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
    Http.Answer answer = Http.post(server, "/v1/validate", "application/json", body);
    assertEquals(413, answer.status());
    assertEquals("body-too-large", answer.errorCode());
  }

  @Test
  void validate_chunkedBodyPastLimit_413() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
      try {
        for (int i = 0; i < 20; i++) {
          out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      } catch (IOException closedBeforeTheEnd) {
        // The server may answer and close before the client has sent everything: the answer is what counts.
      }
      String response = readResponse(socket.getInputStream());
      assertTrue(response.startsWith("HTTP/1.1 413"), response);
      assertTrue(response.contains("\"body-too-large\""), response);
    }
  }

  @Test
  void validate_malformedJson_400WithLineAndColumn() {
    Http.Answer answer = Http.postJson(server, "/v1/validate", "{\n  \"terms\": eval-only\n}");
    assertEquals(400, answer.status());
    assertEquals("malformed-json", answer.errorCode());
    JsonNode d = answer.json().get("diagnostics").get(0);
    assertEquals(2, d.get("line").intValue());
    assertTrue(d.get("column").intValue() > 1);
  }

  @Test
  void validate_duplicateKeysOrTrailingTokens_400() {
    assertEquals("malformed-json", Http.postJson(server, "/v1/validate",
        "{\"terms\": \"deny train\", \"terms\": \"allow train\"}").errorCode());
    assertEquals("malformed-json", Http.postJson(server, "/v1/validate", "{\"terms\": \"eval-only\"} {}")
        .errorCode());
    assertEquals("malformed-json", Http.postJson(server, "/v1/validate", "").errorCode());
  }

  @Test
  void validate_wrongShapes_400WithPointer() {
    assertEquals("bad-body", Http.postJson(server, "/v1/validate", "[\"eval-only\"]").errorCode());
    assertEquals("missing-field", Http.postJson(server, "/v1/validate", "{}").errorCode());
    Http.Answer element = Http.postJson(server, "/v1/validate", "{\"terms\": [\"eval-only\", 3]}");
    assertEquals("/terms/1", element.json().get("diagnostics").get(0).get("pointer").asText());
    assertEquals("bad-field", Http.postJson(server, "/v1/validate", "{\"terms\": []}").errorCode());
  }

  @Test
  void validate_nonUtf8Bytes_400InvalidUtf8() {
    byte[] body = {'{', '"', 't', 'e', 'r', 'm', 's', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    Http.Answer answer = Http.post(server, "/v1/validate", "application/json", body);
    assertEquals(400, answer.status());
    assertEquals("invalid-utf8", answer.errorCode());
  }

  @Test
  void validate_wrongMediaType_415() {
    byte[] body = "{\"terms\": \"eval-only\"}".getBytes(StandardCharsets.UTF_8);
    assertEquals(415, Http.post(server, "/v1/validate", null, body).status());
    assertEquals("unsupported-media-type", Http.post(server, "/v1/validate", "text/plain", body).errorCode());
    assertEquals(415, Http.post(server, "/v1/validate", "application/json; charset=iso-8859-1", body).status());
    assertEquals(200, Http.post(server, "/v1/validate", "application/json; charset=UTF-8", body).status());
    assertEquals(415, Http.post(server, "/v1/records/validate", "application/json", body).status());
  }

  @Test
  void unknownPath_404JsonDiagnostic() {
    Http.Answer answer = Http.get(server, "/v2/nothing");
    assertEquals(404, answer.status());
    assertEquals("not-found", answer.errorCode());
  }

  @Test
  void wrongMethod_405WithAllow() {
    Http.Answer get = Http.get(server, "/v1/validate");
    assertEquals(405, get.status());
    assertEquals("method-not-allowed", get.errorCode());
    assertEquals("POST", get.raw().headers().firstValue("Allow").orElseThrow());
    assertEquals(405, Http.postJson(server, "/health", "{}").status());
  }

  @Test
  void headersPastLimit_431JsonDiagnostic() {
    Http.Answer answer = Http.send(java.net.http.HttpRequest.newBuilder(Http.uri(server, "/health"))
        .header("X-Padding", "a".repeat(20_000)).GET().build());
    assertEquals(431, answer.status());
    assertEquals("headers-too-large", answer.errorCode());
  }

  @Test
  void slowClient_bodyStopsHalfWay_408AfterRequestTimeout() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: 100\r\n\r\n{\"terms\": ").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String response = readResponse(socket.getInputStream());
      assertTrue(response.startsWith("HTTP/1.1 408"), response);
      assertTrue(response.contains("\"request-timeout\""), response);
    }
  }

  @Test
  void trickleClient_pastRequestTime_408() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // One byte every 300 ms never trips the idle timeout (2 s) but passes the request time (2 s) within 4 s.
      String response = null;
      for (int i = 0; i < 40 && response == null; i++) {
        try {
          out.write(' ');
          out.flush();
        } catch (IOException closed) {
          break;
        }
        Thread.sleep(300);
        if (socket.getInputStream().available() > 0) {
          break;
        }
      }
      response = readResponse(socket.getInputStream());
      assertTrue(response.startsWith("HTTP/1.1 408"), response);
    }
  }

  @Test
  void concurrentRequestsPastLimit_503TooManyRequests() throws Exception {
    try (PolicyServer one = PolicyServer.start(ServerSettings.builder().port(0).maxConcurrentRequests(1)
        .requestTimeout(Duration.ofSeconds(5)).build());
         Socket holder = new Socket("127.0.0.1", one.port())) {
      OutputStream out = holder.getOutputStream();
      out.write(("POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: 30\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(500);
      Http.Answer second = Http.postJson(one, "/v1/validate", "{\"terms\": \"eval-only\"}");
      assertEquals(503, second.status());
      assertEquals("too-many-requests", second.errorCode());
      assertEquals("1", second.raw().headers().firstValue("Retry-After").orElseThrow());
      out.write("\"terms\": \"eval-only\"}        ".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertTrue(readResponse(holder.getInputStream()).startsWith("HTTP/1.1 200"));
    }
  }

  @Test
  void internalFailure_500WithCodeAndNoStackTrace() {
    Http.Answer answer = Http.postJson(server, "/v1/fail", "{}");
    assertEquals(500, answer.status());
    assertEquals("internal-error", answer.errorCode());
    assertFalse(answer.body().contains("secret internal detail"));
    assertFalse(answer.body().contains("Exception"));
    assertFalse(answer.body().contains("at dev.flywheel"));
  }

  @Test
  void health_ok() {
    Http.Answer answer = Http.get(server, "/health");
    assertEquals(200, answer.status());
    assertEquals("ok", answer.json().get("status").asText());
  }

  @Test
  void vocabulary_everyPurposeFactAndDuty() {
    JsonNode answer = Http.get(server, "/v1/vocabulary").json();
    assertEquals(dev.flywheel.policy.Purpose.values().length, answer.get("purposes").size());
    assertEquals(dev.flywheel.policy.Fact.values().length, answer.get("facts").size());
    assertEquals(dev.flywheel.policy.ObligationType.values().length, answer.get("obligations").size());
  }

  @Test
  void playground_servedFromTheJarWithNoExternalResource() {
    Http.Answer page = Http.get(server, "/");
    assertEquals(200, page.status());
    assertTrue(page.mediaType().startsWith("text/html"));
    for (String file : List.of("/", "/playground.js", "/playground.css")) {
      String body = Http.get(server, file).body();
      assertFalse(body.contains("http://") || body.contains("https://") || body.contains("//cdn"),
          file + " names an external resource");
    }
  }

  @Test
  void defaults_loopbackAndDocumentedLimits() {
    ServerSettings defaults = ServerSettings.builder().build();
    assertEquals("127.0.0.1", defaults.bind());
    assertEquals(1L << 20, defaults.maxBodyBytes());
    assertEquals("127.0.0.1", server.uri().getHost());
  }

  @Test
  void settings_registerWithoutKey_refused() {
    assertThrows(IllegalArgumentException.class, () -> new ServerSettings("127.0.0.1", 0, 1 << 20, 1 << 30, 8192,
        Duration.ofSeconds(1), Duration.ofSeconds(1), 1, Duration.ZERO, java.util.Optional.of(Path.of("r")),
        java.util.Optional.empty(), Clock.systemUTC()));
    assertThrows(IllegalArgumentException.class, () -> ServerSettings.builder().maxBodyBytes(10).build());
  }

  @Test
  void register_signedRegister_servedByteForByteWithPages(@TempDir Path dir) throws Exception {
    TestRegisters.Register register = TestRegisters.twoEntries(dir);
    try (PolicyServer served = PolicyServer.start(ServerSettings.builder().port(0)
        .register(register.folder(), register.operatorKey()).build())) {
      assertEquals(Files.readString(register.folder().resolve("checkpoint.json")),
          Http.get(served, "/v1/register/checkpoint").body());
      List<String> entries = Files.readAllLines(register.folder().resolve("entries.jsonl"));
      assertEquals(2, entries.size());
      Http.Answer all = Http.get(served, "/v1/register/entries");
      assertEquals(String.join("\n", entries) + "\n", all.body());
      assertEquals("2", all.raw().headers().firstValue("X-Register-Size").orElseThrow());
      assertEquals(entries.get(1) + "\n", Http.get(served, "/v1/register/entries?from=1").body());
      assertEquals("", Http.get(served, "/v1/register/entries?from=2").body());
      assertEquals("bad-parameter", Http.get(served, "/v1/register/entries?from=9").errorCode());
      assertEquals("bad-parameter", Http.get(served, "/v1/register/entries?from=-1").errorCode());
    }
    assertEquals("no-register", Http.get(server, "/v1/register/checkpoint").errorCode());
    assertEquals(404, Http.get(server, "/v1/register/entries").status());
  }

  @Test
  void register_tamperedEntry_refusesToStart(@TempDir Path dir) throws Exception {
    TestRegisters.Register register = TestRegisters.twoEntries(dir);
    TestRegisters.tamper(register);
    PolicyServer.StartFailure failure = assertThrows(PolicyServer.StartFailure.class, () -> PolicyServer.start(
        ServerSettings.builder().port(0).register(register.folder(), register.operatorKey()).build()));
    assertTrue(failure.registerRefused());
    assertTrue(failure.getMessage().contains("entry"), failure.getMessage());
  }

  @Test
  void register_wrongOperatorKey_refusesToStart(@TempDir Path dir) throws Exception {
    TestRegisters.Register register = TestRegisters.twoEntries(dir);
    TestRegisters.Register other = TestRegisters.twoEntries(Files.createDirectory(dir.resolve("other")));
    PolicyServer.StartFailure failure = assertThrows(PolicyServer.StartFailure.class, () -> PolicyServer.start(
        ServerSettings.builder().port(0).register(register.folder(), other.operatorKey()).build()));
    assertTrue(failure.registerRefused());
    Path notAKey = Files.writeString(dir.resolve("not-a-key.pub"), "hello\n");
    assertThrows(PolicyServer.StartFailure.class, () -> PolicyServer.start(
        ServerSettings.builder().port(0).register(register.folder(), notAKey).build()));
  }

  static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    try {
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        String text = out.toString(StandardCharsets.UTF_8);
        int head = text.indexOf("\r\n\r\n");
        if (head >= 0) {
          int length = text.toLowerCase(java.util.Locale.ROOT).indexOf("content-length: ");
          if (length >= 0 && length < head) {
            int end = text.indexOf("\r\n", length);
            int expected = Integer.parseInt(text.substring(length + 16, end).strip());
            if (out.size() >= head + 4 + expected) {
              break;
            }
          }
        }
      }
    } catch (java.net.SocketException reset) {
      // The server closed the connection after answering: what was read is the answer.
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static String quote(String s) {
    try {
      return Http.MAPPER.writeValueAsString(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
