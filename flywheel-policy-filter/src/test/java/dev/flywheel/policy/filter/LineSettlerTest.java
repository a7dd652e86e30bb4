package dev.flywheel.policy.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines decided elsewhere and settled in input order give the outcomes and ledger of a filter run. */
class LineSettlerTest {
  private static final Request REQUEST = Request.of(Purpose.TRAIN)
      .honouring(ObligationType.ATTRIBUTION, ObligationType.QUOTA)
      .at(Instant.parse("2027-03-01T00:00:00Z"));

  @Test
  void settle_linesOfAFilterRunInOrder_sameOutcomesAndLedger() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      lines.add(FilterTestData.record("r" + i, "c" + (i % 3),
          i % 4 == 0 ? "deny train" : i % 4 == 1 ? "train if attribution" : "allow train if limit 2 per month"));
    }
    lines.add("{not json");
    lines.add(FilterTestData.collectiveRecord("r-x", "c1", "masakhane", "train if attribution and limit 1 per day"));
    lines.add(FilterTestData.collectiveRecord("r-y", "c2", "masakhane", "train if attribution and limit 1 per day"));
    RecordFilter filter = RecordFilter.builder(FilterTestData.ENGINE).request(REQUEST).build();
    List<FilteredLine> run = new ArrayList<>();
    Ledger expected = filter.filter(new ByteArrayInputStream(FilterTestData.jsonl(lines)), run::add);

    LineSettler settler = new LineSettler(REQUEST, FilterLimits.DEFAULTS);
    for (FilteredLine line : run) {
      FilteredLine settled = settler.settle(line.lineNumber(), line.validation(), line.decision().orElse(null));
      assertEquals(line.outcome(), settled.outcome(), line.toString());
      assertEquals(line.reason(), settled.reason(), line.toString());
      assertEquals(line.obligations(), settled.obligations(), line.toString());
    }
    assertEquals(LedgerJson.toJson(expected), LedgerJson.toJson(settler.ledger()));
    assertTrue(expected.count(DenialReason.QUOTA) > 0, "the lines exercise quotas");
  }

  @Test
  void settle_validRecordWithoutDecision_throws() throws IOException {
    RecordFilter filter = RecordFilter.builder(FilterTestData.ENGINE).request(REQUEST).build();
    List<FilteredLine> run = new ArrayList<>();
    filter.filter(new ByteArrayInputStream(FilterTestData.jsonl(List.of(
        FilterTestData.record("r1", "c1", "allow train")))), run::add);
    LineSettler settler = new LineSettler(REQUEST, FilterLimits.DEFAULTS);
    assertThrows(NullPointerException.class, () -> settler.settle(1, run.get(0).validation(), null));
  }

  @Test
  void new_requestWithoutTime_throws() {
    assertThrows(NullPointerException.class, () -> new LineSettler(Request.of(Purpose.TRAIN), FilterLimits.DEFAULTS));
  }
}
