package dev.flywheel.policy.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Duty;
import dev.flywheel.policy.QuotaPeriod;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admission rule on the in-memory store, and the SQLite store compared with it. */
class QuotaCounterTest {
  private static final Instant MARCH = Instant.parse("2027-03-05T00:00:00Z");
  private static final QuotaOwner ALICE = new QuotaOwner(QuotaOwner.Kind.CONTRIBUTOR, "alice");
  private static final QuotaOwner HIKU = new QuotaOwner(QuotaOwner.Kind.COLLECTIVE, "Te Hiku Media");

  @TempDir
  Path dir;

  private static Reservation item(String id, Instant at, QuotaClaim... claims) {
    return new Reservation(id, at, List.of(claims));
  }

  private static QuotaClaim month(QuotaOwner owner, long limit) {
    return new QuotaClaim(owner, QuotaPeriod.MONTH, limit);
  }

  private static UsageStore sqlite(Path file) {
    return ((StoreResult.Ok<UsageStore>) UsageStore.open(file.toString())).value();
  }

  @Test
  void reserve_sameItemAgain_admittedWithoutCounting() {
    QuotaCounter counter = UsageStore.inMemory().counter("acme");
    assertEquals(Admission.COUNTED, counter.reserve(item("a", MARCH, month(ALICE, 1))));
    assertEquals(Admission.ALREADY_COUNTED, counter.reserve(item("a", MARCH, month(ALICE, 1))));
    assertEquals(Admission.QUOTA, counter.reserve(item("b", MARCH, month(ALICE, 1))));
  }

  @Test
  void reserve_pastTheLimitInOneBatch_quotaAndNothingCounted() {
    UsageStore store = UsageStore.inMemory();
    List<Admission> answers = store.counter("acme").reserve(List.of(item("a", MARCH, month(ALICE, 2)),
        item("b", MARCH, month(ALICE, 2)), item("c", MARCH, month(ALICE, 2)), item("a", MARCH, month(ALICE, 2))));
    assertEquals(List.of(Admission.COUNTED, Admission.COUNTED, Admission.QUOTA, Admission.ALREADY_COUNTED), answers);
    assertEquals(2, ((StoreResult.Ok<List<UsageRow>>) store.usage("acme")).value().get(0).used());
  }

  @Test
  void reserve_twoCapsOneFull_deniedAndTheOtherNotCounted() {
    UsageStore store = UsageStore.inMemory();
    QuotaCounter counter = store.counter("acme");
    assertEquals(Admission.COUNTED, counter.reserve(item("a", MARCH, month(HIKU, 1))));
    assertEquals(Admission.QUOTA, counter.reserve(item("b", MARCH, month(HIKU, 1), month(ALICE, 5))));
    List<UsageRow> rows = ((StoreResult.Ok<List<UsageRow>>) store.usage(null)).value();
    assertEquals(1, rows.size(), rows.toString());
    assertEquals(HIKU, rows.get(0).owner());
  }

  @Test
  void reserve_nextPeriodInstanceOrOtherConsumer_countsFromZero() {
    UsageStore store = UsageStore.inMemory();
    QuotaCounter acme = store.counter("acme");
    assertEquals(Admission.COUNTED, acme.reserve(item("a", MARCH, month(ALICE, 1))));
    assertEquals(Admission.QUOTA, acme.reserve(item("b", Instant.parse("2027-03-31T23:59:59Z"), month(ALICE, 1))));
    assertEquals(Admission.COUNTED, acme.reserve(item("b", Instant.parse("2027-04-01T00:00:00Z"), month(ALICE, 1))));
    assertEquals(Admission.COUNTED, store.counter("other").reserve(item("b", MARCH, month(ALICE, 1))));
  }

  @Test
  void reserve_noClaims_admittedAsNoQuota() {
    assertEquals(Admission.NO_QUOTA, UsageStore.inMemory().counter("acme").reserve(item("a", MARCH)));
  }

  @Test
  void reservationOf_decisionObligations_scopedCapIsTheCollectivesOthersTheContributors() {
    Reservation r = Reservation.of("a", "c-1", MARCH, List.of(new Duty.Quota(3, QuotaPeriod.WEEK, null),
        new Duty.Quota(40, QuotaPeriod.MONTH, "Te Hiku Media"), new Duty.Attribution()));
    assertEquals(List.of(new QuotaClaim(new QuotaOwner(QuotaOwner.Kind.CONTRIBUTOR, "c-1"), QuotaPeriod.WEEK, 3),
        new QuotaClaim(HIKU, QuotaPeriod.MONTH, 40)), r.claims());
  }

