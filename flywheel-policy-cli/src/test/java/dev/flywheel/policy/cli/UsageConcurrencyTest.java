package dev.flywheel.policy.cli;

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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage store under real concurrency and real crashes: two child JVMs filtering overlapping inputs with 4 threads
 * each against one store at once, and a child killed with SIGKILL in the middle of a run, on SQLite and on a real
 * PostgreSQL server.
 */
class UsageConcurrencyTest {
  private static final int CONTRIBUTORS = 25;
  private static final int LIMIT = 20;

  @TempDir
  static Path dir;

  static PostgresServer postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  /** Records {@code r-from} to {@code r-(to-1)}, of contributors {@code c-(i % 25)}, each capped 20 per month. */
  private static Path overlapping(String name, int from, int to) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = from; i < to; i++) {
      lines.add("{\"schemaVersion\":1,\"id\":\"r-" + i + "\",\"contributor\":\"c-" + (i % CONTRIBUTORS)
          + "\",\"collectives\":[],\"provenance\":{\"source\":\"test.example/app\",\"method\":\"chat\","
          + "\"created\":\"2026-11-05T15:01:05Z\"},\"licence\":\"proprietary\",\"released\":null,"
          + "\"preference\":\"allow train; limit " + LIMIT + " per month\",\"tags\":{}}");
    }
    return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
  }

  private static ProcessBuilder child(Path in, Path out, String store, String... extra) {
    List<String> args = new ArrayList<>(List.of("filter", "--purpose", "train", "--at", "2027-03-05",
        "--honour", "quota", "--in", in.toString(), "--out", out.toString(), "--usage", store,
        "--consumer", "acme"));
    args.addAll(List.of(extra));
    return ChildCli.builder(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), args.toArray(String[]::new))
        .redirectError(ProcessBuilder.Redirect.INHERIT);
  }

  private static Set<String> allowedIds(Path out) throws IOException {
    Set<String> ids = new HashSet<>();
    for (JsonNode n : FilterCommandTest.readJsonl(out)) {
      ids.add(n.get("record").get("id").asText());
    }
    return ids;
  }

  private void twoProcessesAdmitExactlyTheLimit(String store, String tag) throws Exception {
    Path a = overlapping(tag + "-a.jsonl", 0, 3000);
    Path b = overlapping(tag + "-b.jsonl", 1500, 4500);
    Path outA = dir.resolve(tag + "-a-allowed.jsonl");
    Path outB = dir.resolve(tag + "-b-allowed.jsonl");
    Process pa = child(a, outA, store, "--threads", "4").start();
    Process pb = child(b, outB, store, "--threads", "4").start();
    assertTrue(pa.waitFor(120, TimeUnit.SECONDS) && pb.waitFor(120, TimeUnit.SECONDS), "the runs finish");
    assertEquals(0, pa.exitValue());
    assertEquals(0, pb.exitValue());
    Set<String> union = new HashSet<>(allowedIds(outA));
    union.addAll(allowedIds(outB));
    Map<String, Integer> perContributor = new TreeMap<>();
    for (String id : union) {
      perContributor.merge("c-" + (Integer.parseInt(id.substring(2)) % CONTRIBUTORS), 1, Integer::sum);
    }
    assertEquals(CONTRIBUTORS, perContributor.size(), perContributor.toString());
    for (Map.Entry<String, Integer> e : perContributor.entrySet()) {
      assertEquals(LIMIT, e.getValue(), "distinct items admitted for " + e.getKey() + " in March");
    }
    Map<String, Long> used = used(store);
    assertEquals(CONTRIBUTORS, used.size());
    used.values().forEach(n -> assertEquals(LIMIT, n));
  }

  @Test
  void filterUsage_twoProcessesFourThreadsOverlappingInputsOnPostgres_exactlyTheLimitPerPeriod() throws Exception {
    twoProcessesAdmitExactlyTheLimit(postgres.newDatabase("overlap"), "pg");
  }

  @Test
  void filterUsage_twoProcessesFourThreadsOverlappingInputsOnSqlite_exactlyTheLimitPerPeriod() throws Exception {
    twoProcessesAdmitExactlyTheLimit(dir.resolve("overlap.db").toString(), "sqlite");
  }

  private void killedMidRunThenRerun(String killedStore, String referenceStore, String tag) throws Exception {
    Path in = dir.resolve(tag + "-generated.jsonl");
    CliRunner.Result gen = CliRunner.run("generate", "--records", "30000", "--seed", "5", "--out", in.toString());
    assertEquals(0, gen.exitCode(), gen.err());
    // The reference: one uninterrupted run against a store of its own.
    Path reference = dir.resolve(tag + "-reference.jsonl");
    CliRunner.Result whole = CliRunner.run("filter", "--purpose", "train", "--at", "2027-03-05", "--honour", "quota",
        "--honour", "attribution", "--honour", "payment", "--in", in.toString(), "--out", reference.toString(),
        "--usage", referenceStore, "--consumer", "acme");
    assertEquals(0, whole.exitCode(), whole.err());

    Path killedOut = dir.resolve(tag + "-killed.jsonl");
    Process p = child(in, killedOut, killedStore, "--honour", "attribution", "--honour", "payment").start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (total(killedStore) == 0 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(p.isAlive(), "the run was still going when it was killed");
    p.destroyForcibly();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertFalse(Files.exists(killedOut), "a killed run emits nothing");
    Map<String, Long> afterKill = used(killedStore);
    Map<String, Long> limits = limits(killedStore);
    assertFalse(afterKill.isEmpty(), "the killed run had committed reservations");
    afterKill.forEach((k, n) -> assertTrue(n <= limits.get(k), k + " over its cap: " + n));
    assertConsistent(killedStore);

    Path rerun = dir.resolve(tag + "-rerun.jsonl");
    CliRunner.Result again = CliRunner.run("filter", "--purpose", "train", "--at", "2027-03-05", "--honour", "quota",
        "--honour", "attribution", "--honour", "payment", "--in", in.toString(), "--out", rerun.toString(),
        "--usage", killedStore, "--consumer", "acme");
    assertEquals(0, again.exitCode(), again.err());
    assertEquals(Files.readString(reference), Files.readString(rerun), "the re-run admits what one run would");
    assertEquals(used(referenceStore), used(killedStore), "nothing counted twice");
    assertConsistent(killedStore);
  }

  @Test
  void filterUsage_killedMidRunOnSqlite_rerunAdmitsTheSameAndCountsNothingTwice() throws Exception {
    killedMidRunThenRerun(dir.resolve("killed.db").toString(), dir.resolve("reference.db").toString(), "sqlite");
  }

  @Test
  void filterUsage_killedMidRunOnPostgres_rerunAdmitsTheSameAndCountsNothingTwice() throws Exception {
    killedMidRunThenRerun(postgres.newDatabase("killed"), postgres.newDatabase("reference"), "pg");
  }

  @Test
  void filterUsage_serverDropsTheConnectionMidRun_cappedRecordsDeniedUsageUnavailable() throws Exception {
    String url = postgres.newDatabase("dropped");
    Path in = overlapping("dropped.jsonl", 0, 50);
    try (dev.flywheel.policy.usage.UsageStore store = ((dev.flywheel.policy.usage.StoreResult.Ok<
        dev.flywheel.policy.usage.UsageStore>) dev.flywheel.policy.usage.UsageStore.open(url)).value()) {
      dev.flywheel.policy.usage.QuotaCounter counter = store.counter("acme");
      assertEquals("postgresql", store.kind());
      assertEquals("postgresql", counter.kind());
      try (Connection admin = connect(postgres.url("postgres")); Statement st = admin.createStatement()) {
        st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'dropped'");
      }
      dev.flywheel.policy.filter.RecordFilter filter = dev.flywheel.policy.filter.RecordFilter
          .builder(dev.flywheel.policy.PolicyEngine.builder().build())
          .request(dev.flywheel.policy.Request.of(dev.flywheel.policy.Purpose.TRAIN)
              .at(java.time.Instant.parse("2027-03-05T00:00:00Z"))
              .honouring(dev.flywheel.policy.ObligationType.QUOTA))
          .usage(counter).build();
      List<dev.flywheel.policy.filter.FilteredLine> lines = new ArrayList<>();
      dev.flywheel.policy.filter.Ledger ledger;
      try (var input = Files.newInputStream(in)) {
        ledger = filter.filter(input, lines::add);
      }
      assertEquals(50, lines.size());
      assertEquals(0, ledger.allowed(), "fail closed: nothing allowed whose cap could not be checked");
      assertEquals(50, ledger.count(dev.flywheel.policy.filter.DenialReason.USAGE_UNAVAILABLE));
      assertTrue(counter.lastError().isPresent());
      assertTrue(counter.lastError().get().message().startsWith("usage store postgresql://localhost:"),
          counter.lastError().get().message());
    }
  }

  // ---- Reading a store directly ----

  private static Connection connect(String store) throws SQLException {
    return DriverManager.getConnection(store.startsWith("jdbc:") ? store : "jdbc:sqlite:" + store);
  }

  /** Items counted so far; 0 while the store has no tables yet. */
  private static long total(String store) {
    try (Connection c = connect(store); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COALESCE(SUM(used), 0) FROM flywheel_usage_counter")) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      return 0;
    }
  }

  private static Map<String, Long> used(String store) throws SQLException {
    return column(store, "used");
  }

  private static Map<String, Long> limits(String store) throws SQLException {
    return column(store, "quota_limit");
  }

  private static Map<String, Long> column(String store, String column) throws SQLException {
    Map<String, Long> out = new HashMap<>();
    try (Connection c = connect(store); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT consumer, owner_kind, owner, period, period_start, " + column
            + " FROM flywheel_usage_counter WHERE used > 0")) {
      while (rs.next()) {
        out.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3) + "/" + rs.getString(4) + "/"
            + rs.getString(5), rs.getLong(6));
      }
    }
    return out;
  }

  /** Each counter's count equals its item rows: an item counted twice would show as a difference. */
  private static void assertConsistent(String store) throws SQLException {
    try (Connection c = connect(store); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT c.id, c.used, (SELECT COUNT(*) FROM flywheel_usage_item i"
            + " WHERE i.counter_id = c.id) FROM flywheel_usage_counter c")) {
      while (rs.next()) {
        assertEquals(rs.getLong(2), rs.getLong(3), "counter " + rs.getLong(1));
      }
    }
  }
}
