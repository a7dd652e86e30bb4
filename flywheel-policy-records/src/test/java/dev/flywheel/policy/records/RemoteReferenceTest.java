package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.AbsoluteIri;
import dev.flywheel.policy.DiagnosticCode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY.md item 17: a record or schema that refers to a remote resource makes nothing fetch it. A local HTTP
 * server that would answer with a permissive schema counts every connection; it must see none.
 */
class RemoteReferenceTest {
  private ServerSocket server;
  private Thread acceptor;
  private final AtomicInteger requests = new AtomicInteger();
  private String url;

  @BeforeEach
  void startServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
          requests.incrementAndGet();
          byte[] body = "{\"type\": \"object\"}".getBytes(StandardCharsets.UTF_8);
          out.write(("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
              + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(body);
        } catch (IOException closed) {
          return;
        }
      }
    }, "counting-server");
    acceptor.setDaemon(true);
    acceptor.start();
    url = "http://127.0.0.1:" + server.getLocalPort() + "/schema.json";
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
    acceptor.join(10_000);
  }

  @Test
  void compile_schemaWithRemoteRef_failsWithoutFetching() {
    String schema = """
        {"$schema": "https://json-schema.org/draft/2020-12/schema",
         "$id": "urn:flywheel-policy:contribution-record:1",
         "type": "object",
         "properties": {"extensions": {"$ref": "%s"}}}
        """.formatted(url);
    boolean failed;
    try {
      RecordSchema compiled = RecordSchema.compile(schema);
      // Should compiling ever defer the reference, using it must still fail closed, not fetch.
      var node = new ObjectMapper().readTree("{\"extensions\": {}}");
      failed = !compiled.validate(node).isEmpty();
    } catch (RuntimeException | IOException expected) {
      failed = true;
    }
    assertTrue(failed, "a schema with a remote $ref must not compile into something usable");
    assertEquals(0, requests.get(), "nothing may be fetched");
  }

  @Test
  void countingServer_permissiveLoader_wouldBeSeen() {
    // Control: the same schema with remote fetching switched on does reach the server, so a zero count above
    // means nothing was fetched, not that the server could not be reached.
    String schema = """
        {"$schema": "https://json-schema.org/draft/2020-12/schema",
         "type": "object",
         "properties": {"extensions": {"$ref": "%s"}}}
        """.formatted(url);
    com.networknt.schema.SchemaRegistry permissive = com.networknt.schema.SchemaRegistry.withDefaultDialect(
        com.networknt.schema.SpecificationVersion.DRAFT_2020_12,
        b -> b.schemaLoader(l -> l.fetchRemoteResources(true)));
    try {
      var compiled = permissive.getSchema(schema, com.networknt.schema.InputFormat.JSON);
      compiled.initializeValidators();
      compiled.validate(new ObjectMapper().readTree("{\"extensions\": {}}"));
    } catch (RuntimeException | IOException ignored) {
      // Only the request count matters here.
    }
    assertTrue(requests.get() > 0, "the permissive loader fetched from the counting server");
  }

  @Test
  void validate_recordNamingRemoteSchemaOrRef_fetchesNothing() {
    RecordValidator validator = RecordValidator.withDefaults();
    RecordResult topLevel = validator.validate(TestRecords.with(r -> {
      r.put("$schema", url);
      r.put("$ref", url);
      r.put("$id", url);
    }));
    assertFalse(topLevel.isValid());
    assertEquals(List.of(DiagnosticCode.UNKNOWN_FIELD, DiagnosticCode.UNKNOWN_FIELD, DiagnosticCode.UNKNOWN_FIELD),
        TestRecords.codes(topLevel));

    RecordResult inExtensions = validator.validate(TestRecords.with(r ->
        r.putObject("extensions").put("$ref", url).put("$schema", url)));
    assertTrue(inExtensions.isValid(), "extensions are data; a $ref there is never followed");
    assertEquals(0, requests.get(), "nothing may be fetched");
  }

  @Test
  void isLocal_onlyThisSchemaAndBundledMetaSchemas() {
    assertTrue(RecordSchema.isLocal(AbsoluteIri.of(RecordSchema.ID)));
    assertTrue(RecordSchema.isLocal(AbsoluteIri.of("https://json-schema.org/draft/2020-12/schema")));
    assertFalse(RecordSchema.isLocal(AbsoluteIri.of(url)));
    assertFalse(RecordSchema.isLocal(AbsoluteIri.of("https://json-schema.org/draft-07/schema")));
    assertFalse(RecordSchema.isLocal(AbsoluteIri.of("file:///etc/passwd")));
  }
}