  @Test
  void reserve_batchAtAndPastTheBound_acceptedThenRefused() {
    QuotaCounter counter = UsageStore.inMemory().counter("acme");
    List<Reservation> batch = new ArrayList<>();
    for (int i = 0; i < QuotaCounter.MAX_BATCH; i++) {
      batch.add(item("i-" + i, MARCH, month(ALICE, 10)));
    }
    List<Admission> answers = counter.reserve(batch);
    assertEquals(10, answers.stream().filter(a -> a == Admission.COUNTED).count());
    batch.add(item("one-more", MARCH, month(ALICE, 10)));
    assertThrows(IllegalArgumentException.class, () -> counter.reserve(batch));
  }

  @Test
  void counter_badConsumerName_refused() {
    UsageStore store = UsageStore.inMemory();
    assertThrows(IllegalArgumentException.class, () -> store.counter(""));
    assertThrows(IllegalArgumentException.class, () -> store.counter("a\nb"));
    assertThrows(IllegalArgumentException.class, () -> store.counter("x".repeat(UsageStore.MAX_CONSUMER_LENGTH + 1)));
    assertEquals(UsageStore.MAX_CONSUMER_LENGTH,
        store.counter("x".repeat(UsageStore.MAX_CONSUMER_LENGTH)).consumer().length());
  }

  @Test
  void reserve_afterClose_throws() {
    UsageStore store = sqlite(dir.resolve("closed.db"));
    QuotaCounter counter = store.counter("acme");
    store.close();
    assertThrows(IllegalStateException.class, () -> counter.reserve(item("a", MARCH, month(ALICE, 1))));
  }

  @Test
  void periodInstance_weekAndYear_calendarPeriodsInUtc() {
    PeriodInstance week = PeriodInstance.containing(QuotaPeriod.WEEK, Instant.parse("2027-03-07T23:00:00Z"));
    assertEquals(Instant.parse("2027-03-01T00:00:00Z"), week.start()); // a Monday
    assertEquals(Instant.parse("2027-03-08T00:00:00Z"), week.end());
    PeriodInstance year = PeriodInstance.containing(QuotaPeriod.YEAR, MARCH);
    assertEquals(Instant.parse("2027-01-01T00:00:00Z"), year.start());
  }

  /** Random batches over a few owners, periods and times: SQLite answers exactly as the in-memory store. */
  @Test
  void reserve_randomBatches_sqliteAnswersAsMemory() {
    Random random = new Random(42);
    QuotaOwner[] owners = {ALICE, HIKU, new QuotaOwner(QuotaOwner.Kind.CONTRIBUTOR, "bob")};
    Instant[] times = {MARCH, Instant.parse("2027-03-20T10:00:00Z"), Instant.parse("2027-04-02T00:00:00Z")};
    QuotaCounter memory = UsageStore.inMemory().counter("acme");
    try (UsageStore store = sqlite(dir.resolve("random.db"))) {
      QuotaCounter db = store.counter("acme");
      for (int batchNo = 0; batchNo < 40; batchNo++) {
        List<Reservation> batch = new ArrayList<>();
        int size = 1 + random.nextInt(60);
        for (int i = 0; i < size; i++) {
          List<QuotaClaim> claims = new ArrayList<>();
          int n = random.nextInt(3);
          for (int c = 0; c < n; c++) {
            claims.add(new QuotaClaim(owners[random.nextInt(owners.length)],
                QuotaPeriod.values()[random.nextInt(QuotaPeriod.values().length)], 1 + random.nextInt(8)));
          }
          batch.add(new Reservation("i-" + random.nextInt(120), times[random.nextInt(times.length)], claims));
        }
        assertEquals(memory.reserve(batch), db.reserve(batch), "batch " + batchNo);
      }
      assertTrue(db.lastError().isEmpty());
    }
  }

  @Test
  void open_sqliteTwice_secondOpenFindsTheCounts() {
    Path file = dir.resolve("twice.db");
    try (UsageStore first = sqlite(file)) {
      first.counter("acme").reserve(item("a", MARCH, month(ALICE, 1)));
    }
    try (UsageStore second = sqlite(file)) {
      assertEquals(Admission.QUOTA, second.counter("acme").reserve(item("b", MARCH, month(ALICE, 1))));
      assertEquals("sqlite:" + file.toAbsolutePath(), second.describe());
      assertEquals("sqlite", second.kind());
      assertEquals("sqlite", second.counter("acme").kind());
    }
  }

  @Test
  void kind_inMemory_isMemoryForTheStoreAndItsCounters() {
    try (UsageStore memory = UsageStore.inMemory()) {
      assertEquals("memory", memory.kind());
      assertEquals("memory", memory.counter("acme").kind());
    }
  }

  @Test
  void open_otherJdbcUrl_badLocation() {
    StoreResult<UsageStore> r = UsageStore.open("jdbc:mysql://localhost/x");
    assertEquals(StoreError.Code.BAD_LOCATION, ((StoreResult.Failed<UsageStore>) r).error().code());
  }

  @Test
  void describePostgres_urlWithCredentials_withoutThem() {
    assertEquals("postgresql://db.example:5432/usage",
        JdbcStore.describePostgres("jdbc:postgresql://db.example:5432/usage?user=u&password=secret"));
  }
}
