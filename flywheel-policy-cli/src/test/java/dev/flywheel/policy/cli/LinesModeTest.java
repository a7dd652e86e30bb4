package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code validate --lines -} and {@code decide --lines -} driven through a real process's stdin and stdout: each
 * answer is read before the next line is written, so an answer that waited for more input (not flushed) would hang
 * the test rather than pass it.
 */
class LinesModeTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void validateLines_oneJsonAnswerPerLine_flushedBeforeTheNextLine() throws Exception {
    Process process = ChildCli.builder(List.of("-Xmx128m"), "validate", "--lines", "-")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (OutputStream in = process.getOutputStream();
         BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
             StandardCharsets.UTF_8))) {
      JsonNode first = ask(in, out, "eval-only");
      assertTrue(first.get("valid").booleanValue());
      assertEquals("eval-only", first.get("canonical").asText());
      // An astral character before the typo: code points and UTF-16 units differ by one.
      JsonNode second = ask(in, out, "pay collective \"\uD835\uDD18nion\" ; trian");
      JsonNode typo = second.get("diagnostics").get(1);
      assertEquals(25, typo.get("offset").intValue());
      assertEquals(26, typo.get("utf16Offset").intValue());
      JsonNode crlf = ask(in, out, "no-train\r");
      assertEquals("deny train", crlf.get("canonical").asText());
      in.write(new byte[] {(byte) 0xC3, '(', '\n'});
      in.flush();
      assertEquals("invalid-unicode", MAPPER.readTree(out.readLine()).get("diagnostics").get(0).get("code").asText());
      JsonNode tooLong = ask(in, out, "a".repeat(TermsArguments.MAX_STDIN_BYTES + 10));
      assertEquals("input-too-long", tooLong.get("diagnostics").get(0).get("code").asText());
      assertTrue(ask(in, out, "eval-only").get("valid").booleanValue(), "the line after a long one is its own");
    }
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, process.exitValue(), "some lines were invalid");
  }

  @Test
  void decideLines_oneDecisionPerLine_flushedBeforeTheNextLine() throws Exception {
    Process process = ChildCli.builder(List.of("-Xmx128m"), "decide", "--purpose", "train", "--honour",
        "attribution", "--at", "2027-03-01", "--lines", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (OutputStream in = process.getOutputStream();
         BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
             StandardCharsets.UTF_8))) {
      JsonNode obligation = ask(in, out, "train if attribution");
      assertEquals("obligation", obligation.get("decision").asText());
      assertTrue(obligation.get("allowed").booleanValue());
      assertEquals(20, obligation.get("reasons").get(0).get("utf16Length").intValue());
      assertEquals("deny", ask(in, out, "deny train until 2028-01-01; allow train").get("decision").asText());
      assertEquals("allow", ask(in, out, "deny train until 2027-01-01; allow train").get("decision").asText());
      JsonNode invalid = ask(in, out, "trian");
      assertEquals("deny", invalid.get("decision").asText());
      assertEquals("error", invalid.get("basis").asText());
      assertFalse(invalid.get("allowed").booleanValue());
    }
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue());
  }

  @Test
  void validateLines_withTermsToo_usageError() {
    CliRunner.Result result = CliRunner.run("validate", "--lines", "-", "eval-only");
    assertEquals(2, result.exitCode());
  }

  private static JsonNode ask(OutputStream in, BufferedReader out, String line) throws Exception {
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
    String answer = out.readLine();
    assertTrue(answer != null, "no answer to " + line);
    return MAPPER.readTree(answer);
  }
}
