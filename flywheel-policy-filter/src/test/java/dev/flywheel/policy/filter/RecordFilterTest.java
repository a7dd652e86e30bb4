package dev.flywheel.policy.filter;

import static dev.flywheel.policy.filter.FilterTestData.ENGINE;
import static dev.flywheel.policy.filter.FilterTestData.collectiveRecord;
import static dev.flywheel.policy.filter.FilterTestData.filter;
import static dev.flywheel.policy.filter.FilterTestData.jsonl;
import static dev.flywheel.policy.filter.FilterTestData.record;
import static dev.flywheel.policy.filter.FilterTestData.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.terms.ParseResult;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RecordFilterTest {
  private static final Instant MARCH = Instant.parse("2027-03-15T10:00:00Z");
  private static final Request TRAIN_ALL = Request.of(Purpose.TRAIN).at(MARCH)
      .honouring(ObligationType.ATTRIBUTION, ObligationType.PAYMENT, ObligationType.QUOTA);

  private static List<String> capped(int n, String cap) {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      lines.add(collectiveRecord("rec-" + i, "c-" + i, "capped", "allow train if " + cap));
    }
    return lines;
  }

  @Test
  void filter_monthlyCap_capThRecordAllowedNextDenied() {
    FilterTestData.Run r = run(filter(TRAIN_ALL), jsonl(capped(5, "limit 3 per month")));
    assertEquals(List.of(Outcome.ALLOWED, Outcome.ALLOWED, Outcome.ALLOWED, Outcome.DENIED, Outcome.DENIED),
        r.lines().stream().map(FilteredLine::outcome).toList());
    assertEquals(DenialReason.QUOTA, r.lines().get(3).reason().orElseThrow());
    Ledger.QuotaUse use = r.ledger().quotas().get(0);
    assertEquals(Ledger.OwnerKind.COLLECTIVE, use.ownerKind());
    assertEquals("capped", use.owner());
    assertEquals(3, use.limit());
    assertEquals(3, use.used());
    assertEquals(2, use.denied());
    assertEquals(Instant.parse("2027-03-01T00:00:00Z"), use.periodStart());
    assertEquals(Instant.parse("2027-04-01T00:00:00Z"), use.periodEnd());
    assertEquals(2, r.ledger().count(DenialReason.QUOTA));
  }

  @Test
  void filter_monthlyCap_nextPeriodStartsFresh() {
    byte[] input = jsonl(capped(5, "limit 3 per month"));
    FilterTestData.Run march = run(filter(TRAIN_ALL.at(Instant.parse("2027-03-31T23:59:59Z"))), input);
    FilterTestData.Run april = run(filter(TRAIN_ALL.at(Instant.parse("2027-04-01T00:00:00Z"))), input);
    assertEquals(3, march.ledger().allowed());
    assertEquals(3, april.ledger().allowed());
    assertEquals(Instant.parse("2027-03-01T00:00:00Z"), march.ledger().quotas().get(0).periodStart());
    assertEquals(Instant.parse("2027-04-01T00:00:00Z"), april.ledger().quotas().get(0).periodStart());
  }

  @Test
  void filter_capOfOne_onlyFirstAllowed() {
    FilterTestData.Run r = run(filter(TRAIN_ALL), jsonl(capped(2, "limit 1 per day")));
    assertTrue(r.lines().get(0).isAllowed());
    assertEquals(DenialReason.QUOTA, r.lines().get(1).reason().orElseThrow());
  }

  @Test
  void filter_contributorOwnLimit_countedPerContributor() {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      lines.add(record("a-" + i, "c-a", "allow train if limit 2 per week"));
      lines.add(record("b-" + i, "c-b", "allow train if limit 2 per week"));
    }
    FilterTestData.Run r = run(filter(TRAIN_ALL), jsonl(lines));
    assertEquals(4, r.ledger().allowed());
    assertEquals(2, r.ledger().count(DenialReason.QUOTA));
    assertEquals(List.of("c-a", "c-b"), r.ledger().quotas().stream().map(Ledger.QuotaUse::owner).toList());
    for (Ledger.QuotaUse use : r.ledger().quotas()) {
      assertEquals(Ledger.OwnerKind.CONTRIBUTOR, use.ownerKind());
      assertEquals(2, use.used());
      assertEquals(1, use.denied());
      // 2027-03-15 is a Monday: the ISO week starts that day.
      assertEquals(Instant.parse("2027-03-15T00:00:00Z"), use.periodStart());
    }
  }

  @Test
  void window_eachPeriod_calendarPeriodContainingTheTime() {
    Instant t = Instant.parse("2027-03-14T23:59:59Z"); // a Sunday
    assertEquals(List.of(Instant.parse("2027-03-14T00:00:00Z"), Instant.parse("2027-03-15T00:00:00Z")),
        List.of(Ledger.window(dev.flywheel.policy.QuotaPeriod.DAY, t)));
    assertEquals(List.of(Instant.parse("2027-03-08T00:00:00Z"), Instant.parse("2027-03-15T00:00:00Z")),
        List.of(Ledger.window(dev.flywheel.policy.QuotaPeriod.WEEK, t)));
    assertEquals(List.of(Instant.parse("2027-03-01T00:00:00Z"), Instant.parse("2027-04-01T00:00:00Z")),
        List.of(Ledger.window(dev.flywheel.policy.QuotaPeriod.MONTH, t)));
    assertEquals(List.of(Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2028-01-01T00:00:00Z")),
        List.of(Ledger.window(dev.flywheel.policy.QuotaPeriod.YEAR, t)));
  }

  @Test
  void filter_honouringNothing_obligationsDeniedNotHonoured() {
    byte[] input = jsonl(List.of(record("r1", "c-1", "train if attribution"), record("r2", "c-1", "allow train")));
    FilterTestData.Run r = run(filter(Request.of(Purpose.TRAIN).at(MARCH)), input);
    assertEquals(DenialReason.OBLIGATION_NOT_HONOURED, r.lines().get(0).reason().orElseThrow());
    assertTrue(r.lines().get(1).isAllowed());
    assertEquals(1, r.ledger().count(DenialReason.OBLIGATION_NOT_HONOURED));
    assertEquals(0, r.ledger().attributedItems());
  }

  @Test
  void filter_honouringSomeTypes_otherTypesStillDenied() {
    byte[] input = jsonl(List.of(collectiveRecord("r1", "c-1", "m", "allow train if attribution and pay collective m")));
    FilterTestData.Run r = run(filter(Request.of(Purpose.TRAIN).at(MARCH).honouring(ObligationType.ATTRIBUTION)),
        input);
    assertEquals(DenialReason.OBLIGATION_NOT_HONOURED, r.lines().get(0).reason().orElseThrow());
  }

  @Test
  void filter_eachDenyBasis_hasItsReason() {
    byte[] input = jsonl(List.of(record("r1", "c-1", "eval-only"), record("r2", "c-1", "allow eval"),
        record("r3", "c-1", "train if open-weights")));
    FilterTestData.Run r = run(filter(TRAIN_ALL), input);
    assertEquals(List.of(DenialReason.EXPLICIT, DenialReason.DEFAULT, DenialReason.EXPLICIT),
        r.lines().stream().map(l -> l.reason().orElseThrow()).toList());
    assertTrue(r.lines().stream().noneMatch(FilteredLine::isAllowed));
    assertTrue(r.lines().stream().allMatch(l -> l.obligations().isEmpty()));
  }

  @Test
  void filter_badLineInTheMiddle_reportedWithNumberAndRunContinues() {
    List<String> lines = new ArrayList<>(List.of(record("r1", "c-1", "allow train"), "{\"schemaVersion\": 1,",
        "", record("r4", "c-1", "allow train")));
    FilterTestData.Run r = run(filter(TRAIN_ALL), jsonl(lines));
    assertEquals(4, r.lines().size());
    FilteredLine bad = r.lines().get(1);
    assertEquals(2, bad.lineNumber());
    assertEquals(Outcome.INVALID, bad.outcome());
    assertEquals(DenialReason.INVALID_RECORD, bad.reason().orElseThrow());
    assertEquals(DiagnosticCode.INVALID_JSON, bad.diagnostics().get(0).code());
    assertFalse(bad.decision().isPresent());
    assertEquals(DiagnosticCode.EMPTY_RECORD, r.lines().get(2).diagnostics().get(0).code());
    assertTrue(r.lines().get(3).isAllowed());
    assertEquals(4, r.lines().get(3).lineNumber());
    Ledger l = r.ledger();
    assertEquals(4, l.read());
    assertEquals(2, l.allowed());
    assertEquals(2, l.invalid());
    assertEquals(2, l.count(DenialReason.INVALID_RECORD));
  }

  @Test
  void filter_lineOverTheByteLimit_invalidAndSkipped() {
    String small = record("r1", "c-1", "allow train");
    var validator = dev.flywheel.policy.records.RecordValidator.create(
        dev.flywheel.policy.records.RecordLimits.DEFAULTS.withMaxRecordBytes(small.length()),
        dev.flywheel.policy.terms.TermsLimits.DEFAULTS);
    RecordFilter f = RecordFilter.builder(ENGINE).validator(validator).request(TRAIN_ALL).build();
    FilterTestData.Run r = run(f, jsonl(List.of(small, small + " ", small)));
    assertTrue(r.lines().get(0).isAllowed());
    assertEquals(DiagnosticCode.RECORD_TOO_LONG, r.lines().get(1).diagnostics().get(0).code());
    assertFalse(r.lines().get(1).hasText());
    assertTrue(r.lines().get(2).isAllowed());
  }

  @Test
  void filter_countsAlwaysAddUp() {
    List<String> lines = new ArrayList<>(capped(4, "limit 2 per month"));
    lines.add("not json");
    lines.add(record("r9", "c-1", "eval-only"));
    lines.add(record("r10", "c-1", "train if attribution"));
    FilterTestData.Run r = run(filter(TRAIN_ALL), jsonl(lines));
    Ledger l = r.ledger();
    assertEquals(lines.size(), l.read());
    assertEquals(l.read(), l.allowed() + l.denied() + l.invalid());
    long reasons = 0;
    for (DenialReason reason : DenialReason.values()) {
      reasons += l.count(reason);
    }
    assertEquals(l.denied() + l.invalid(), reasons);
    assertEquals(r.lines().stream().filter(FilteredLine::isAllowed).count(), l.allowed());
    assertEquals(r.lines().stream().filter(x -> x.isAllowed() && !x.obligations().isEmpty()).count(),
        l.withObligations());
  }

  @Test
  void filter_payments_summedPerCollectiveAndCurrency() {
    List<String> lines = List.of(
        collectiveRecord("r1", "c-1", "m", "pay collective m 0.002 EUR per item"),
        collectiveRecord("r2", "c-2", "m", "pay collective m 0.001 EUR per item"),
        collectiveRecord("r3", "c-3", "m", "pay collective m 0.5 USD per item"),
        collectiveRecord("r4", "c-4", "n", "pay collective n"));
    Ledger l = run(filter(TRAIN_ALL), jsonl(lines)).ledger();
    assertEquals(2, l.payments().size());
    Ledger.PaymentDue m = l.payments().get(0);
    assertEquals("m", m.collective());
    assertEquals(3, m.items());
    assertEquals(0, m.unpricedItems());
    assertEquals(0, new BigDecimal("0.003").compareTo(m.amounts().get("EUR")));
    assertEquals(0, new BigDecimal("0.5").compareTo(m.amounts().get("USD")));
    Ledger.PaymentDue n = l.payments().get(1);
    assertEquals(1, n.items());
    assertEquals(1, n.unpricedItems());
    assertTrue(n.amounts().isEmpty());
  }

  @Test
  void filter_attribution_creditsContributorsWithBoundedIds() {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      lines.add(collectiveRecord("a-" + i, "c-a", "m", "allow train if attribution"));
    }
    lines.add(record("b-1", "c-b", "train if attribution"));
    RecordFilter f = RecordFilter.builder(ENGINE).request(TRAIN_ALL)
        .limits(new FilterLimits(3, 100, 256, 1 << 20)).build();
    Ledger l = run(f, jsonl(lines)).ledger();
    assertEquals(6, l.attributedItems());
    assertEquals(2, l.credits().size());
    Ledger.Credit a = l.credits().get(0);
    assertEquals("c-a", a.contributor());
    assertEquals(5, a.items());
    assertEquals(List.of("a-1", "a-2", "a-3"), a.itemIds());
    assertEquals(2, a.itemIdsOmitted());
    assertEquals(List.of("b-1"), l.credits().get(1).itemIds());
    assertEquals(5L, l.attributionsByCollective().get("m"));
  }

  @Test
  void filter_ledgerFull_atLimitAllowedPastItDenied() {
    List<String> lines = List.of(record("r1", "c-1", "train if attribution"),
        record("r2", "c-2", "train if attribution"), record("r3", "c-3", "train if attribution"),
        record("r4", "c-1", "train if attribution"), record("r5", "c-3", "allow train"));
    RecordFilter f = RecordFilter.builder(ENGINE).request(TRAIN_ALL)
        .limits(new FilterLimits(10, 2, 256, 1 << 20)).build();
    FilterTestData.Run r = run(f, jsonl(lines));
    assertEquals(List.of(true, true, false, true, true),
        r.lines().stream().map(FilteredLine::isAllowed).toList());
    assertEquals(DenialReason.LEDGER_FULL, r.lines().get(2).reason().orElseThrow());
    assertEquals(2, r.ledger().credits().size());
  }

  @Test
  void filter_quotaLedgerFull_deniedNotUncounted() {
    List<String> lines = List.of(record("r1", "c-1", "allow train if limit 5 per month"),
        record("r2", "c-2", "allow train if limit 5 per month"));
    RecordFilter f = RecordFilter.builder(ENGINE).request(TRAIN_ALL)
        .limits(new FilterLimits(10, 1, 256, 1 << 20)).build();
    FilterTestData.Run r = run(f, jsonl(lines));
    assertTrue(r.lines().get(0).isAllowed());
    assertEquals(DenialReason.LEDGER_FULL, r.lines().get(1).reason().orElseThrow());
  }

  @Test
  void filter_threadsOneAndFour_identicalOutcomesAndLedger() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      switch (i % 7) {
        case 0 -> lines.add(collectiveRecord("q-" + i, "c-" + (i % 13), "capped", "allow train if limit 50 per month"));
        case 1 -> lines.add(record("a-" + i, "c-" + (i % 11), "train if attribution"));
        case 2 -> lines.add(record("o-" + i, "c-" + (i % 5), "allow train if limit 7 per month"));
        case 3 -> lines.add(i % 2 == 0 ? "{broken" : record("e-" + i, "c-1", "eval-only"));
        case 4 -> lines.add(collectiveRecord("p-" + i, "c-2", "m", "pay collective m 0.002 EUR per item"));
        default -> lines.add(record("d-" + i, "c-" + (i % 17), "allow train"));
      }
    }
    byte[] input = jsonl(lines);
    FilterTestData.Run one = run(filter(TRAIN_ALL), input);
    RecordFilter four = RecordFilter.builder(ENGINE).request(TRAIN_ALL).threads(4)
        .limits(new FilterLimits(10, 1000, 16, 1 << 20)).build();
    FilterTestData.Run many = run(four, input);
    assertEquals(describe(one.lines()), describe(many.lines()));
    assertEquals(LedgerJson.toJson(one.ledger()), LedgerJson.toJson(many.ledger()));
    assertTrue(one.ledger().count(DenialReason.QUOTA) > 0, "the data must reach a cap to test ordering");
  }

  private static List<String> describe(List<FilteredLine> lines) {
    return lines.stream().map(l -> l.lineNumber() + " " + l.id() + " " + l.outcome() + " " + l.reason()
        + " " + l.obligations()).collect(Collectors.toList());
  }

  @Test
  void open_requestWithoutTime_usesTheClockOncePerRun() {
    Instant fixed = Instant.parse("2027-02-10T08:00:00Z");
    RecordFilter f = RecordFilter.builder(ENGINE).request(Request.of(Purpose.TRAIN))
        .clock(Clock.fixed(fixed, ZoneOffset.UTC)).build();
    try (FilterRun run = f.open(new ByteArrayInputStream(jsonl(List.of(
        record("r1", "c-1", "deny train until 2027-02-10T08:00:01Z; allow train")))))) {
      assertEquals(fixed, run.at());
      assertEquals(DenialReason.EXPLICIT, run.next().reason().orElseThrow());
      assertEquals(fixed, run.ledger().request().at());
    }
  }

  @Test
  void run_iteratorAndStream_yieldEveryLineThenStop() {
    byte[] input = jsonl(List.of(record("r1", "c-1", "allow train"), record("r2", "c-1", "eval-only")));
    FilterRun run = filter(TRAIN_ALL).open(new ByteArrayInputStream(input));
    try (var stream = run.stream()) {
      assertEquals(List.of("r1", "r2"), stream.map(FilteredLine::id).toList());
    }
    assertFalse(run.hasNext());
    assertThrows(NoSuchElementException.class, run::next);
    assertEquals(2, run.ledger().read());
  }

  @Test
  void filter_emptyInput_noLinesAndZeroCounts() {
    FilterTestData.Run r = run(filter(TRAIN_ALL), new byte[0]);
    assertTrue(r.lines().isEmpty());
    assertEquals(0, r.ledger().read());
  }

  @Test
  void filter_engineThrows_recordDeniedWithError() {
    PolicyEngine throwing = new PolicyEngine() {
      @Override
      public Decision decide(String terms, Request request) {
        throw new IllegalStateException("broken");
      }

      @Override
      public Decision decide(ItemTerms item, Request request) {
        throw new IllegalStateException("broken");
      }

      @Override
      public ParseResult parse(String terms) {
        return ENGINE.parse(terms);
      }
    };
    RecordFilter f = RecordFilter.builder(throwing).request(TRAIN_ALL).build();
    FilterTestData.Run r = run(f, jsonl(List.of(record("r1", "c-1", "allow train"))));
    assertEquals(DenialReason.ERROR, r.lines().get(0).reason().orElseThrow());
    assertEquals(DiagnosticCode.INTERNAL_ERROR, r.lines().get(0).decision().orElseThrow().diagnostics().get(0).code());
  }

  @Test
  void filter_licenceFloor_ccByAfterNoTrainAllowedWithAttribution() {
    var n = FilterTestData.node("r1", "c-1", "allow train");
    n.put("licence", "CC-BY-4.0");
    n.put("released", "2026-03-01T12:00:00Z");
    var shift = n.putArray("statements").addObject();
    shift.put("by", "contributor");
    shift.put("effective", "2027-01-01T00:00:00Z");
    shift.put("terms", "no-train");
    FilterTestData.Run r = run(filter(TRAIN_ALL), jsonl(List.of(n.toString())));
    assertTrue(r.lines().get(0).isAllowed());
    assertEquals(List.of(Duty.Attribution.INSTANCE), r.lines().get(0).obligations());
  }

  @Test
  void builder_badArguments_rejected() {
    assertThrows(IllegalStateException.class, () -> RecordFilter.builder(ENGINE).build());
    assertThrows(IllegalArgumentException.class, () -> RecordFilter.builder(ENGINE).threads(0));
    assertThrows(IllegalArgumentException.class, () -> RecordFilter.builder(ENGINE).threads(257));
    assertThrows(IllegalArgumentException.class, () -> new FilterLimits(-1, 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new FilterLimits(0, 0, 1, 1));
  }
}
