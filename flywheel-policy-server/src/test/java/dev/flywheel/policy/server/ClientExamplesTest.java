package dev.flywheel.policy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Python and JavaScript client examples of docs/SERVER.md (examples/server/), run against a real server. */
class ClientExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "server");
  private static final List<String> EXPECTED = List.of(
      "rejected: unknown-word at 'trian': unknown word 'trian' (did you mean 'train'?)",
      "accepted: allow train if attribution",
      "decision: obligation allowed with attribution");
  private static PolicyServer server;

  @BeforeAll
  static void start() throws Exception {
    server = PolicyServer.start(ServerSettings.builder().port(0).build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void pythonClient_rejectsTypoAcceptsFixAndDecides() throws Exception {
    assertEquals(EXPECTED, run("python3", EXAMPLES.resolve("client.py").toString(), server.uri().toString()));
  }

  @Test
  void javascriptClient_rejectsTypoAcceptsFixAndDecides() throws Exception {
    assertEquals(EXPECTED, run("node", EXAMPLES.resolve("client.mjs").toString(), server.uri().toString()));
  }

  private static List<String> run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the example did not finish: " + out);
    }
    assertEquals(0, process.exitValue(), out);
    return out.lines().toList();
  }
}
