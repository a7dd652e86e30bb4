package dev.flywheel.policy.usage;

import dev.flywheel.policy.QuotaPeriod;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * One calendar period in UTC: a day, an ISO week from Monday, a month or a year. A quota counts within the period
 * instance that contains the decision time.
 *
 * @param period the kind of period
 * @param start the first instant of the period (inclusive, 00:00 UTC)
 * @param end the first instant after it (exclusive)
 */
public record PeriodInstance(QuotaPeriod period, Instant start, Instant end) {

  /**
   * Creates the record.
   *
   * @param period the kind of period
   * @param start the first instant of the period
   * @param end the first instant after it
   * @throws NullPointerException if a component is null
   */
  public PeriodInstance {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
  }

  /**
   * {@return the period instance of kind {@code period} that contains {@code at}}
   *
   * @param period the kind of period
   * @param at the instant
   * @throws NullPointerException if an argument is null
   */
  public static PeriodInstance containing(QuotaPeriod period, Instant at) {
    LocalDate day = LocalDate.ofInstant(Objects.requireNonNull(at, "at"), ZoneOffset.UTC);
    LocalDate start;
    LocalDate end;
    switch (Objects.requireNonNull(period, "period")) {
      case DAY -> {
        start = day;
        end = day.plusDays(1);
      }
      case WEEK -> {
        start = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        end = start.plusWeeks(1);
      }
      case MONTH -> {
        start = day.withDayOfMonth(1);
        end = start.plusMonths(1);
      }
      default -> {
        start = day.withDayOfYear(1);
        end = start.plusYears(1);
      }
    }
    return new PeriodInstance(period, start.atStartOfDay(ZoneOffset.UTC).toInstant(),
        end.atStartOfDay(ZoneOffset.UTC).toInstant());
  }
}
