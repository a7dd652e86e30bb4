package dev.flywheel.policy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document against the real answers: every answer below is validated against the schema the document
 * gives for its path, method, status and media type, and every path of the document is exercised.
 */
class OpenApiTest {
  private static final String ID = "https://flywheel.dev/openapi-under-test";
  private static PolicyServer server;
  private static JsonNode document;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    TestRegisters.Register register = TestRegisters.twoEntries(dir);
    server = PolicyServer.start(ServerSettings.builder().port(0).requestTimeout(Duration.ofSeconds(5))
        .register(register.folder(), register.operatorKey()).build());
    document = Http.get(server, "/openapi.json").json();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** One exchange: what to send and the path template it belongs to. */
  record Exchange(String method, String template, String path, String contentType, String body) {}

  @Test
  void everyAnswer_matchesItsSchemaInTheDocument() throws IOException {
    String record = Files.readAllLines(Path.of("..", "examples", "contributions.jsonl")).get(0);
    List<Exchange> exchanges = List.of(
        post("/v1/validate", "{\"terms\": \"trian\"}"),
        post("/v1/validate", "{\"terms\": [\"eval-only\", \"pay collective \\\"\uD835\uDD18\\\"\"]}"),
        post("/v1/validate", "{\"terms\": "),
        post("/v1/validate", "{\"nothing\": 1}"),
        new Exchange("POST", "/v1/validate", "/v1/validate", "text/plain", "x"),
        new Exchange("GET", "/v1/validate", "/v1/validate", null, null),
        post("/v1/fmt", "{\"terms\": \"no-train\"}"),
        post("/v1/decide", "{\"terms\": \"pay collective masakhane 0.002 EUR\", \"purpose\": \"train\"}"),
        post("/v1/decide", "{\"terms\": \"train if open-weights\", \"purpose\": \"train\"}"),
        post("/v1/decide", "{\"terms\": \"train quota 5 per month\", \"purpose\": \"train\", "
            + "\"honour\": [\"quota\"]}"),
        post("/v1/decide", "{\"item\": " + record + ", \"purpose\": \"train\"}"),
        post("/v1/decide", "{\"terms\": \"eval-only\", \"purpose\": \"nope\"}"),
        post("/v1/import", "{\"from\": \"content-signal\", \"text\": \"Content-Signal: ai-train=no, search=yes\"}"),
        post("/v1/import", "{\"from\": \"rsl\", \"text\": \"<rsl><content url=\\u201d/\\u201d></rsl>\"}"),
        post("/v1/export", "{\"to\": \"content-signal\", \"terms\": \"eval-only\"}"),
        post("/v1/export", "{\"to\": \"aipref\", \"terms\": \"trian\"}"),
        new Exchange("POST", "/v1/records/validate", "/v1/records/validate", "application/x-ndjson",
            record + "\n{\"id\": 3}\n"),
        new Exchange("GET", "/v1/register/checkpoint", "/v1/register/checkpoint", null, null),
        new Exchange("GET", "/v1/register/entries", "/v1/register/entries?from=1", null, null),
        new Exchange("GET", "/v1/register/entries", "/v1/register/entries?from=x", null, null),
        new Exchange("GET", "/v1/vocabulary", "/v1/vocabulary", null, null),
        new Exchange("GET", "/health", "/health", null, null),
        new Exchange("GET", "/openapi.json", "/openapi.json", null, null),
        new Exchange("GET", "/", "/", null, null));
    Set<String> exercised = new HashSet<>();
    List<String> problems = new ArrayList<>();
    for (Exchange exchange : exchanges) {
      Http.Answer answer = exchange.method().equals("GET") ? Http.get(server, exchange.path())
          : Http.post(server, exchange.path(), exchange.contentType(), exchange.body().getBytes(StandardCharsets.UTF_8));
      exercised.add(exchange.template());
      String media = answer.mediaType().split(";")[0].strip();
      JsonNode operation = document.path("paths").path(exchange.template())
          .path(answer.status() == 405 ? exchange.method().equals("GET") ? "post" : "get"
              : exchange.method().toLowerCase(Locale.ROOT));
      if (answer.status() == 405) {
        // A wrong method is answered for a path whose other method the document lists.
        operation = document.path("paths").path(exchange.template()).elements().next();
      }
      JsonNode schema = operation.path("responses").path(Integer.toString(answer.status())).path("content")
          .path(media).path("schema");
      if (schema.isMissingNode()) {
        problems.add(exchange + ": status " + answer.status() + " " + media + " is not in the document");
        continue;
      }
      Schema compiled = compile(schema);
      List<String> bodies = media.equals("application/x-ndjson") ? List.of(answer.body().split("\n"))
          : List.of(answer.body());
      for (String body : bodies) {
        String instance = media.equals("text/html") ? Http.MAPPER.writeValueAsString(body) : body;
        List<Error> errors = compiled.validate(instance, InputFormat.JSON);
        if (!errors.isEmpty()) {
          problems.add(exchange + " -> " + answer.status() + ": " + errors + "\n  " + body);
        }
      }
    }
    assertEquals(List.of(), problems);
    Set<String> documented = new HashSet<>();
    document.path("paths").fieldNames().forEachRemaining(documented::add);
    assertEquals(documented, exercised, "every documented path is exercised, and only those");
  }

  @Test
  void document_isOpenApi31WithEveryErrorStatusOfTheIssue() {
    assertEquals("3.1.0", document.get("openapi").asText());
    JsonNode responses = document.path("paths").path("/v1/validate").path("post").path("responses");
    for (String status : List.of("400", "404", "405", "408", "413", "415", "431", "500", "503")) {
      assertNotNull(responses.get(status), status);
    }
    assertTrue(document.path("components").path("schemas").path("Diagnostic").path("required").toString()
        .contains("utf16Offset"));
  }

  @Test
  void compiledSchema_answerMissingUtf16Fields_rejected() {
    // The check above is only worth something if a wrong answer fails it: a diagnostic of the CLI's form, without
    // the UTF-16 fields, is not what the API promises.
    Schema validation = compile(Http.MAPPER.createObjectNode().put("$ref", "#/components/schemas/Validation"));
    String cliForm = "{\"valid\": false, \"canonical\": null, \"diagnostics\": [{\"code\": \"unknown-word\", "
        + "\"severity\": \"error\", \"message\": \"m\", \"help\": null, \"line\": 1, \"column\": 1, "
        + "\"offset\": 0, \"length\": 5, \"pointer\": null}]}";
    assertTrue(!validation.validate(cliForm, InputFormat.JSON).isEmpty());
  }

  private static Exchange post(String path, String body) {
    return new Exchange("POST", path, path, "application/json", body);
  }

  /** The response schema as a 2020-12 schema whose references resolve into the document's components. */
  private static Schema compile(JsonNode responseSchema) {
    ObjectNode schema = Http.MAPPER.createObjectNode();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.put("$id", ID);
    schema.set("allOf", Http.MAPPER.createArrayNode().add(responseSchema));
    schema.set("components", document.get("components"));
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
    return registry.getSchema(SchemaLocation.of(ID), schema.toString(), InputFormat.JSON);
  }
}
