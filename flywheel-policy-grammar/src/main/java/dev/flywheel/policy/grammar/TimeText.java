package dev.flywheel.policy.grammar;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Dates and instants in terms: {@code 2027-01-01} (00:00 UTC that day) or {@code 2027-01-01T10:00:00Z} /
 * {@code ...+02:00}. Only dates from {@link #EARLIEST} to {@link #LATEST} are accepted, so every accepted time prints
 * back in the same notation and fits in epoch milliseconds.
 */
final class TimeText {
  static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private static final Pattern INSTANT = Pattern.compile(
      "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})");

  private TimeText() {}

  /** The instant {@code text} denotes, or {@code null} when it is malformed, impossible or out of range. */
  static Instant parse(String text) {
    try {
      Instant instant;
      if (isDate(text)) {
        // LocalDate.of rejects impossible dates (2027-02-30, month 13) exactly as the strict formatter does.
        LocalDate date = LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10));
        instant = Instant.ofEpochSecond(date.toEpochDay() * 86_400L);
      } else if (INSTANT.matcher(text).matches()) {
        instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } else {
        return null;
      }
      return instant.isBefore(EARLIEST) || instant.isAfter(LATEST) ? null : instant;
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * True when {@code text} is exactly {@code [0-9]{4}-[0-9]{2}-[0-9]{2}}: checked by hand, since a date is in most
   * terms and a regular expression match allocates.
   */
  private static boolean isDate(String text) {
    if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      char c = text.charAt(i);
      if (i != 4 && i != 7 && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  /** The decimal number of the ASCII digits {@code text[from, to)}. */
  private static int digits(String text, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n = n * 10 + (text.charAt(i) - '0');
    }
    return n;
  }

  /** Canonical text: the date alone at 00:00 UTC, otherwise an ISO instant in UTC. */
  static String print(Instant instant) {
    if (instant.getNano() == 0 && Math.floorMod(instant.getEpochSecond(), 86_400L) == 0) {
      return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }
}
