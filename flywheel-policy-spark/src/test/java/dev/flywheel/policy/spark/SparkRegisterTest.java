package dev.flywheel.policy.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.filter.DenialReason;
import dev.flywheel.policy.filter.FilterLimits;
import dev.flywheel.policy.filter.Ledger;
import dev.flywheel.policy.filter.LedgerJson;
import dev.flywheel.policy.filter.RecordFilter;
import dev.flywheel.policy.records.RecordValidator;
import dev.flywheel.policy.register.RecordDigest;
import dev.flywheel.policy.register.Register;
import dev.flywheel.policy.register.RegisterEntry;
import dev.flywheel.policy.register.testing.SignedRegister;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job under a verified register gives, line for line and in its ledger, what {@link RecordFilter} gives
 * under the same register: the register shipped to the executors decides exactly as on one machine.
 */
class SparkRegisterTest {
  private static final Path EXAMPLE = Path.of("..", "examples", "contributions.jsonl");
  private static final Instant AT = Instant.parse("2027-03-01T00:00:00Z");
  private static final Request TRAIN = new Request(Purpose.TRAIN, Set.of(), AT,
      Set.of(ObligationType.ATTRIBUTION, ObligationType.PAYMENT, ObligationType.QUOTA));

  private static final RecordValidator VALIDATOR = RecordValidator.withDefaults();

  @TempDir
  static Path tmp;

  private static SparkSession spark;
  private static Register register;

  @BeforeAll
  static void publish() throws Exception {
    spark = LocalSpark.session();
    ObjectMapper mapper = new ObjectMapper();
    List<String> lines = Files.readAllLines(EXAMPLE, StandardCharsets.UTF_8);
    TreeSet<String> masakhane = new TreeSet<>();
    List<String> digests = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      byte[] bytes = lines.get(i).getBytes(StandardCharsets.UTF_8);
      JsonNode node;
      try {
        node = mapper.readTree(bytes);
      } catch (Exception invalidLine) {
        continue;
      }
      if (node != null && node.path("collectives").toString().contains("\"masakhane\"")) {
        masakhane.add(node.path("contributor").asText());
      }
      if (i < 1500 && VALIDATOR.validate(bytes).isValid()) { // valid records only; the last 500 never released
        digests.add(RecordDigest.of(bytes));
      }
    }
    SignedRegister reg = new SignedRegister(tmp.resolve("reg"));
    reg.admit(RegisterEntry.STEWARD, "2026-01-01T00:00:00Z");
    reg.admit("masakhane", "2026-01-01T00:00:00Z");
    reg.roster("masakhane", "2026-01-02T00:00:00Z", "2026-01-02T00:00:00Z", List.copyOf(masakhane));
    reg.statement("masakhane", "2026-01-02T00:00:00Z", "eval-only", null);
    reg.release("2026-12", "2026-12-01T00:00:00Z", digests);
    reg.withdraw(RegisterEntry.STEWARD, "2027-01-01T00:00:00Z", "2027-01-01T00:00:00Z",
        List.of("rec-000003", "rec-000005", "rec-000010"), List.of("c-0064"));
    register = reg.register();
  }

  private record Line(long line, String outcome, String reason, String decisionJson) {}

  private static void assertSameAsRecordFilter(boolean requireRelease, long splitBytes) throws Exception {
    RecordFilter filter = RecordFilter.builder(PolicyEngine.builder().build()).request(TRAIN).register(register)
        .requireRelease(requireRelease).build();
    List<Line> expected = new ArrayList<>();
    Ledger ledger;
    try (InputStream in = Files.newInputStream(EXAMPLE)) {
      ledger = filter.filter(in, l -> expected.add(new Line(l.lineNumber(), l.outcome().word(),
          l.reason().map(DenialReason::word).orElse(null),
          l.decision().map(dev.flywheel.policy.json.DecisionJson::toJsonString).orElse(null))));
    }
    try (SparkFilterResult result = SparkRecordFilter.create(TRAIN, FilterLimits.DEFAULTS, register, requireRelease)
        .filter(SparkRecordFilter.readJsonLines(spark, EXAMPLE.toString(), splitBytes))) {
      List<Line> actual = new ArrayList<>();
      for (Row row : result.lines().orderBy("line").collectAsList()) {
        actual.add(new Line(row.getLong(0), row.getString(1), row.getString(2), row.getString(10)));
      }
      assertEquals(expected, actual);
      assertEquals(LedgerJson.toJson(ledger), LedgerJson.toJson(result.ledger()));
      assertTrue(ledger.count(DenialReason.WITHDRAWN) > 0, "withdrawn denials");
      assertTrue(ledger.embeddedIgnored() > 0, "masakhane's embedded statements ignored");
      assertTrue(ledger.matchedRelease() > 0, "records in the release");
      assertEquals(requireRelease, ledger.count(DenialReason.UNRELEASED) > 0, "unreleased denials");
    }
  }

  @Test
  void filter_underRegisterRequiringReleaseInManyPartitions_equalsRecordFilter() throws Exception {
    assertSameAsRecordFilter(true, 64 * 1024);
  }
}
