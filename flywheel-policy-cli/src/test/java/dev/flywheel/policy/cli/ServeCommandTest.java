package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} as a user runs it: a child process that prints its address, answers, and stops on SIGTERM. */
class ServeCommandTest {

  @Test
  void serve_freePort_answersThenStopsOnSigtermWith143() throws Exception {
    Process process = ChildCli.builder(List.of("-Xmx128m"), "serve", "--port", "0")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      assertTrue(first != null && first.startsWith("listening on http://127.0.0.1:"), String.valueOf(first));
      URI base = URI.create(first.substring("listening on ".length()));
      HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/health"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      assertEquals("{\"status\":\"ok\"}", health.body());
      ChildCli.signal(process, "TERM");
      assertTrue(process.waitFor(60, TimeUnit.SECONDS));
      assertEquals(143, process.exitValue());
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void serve_registerWithoutTrust_usageError() {
    CliRunner.Result result = CliRunner.run("serve", "--port", "0", "--register", "somewhere");
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("--register needs --trust"), result.err());
  }

  @Test
  void serve_limitOutOfRange_usageError() {
    assertEquals(2, CliRunner.run("serve", "--port", "0", "--max-body-bytes", "10").exitCode());
    assertEquals(2, CliRunner.run("serve", "--port", "70000").exitCode());
  }

  @Test
  void serve_registerThatFailsVerification_exit1AndNothingServed(@TempDir Path dir) throws Exception {
    Path register = Files.createDirectory(dir.resolve("register"));
    Files.writeString(register.resolve("checkpoint.json"), "{}\n");
    Files.writeString(register.resolve("entries.jsonl"), "");
    Path key = Files.writeString(dir.resolve("operator.pub"), "not a key\n");
    CliRunner.Result result = CliRunner.run("serve", "--port", "0", "--register", register.toString(), "--trust",
        key.toString());
    assertEquals(1, result.exitCode());
    assertTrue(result.err().contains("the register fails verification"), result.err());
  }
}
