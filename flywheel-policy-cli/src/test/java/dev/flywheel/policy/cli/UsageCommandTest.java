package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code filter --usage} on SQLite across runs, the {@code usage} command, and stores that cannot be used. */
class UsageCommandTest {

  @TempDir
  Path dir;

  private Path readOnly;

  @AfterEach
  void release() throws Exception {
    if (readOnly != null) {
      UsageStoreFiles.makeWritable(readOnly);
    }
  }

  private CliRunner.Result filter(Path in, String at, Path store, String tag) {
    List<String> args = new ArrayList<>(List.of("filter", "--purpose", "train", "--at", at, "--honour", "quota",
        "--in", in.toString(), "--out", dir.resolve(tag + "-allowed.jsonl").toString(),
        "--denied", dir.resolve(tag + "-denied.jsonl").toString(),
        "--ledger", dir.resolve(tag + "-ledger.json").toString()));
    if (store != null) {
      args.addAll(List.of("--usage", store.toString(), "--consumer", "acme"));
    }
    return CliRunner.run(args.toArray(String[]::new));
  }

  private List<String> ids(String file) throws IOException {
    List<String> ids = new ArrayList<>();
    for (JsonNode n : FilterCommandTest.readJsonl(dir.resolve(file))) {
      ids.add(n.get("record").get("id").asText());
    }
    return ids;
  }

