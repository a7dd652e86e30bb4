package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate --records}, {@code decide --item} and {@code filter} on records whose bytes are not well-formed
 * Unicode: each such record is invalid ({@code invalid-unicode}), never allowed, and its bytes reach no output.
 */
class RecordBytesCommandsTest {
  private static final String RECORD = "{\"schemaVersion\":1,\"id\":\"rec-ID\",\"contributor\":\"c-1\","
      + "\"collectives\":[\"masakhane\"],\"provenance\":{\"source\":\"flywheel.example/chat\",\"method\":\"chat\","
      + "\"created\":\"2026-03-01T12:00:00Z\"},\"licence\":\"LicenseRef-x\",\"released\":null,"
      + "\"preference\":\"allow PREFERENCE\",\"tags\":{}}";
  private static final byte[] OVERLONG_T = {(byte) 0xC1, (byte) 0xB4};

  /** The record with {@code id}, its preference {@code allow} followed by {@code preference}'s bytes. */
  private static byte[] record(String id, byte[] preference) {
    String text = RECORD.replace("ID", id);
    int at = text.indexOf("PREFERENCE");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(preference);
    out.writeBytes(text.substring(at + "PREFERENCE".length()).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** {@code allow \xC1\xB4rain}: an overlong {@code t}. */
  private static byte[] overlong(String id) {
    ByteArrayOutputStream preference = new ByteArrayOutputStream();
    preference.writeBytes(OVERLONG_T);
    preference.writeBytes("rain".getBytes(StandardCharsets.US_ASCII));
    return record(id, preference.toByteArray());
  }

  private static byte[] train(String id) {
    return record(id, "train".getBytes(StandardCharsets.US_ASCII));
  }

  private static Path jsonl(Path dir, byte[]... lines) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] line : lines) {
      out.writeBytes(line);
      out.write('\n');
    }
    Path file = dir.resolve("records.jsonl");
    Files.write(file, out.toByteArray());
    return file;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static void assertStrictUtf8(Path file) throws IOException {
    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(file)));
  }

  @Test
  void review01_validateRecords_overlongUtf8Line_isInvalidUnicodeWithLineAndPointer(@TempDir Path dir)
      throws IOException {
    Path file = jsonl(dir, train("rec-1"), overlong("rec-2"), record("rec-3", "eval\\udc00".getBytes(
        StandardCharsets.US_ASCII)));
    CliRunner.Result text = CliRunner.run("validate", "--records", file.toString());
    assertEquals(1, text.exitCode(), text.out());
    assertTrue(text.out().endsWith("1 valid, 2 invalid\n"), text.out());
    CliRunner.Result json = CliRunner.run("validate", "--records", file.toString(), "--format", "json");
    int reported = 0;
    for (String line : json.out().split("\n")) {
      JsonNode node = Json.MAPPER.readTree(line);
      if (node.has("line") && !node.get("valid").asBoolean()) {
        JsonNode d = node.get("diagnostics").get(0);
        assertEquals("invalid-unicode", d.get("code").asText(), line);
        assertEquals("/preference", d.get("pointer").asText(), line);
        assertTrue(node.get("line").asInt() == 2 || node.get("line").asInt() == 3, line);
        reported++;
      }
    }
    assertEquals(2, reported, json.out());
  }

  @Test
  void review01_decideItem_overlongUtf8Record_isDenyWithInvalidUnicode(@TempDir Path dir) throws IOException {
    Path item = dir.resolve("item.json");
    Files.write(item, overlong("rec-1"));
    CliRunner.Result r = CliRunner.run("decide", "--purpose", "train", "--format", "json", "--item", item.toString());
    JsonNode node = Json.MAPPER.readTree(r.out());
    assertEquals("deny", node.get("decision").asText(), r.out());
    assertEquals("error", node.get("basis").asText());
    assertEquals("invalid-unicode", node.get("diagnostics").get(0).get("code").asText());
    assertFalse(node.get("allowed").asBoolean());
    Files.write(item, train("rec-1"));
    JsonNode plain = Json.MAPPER.readTree(CliRunner.run("decide", "--purpose", "train", "--format", "json", "--item",
        item.toString()).out());
    assertEquals("allow", plain.get("decision").asText(), "the same record with a plain t is allowed");
  }

  @Test
  void review01_filter_overlongUtf8Record_isInvalidAndItsBytesNeverReachTheAllowedOutput(@TempDir Path dir)
      throws IOException {
    Path in = jsonl(dir, train("rec-1"), overlong("rec-2"), train("rec-3"));
    Path allowed = dir.resolve("allowed.jsonl");
    Path denied = dir.resolve("denied.jsonl");
    Path ledger = dir.resolve("ledger.json");
    CliRunner.Result r = CliRunner.run("filter", "--purpose", "train", "--at", "2027-03-01", "--in", in.toString(),
        "--out", allowed.toString(), "--denied", denied.toString(), "--ledger", ledger.toString());
    assertEquals(0, r.exitCode(), r.err());
    byte[] allowedBytes = Files.readAllBytes(allowed);
    assertFalse(contains(allowedBytes, OVERLONG_T), "the allowed output carries the overlong bytes");
    assertStrictUtf8(allowed);
    assertStrictUtf8(denied);
    assertStrictUtf8(ledger);
    String allowedText = new String(allowedBytes, StandardCharsets.UTF_8);
    assertEquals(2, allowedText.lines().count(), allowedText);
    assertFalse(allowedText.contains("rec-2"), allowedText);
    JsonNode invalid = Json.MAPPER.readTree(Files.readString(denied).trim());
    assertEquals(2, invalid.get("line").asInt());
    assertEquals("invalid", invalid.get("outcome").asText());
    assertEquals("invalid-unicode", invalid.get("diagnostics").get(0).get("code").asText());
    assertEquals(1, Json.MAPPER.readTree(ledger.toFile()).get("records").get("invalid").asInt());
  }
}
