package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The language server as an editor runs it: {@code flywheel-policy lsp} in a child process, driven over its standard
 * input and output by a scripted client that writes and reads the protocol's frames itself ({@code Content-Length}
 * header, JSON-RPC body). Every byte the server writes to stdout must be part of a well-formed frame.
 */
class LspStdioTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Three Adlam letters outside the Basic Multilingual Plane: 3 code points, 6 UTF-16 chars. */
  private static final String ADLAM = "\uD83A\uDD22\uD83A\uDD23\uD83A\uDD24";
  private static final String URI = "file:///work/yoruba.terms";

  @Test
  void lsp_scriptedClientOverStdio_diagnosticFormattingCompletionHoverAndExitZero() throws Exception {
    Process process = ChildCli.builder(List.of(), "lsp", "--debounce-ms", "0", "--collective", "masakhane")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (Client client = new Client(process)) {
      JsonNode init = client.request("initialize", Map.of("processId", ProcessHandle.current().pid(),
          "rootUri", "file:///work", "capabilities", Map.of()));
      JsonNode capabilities = init.path("result").path("capabilities");
      assertEquals(1, capabilities.path("textDocumentSync").asInt(), init::toString);
      assertTrue(capabilities.path("documentFormattingProvider").asBoolean(), init::toString);
      assertTrue(capabilities.path("hoverProvider").asBoolean(), init::toString);
      client.notify("initialized", Map.of());

      // A typo after a name of astral characters: the range must count UTF-16 units, not code points.
      String typo = "pay collective \"" + ADLAM + "\"; allow trian";
      client.notify("textDocument/didOpen", Map.of("textDocument",
          Map.of("uri", URI, "languageId", "terms", "version", 1, "text", typo)));
      JsonNode published = client.notification("textDocument/publishDiagnostics", 1);
      JsonNode diagnostic = published.path("params").path("diagnostics").get(0);
      assertEquals(1, published.path("params").path("diagnostics").size(), published::toString);
      assertEquals("{\"start\":{\"line\":0,\"character\":31},\"end\":{\"line\":0,\"character\":36}}",
          diagnostic.path("range").toString());
      assertEquals("unknown-word", diagnostic.path("code").asText());
      assertEquals(1, diagnostic.path("severity").asInt());
      assertEquals("unknown word 'trian'\nhelp: did you mean 'train'?", diagnostic.path("message").asText());

      String messy = "no-train until 2027-01-01 ;eval   if attribution";
      change(client, 2, messy);
      assertEquals(0, client.notification("textDocument/publishDiagnostics", 2)
          .path("params").path("diagnostics").size());
      JsonNode edits = client.request("textDocument/formatting", Map.of("textDocument", Map.of("uri", URI),
          "options", Map.of("tabSize", 2, "insertSpaces", true))).path("result");
      assertEquals(1, edits.size(), edits::toString);
      assertEquals("deny train until 2027-01-01; allow eval if attribution\n", edits.get(0).path("newText").asText());

      change(client, 3, "allow train if pay ");
      JsonNode completion = client.request("textDocument/completion", Map.of("textDocument", Map.of("uri", URI),
          "position", Map.of("line", 0, "character", 19))).path("result");
      List<String> labels = new ArrayList<>();
      completion.forEach(item -> labels.add(item.path("label").asText()));
      assertEquals(List.of("collective"), labels);

      change(client, 4, "deny train until 2027-01-01; allow eval if attribution");
      JsonNode hover = client.request("textDocument/hover", Map.of("textDocument", Map.of("uri", URI),
          "position", Map.of("line", 0, "character", 35))).path("result");
      String markdown = hover.path("contents").path("value").asText();
      assertEquals("markdown", hover.path("contents").path("kind").asText());
      assertTrue(markdown.startsWith("`allow eval if attribution` at "), markdown);
      assertTrue(markdown.contains("| eval | obligation: attribution | obligation: attribution |"), markdown);
      assertEquals("{\"start\":{\"line\":0,\"character\":29},\"end\":{\"line\":0,\"character\":54}}",
          hover.path("range").toString());

      JsonNode shutdown = client.request("shutdown", null);
      assertTrue(shutdown.has("result") && shutdown.path("result").isNull(), shutdown::toString);
      client.notify("exit", null);
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the server did not exit");
      assertEquals(0, process.exitValue());
      client.assertOnlyFramesOnStdout();
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void lsp_exitWithoutShutdown_exitCodeOne() throws Exception {
    Process process = ChildCli.builder(List.of(), "lsp").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (Client client = new Client(process)) {
      client.request("initialize", Map.of("capabilities", Map.of()));
      client.notify("exit", null);
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the server did not exit");
      assertEquals(1, process.exitValue());
      client.assertOnlyFramesOnStdout();
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void lspHelp_listedWithWholeSummary_endsWithAnExample() {
    CliRunner.Result top = CliRunner.run("--help");
    // The summary, its wrapped lines joined, is one whole sentence.
    assertTrue(top.out().replaceAll("\\s+", " ")
        .contains(" lsp Run the language server for .terms files (LSP over stdin and stdout). help "), top.out());
    CliRunner.Result help = CliRunner.run("lsp", "--help");
    List<String> lines = help.out().strip().lines().toList();
    assertEquals(0, help.exitCode());
    assertEquals("Example:", lines.get(lines.size() - 2));
    assertEquals("  flywheel-policy lsp --collective masakhane --collective \"Te Hiku Media\"",
        lines.get(lines.size() - 1));
  }

  @Test
  void lsp_debounceOutOfRange_usageErrorExitTwo() {
    CliRunner.Result r = CliRunner.run("lsp", "--debounce-ms", "60001");
    assertEquals(2, r.exitCode());
    assertEquals("flywheel-policy lsp: --debounce-ms must be between 0 and 60000, got 60001\n"
        + "Run 'flywheel-policy lsp --help' for usage.\n", r.err());
    assertEquals("", r.out());
  }

  private static void change(Client client, int version, String text) throws IOException {
    client.notify("textDocument/didChange", Map.of(
        "textDocument", Map.of("uri", URI, "version", version),
        "contentChanges", List.of(Map.of("text", text))));
  }

  /** A client that frames JSON-RPC messages by hand, as the protocol's base layer specifies. */
  private static final class Client implements AutoCloseable {
    private final OutputStream toServer;
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final List<JsonNode> pending = new ArrayList<>();
    private final Thread reader;
    private volatile String framingError;
    private int nextId = 1;

    Client(Process process) {
      this.toServer = process.getOutputStream();
      InputStream fromServer = process.getInputStream();
      reader = new Thread(() -> readFrames(fromServer), "lsp-test-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void readFrames(InputStream in) {
      try {
        while (true) {
          int length = -1;
          String line;
          while (!(line = readHeaderLine(in)).isEmpty()) {
            if (line.startsWith("Content-Length: ")) {
              length = Integer.parseInt(line.substring("Content-Length: ".length()));
            } else if (!line.startsWith("Content-Type: ")) {
              framingError = "not a header: " + line;
              return;
            }
          }
          if (length < 0) {
            framingError = "a frame without Content-Length";
            return;
          }
          byte[] body = in.readNBytes(length);
          if (body.length != length) {
            framingError = "a frame cut short";
            return;
          }
          received.add(JSON.readTree(body));
        }
      } catch (EndOfInput end) {
        // The server closed stdout between frames: fine.
      } catch (IOException | RuntimeException e) {
        framingError = "unreadable output: " + e;
      }
    }

    /** One header line without its CRLF; EndOfInput when the stream ends before a line starts. */
    private static String readHeaderLine(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int previous = -1;
      while (true) {
        int b = in.read();
        if (b < 0) {
          if (line.size() == 0) {
            throw new EndOfInput();
          }
          throw new IOException("output ends inside a header");
        }
        if (previous == '\r' && b == '\n') {
          byte[] bytes = line.toByteArray();
          return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
        }
        line.write(b);
        previous = b;
        if (line.size() > 200) {
          throw new IOException("a header line over 200 bytes: not protocol output");
        }
      }
    }

    void send(Map<String, Object> message) throws IOException {
      byte[] body = JSON.writeValueAsBytes(message);
      toServer.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      toServer.write(body);
      toServer.flush();
    }

    void notify(String method, Object params) throws IOException {
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("jsonrpc", "2.0");
      message.put("method", method);
      if (params != null) {
        message.put("params", params);
      }
      send(message);
    }

    JsonNode request(String method, Object params) throws IOException, InterruptedException {
      int id = nextId++;
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("jsonrpc", "2.0");
      message.put("id", id);
      message.put("method", method);
      if (params != null) {
        message.put("params", params);
      }
      send(message);
      return await(node -> node.path("id").asInt(-1) == id && !node.has("method"), method + " #" + id);
    }

    /** The next notification {@code method} for document version {@code version}. */
    JsonNode notification(String method, int version) throws InterruptedException {
      return await(node -> method.equals(node.path("method").asText())
          && node.path("params").path("version").asInt(-1) == version, method + " v" + version);
    }

    private JsonNode await(java.util.function.Predicate<JsonNode> wanted, String what) throws InterruptedException {
      for (JsonNode node : pending) {
        if (wanted.test(node)) {
          pending.remove(node);
          return node;
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        JsonNode node = received.poll(1, TimeUnit.SECONDS);
        if (node == null) {
          assertEquals(null, framingError, "the server's stdout is not protocol frames only");
          continue;
        }
        if (wanted.test(node)) {
          return node;
        }
        pending.add(node);
      }
      throw new AssertionError("no " + what + " from the server; received " + pending);
    }

    void assertOnlyFramesOnStdout() throws InterruptedException {
      reader.join(TimeUnit.SECONDS.toMillis(30));
      assertEquals(null, framingError, "the server's stdout is not protocol frames only");
    }

    @Override
    public void close() throws IOException {
      toServer.close();
    }
  }

  private static final class EndOfInput extends IOException {
    private static final long serialVersionUID = 1L;
  }
}