  private List<String> reasons(String file) throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonNode n : FilterCommandTest.readJsonl(dir.resolve(file))) {
      out.add(n.get("reason").asText());
    }
    return out;
  }

  private JsonNode usageJson(Path store) throws IOException {
    CliRunner.Result r = CliRunner.run("usage", "--usage", store.toString(), "--format", "json");
    assertEquals(0, r.exitCode(), r.err());
    return Json.MAPPER.readTree(r.out());
  }

  @Test
  void filterUsage_twoRunsInMarchThenARerunThenApril_capHoldsAcrossRuns() throws IOException {
    Path first = UsageStoreFiles.cappedRecords(dir.resolve("first.jsonl"), "a", 1, 5, "c-1", 3);
    Path second = UsageStoreFiles.cappedRecords(dir.resolve("second.jsonl"), "b", 1, 4, "c-1", 3);
    Path store = dir.resolve("usage.db");

    CliRunner.Result r1 = filter(first, "2027-03-05", store, "r1");
    assertEquals(0, r1.exitCode(), r1.err());
    assertEquals(List.of("a-1", "a-2", "a-3"), ids("r1-allowed.jsonl"));
    assertTrue(r1.out().contains("quota counts kept in usage store sqlite:" + store.toAbsolutePath()
        + " for consumer acme"), r1.out());

    CliRunner.Result r2 = filter(second, "2027-03-20", store, "r2");
    assertEquals(0, r2.exitCode(), r2.err());
    assertEquals(List.of(), ids("r2-allowed.jsonl"));
    assertEquals(List.of("quota", "quota", "quota", "quota"), reasons("r2-denied.jsonl"));

    CliRunner.Result again = filter(first, "2027-03-20", store, "again");
    assertEquals(0, again.exitCode(), again.err());
    assertEquals(List.of("a-1", "a-2", "a-3"), ids("again-allowed.jsonl"));
    assertEquals(List.of("quota", "quota"), reasons("again-denied.jsonl"));
    JsonNode march = usageJson(store).get("counters");
    assertEquals(1, march.size(), march.toString());
    assertEquals(3, march.get(0).get("used").asLong(), "the re-run counted nothing new");
    assertEquals("2027-03-01T00:00:00Z", march.get(0).get("periodStart").asText());

    CliRunner.Result april = filter(second, "2027-04-02", store, "april");
    assertEquals(0, april.exitCode(), april.err());
    assertEquals(List.of("b-1", "b-2", "b-3"), ids("april-allowed.jsonl"));
    JsonNode both = usageJson(store).get("counters");
    assertEquals(2, both.size(), both.toString());
    assertEquals("2027-04-01T00:00:00Z", both.get(1).get("periodStart").asText());
    assertEquals(3, both.get(1).get("used").asLong());
    JsonNode ledger = Json.MAPPER.readTree(dir.resolve("april-ledger.json").toFile());
    assertEquals("acme", ledger.get("usage").get("consumer").asText());
    assertEquals("sqlite:" + store.toAbsolutePath(), ledger.get("usage").get("store").asText());
  }

  @Test
  void filter_withoutUsage_eachRunCountsFromZeroAndSaysSo() throws IOException {
    Path first = UsageStoreFiles.cappedRecords(dir.resolve("first.jsonl"), "a", 1, 5, "c-1", 3);
    CliRunner.Result r1 = filter(first, "2027-03-05", null, "r1");
    CliRunner.Result r2 = filter(first, "2027-03-20", null, "r2");
    assertEquals(0, r2.exitCode(), r2.err());
    assertEquals(ids("r1-allowed.jsonl"), ids("r2-allowed.jsonl"));
    assertEquals(3, ids("r2-allowed.jsonl").size());
    assertTrue(r1.out().endsWith("quota counts are for this run only\n"), r1.out());
    assertTrue(Json.MAPPER.readTree(dir.resolve("r2-ledger.json").toFile()).get("usage").get("store").isNull());
  }

  @Test
  void usage_textForOneConsumer_listsItsCountersOnly() throws IOException {
    Path first = UsageStoreFiles.cappedRecords(dir.resolve("first.jsonl"), "a", 1, 2, "c-1", 3);
    Path store = dir.resolve("usage.db");
    assertEquals(0, filter(first, "2027-03-05", store, "r1").exitCode());
    assertEquals(0, CliRunner.run("filter", "--purpose", "train", "--at", "2027-03-05", "--honour", "quota",
        "--in", first.toString(), "--usage", store.toString(), "--consumer", "other").exitCode());
    CliRunner.Result r = CliRunner.run("usage", "--usage", store.toString(), "--consumer", "acme");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("usage store sqlite:" + store.toAbsolutePath() + ": 1 counter\n"
        + "acme: quota of contributor c-1: 2/3 per month from 2027-03-01T00:00:00Z\n", r.out());
    assertEquals(2, usageJson(store).get("counters").size());
  }

  @Test
  void filter_usageWithoutConsumer_usageErrorNothingCreated() throws IOException {
    Path first = UsageStoreFiles.cappedRecords(dir.resolve("first.jsonl"), "a", 1, 2, "c-1", 3);
    Path store = dir.resolve("usage.db");
    CliRunner.Result r = CliRunner.run("filter", "--purpose", "train", "--in", first.toString(),
        "--usage", store.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--usage needs --consumer"), r.err());
    CliRunner.Result other = CliRunner.run("filter", "--purpose", "train", "--in", first.toString(),
        "--consumer", "acme");
    assertEquals(2, other.exitCode());
    assertFalse(Files.exists(store));
  }

  /** Exit 1, one line naming the store and the problem, no stack trace, no output file created. */
  private void assertRefused(String location, String expected) throws IOException {
    Path first = UsageStoreFiles.cappedRecords(dir.resolve("in.jsonl"), "a", 1, 2, "c-1", 3);
    CliRunner.Result r = CliRunner.run("filter", "--purpose", "train", "--at", "2027-03-05", "--honour", "quota",
        "--in", first.toString(), "--out", dir.resolve("bad-allowed.jsonl").toString(),
        "--ledger", dir.resolve("bad-ledger.json").toString(), "--usage", location, "--consumer", "acme");
    assertEquals(1, r.exitCode(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("flywheel-policy: usage store "), r.err());
    assertTrue(r.err().contains(expected), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    assertFalse(r.err().contains("secret"), "a password in the URL is never printed");
    assertFalse(Files.exists(dir.resolve("bad-allowed.jsonl")));
    assertFalse(Files.exists(dir.resolve("bad-ledger.json")));
    try (var files = Files.list(dir)) {
      assertFalse(files.anyMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary file left");
    }
  }

  @Test
  void filterUsage_unreachableServer_exit1OneLineNothingWritten() throws IOException {
    assertRefused("jdbc:postgresql://127.0.0.1:1/usage?user=u&password=secret", "cannot be reached");
  }

  @Test
  void filterUsage_fileThatIsNotADatabase_exit1FileUnchanged() throws IOException {
    Path file = dir.resolve("notes.db");
    byte[] text = "these are notes, not a database; ".repeat(40).getBytes(StandardCharsets.UTF_8);
    Files.write(file, text);
    assertRefused(file.toString(), "not a database");
    assertArrayEquals(text, Files.readAllBytes(file));
  }

  @Test
  void filterUsage_sqliteDatabaseOfSomethingElse_exit1Unchanged() throws Exception {
    Path file = dir.resolve("other.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE customers (id INTEGER)");
    }
    byte[] before = Files.readAllBytes(file);
    assertRefused(file.toString(), "other tables");
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void filterUsage_readOnlyFile_exit1Unchanged() throws Exception {
    Path store = dir.resolve("usage.db");
    Path first = UsageStoreFiles.cappedRecords(dir.resolve("first.jsonl"), "a", 1, 2, "c-1", 3);
    assertEquals(0, filter(first, "2027-03-05", store, "r1").exitCode());
    byte[] before = Files.readAllBytes(store);
    readOnly = store;
    UsageStoreFiles.makeReadOnly(store);
    assertRefused(store.toString(), "read-only");
    assertArrayEquals(before, Files.readAllBytes(store));
  }

  @Test
  void filterUsage_schemaOfANewerVersion_exit1Unchanged() throws Exception {
    Path store = dir.resolve("usage.db");
    Path first = UsageStoreFiles.cappedRecords(dir.resolve("first.jsonl"), "a", 1, 2, "c-1", 3);
    assertEquals(0, filter(first, "2027-03-05", store, "r1").exitCode());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store); Statement st = c.createStatement()) {
      st.execute("UPDATE flywheel_usage_schema SET version = 2");
    }
    byte[] before = Files.readAllBytes(store);
    assertRefused(store.toString(), "schema version 2, newer than the 1");
    assertArrayEquals(before, Files.readAllBytes(store));
  }

  @Test
  void usage_missingFolder_exit1() {
    CliRunner.Result r = CliRunner.run("usage", "--usage", dir.resolve("no/such/usage.db").toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.err().contains("its folder does not exist"), r.err());
  }
}
