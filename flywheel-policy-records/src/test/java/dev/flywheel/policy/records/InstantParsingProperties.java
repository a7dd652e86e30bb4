package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The validator's hand-written RFC 3339 reader against {@code java.time}: an RFC 3339 shape checked by a regular
 * expression, then {@code OffsetDateTime.parse} with {@code ISO_OFFSET_DATE_TIME} (strict: no February 30, no hour
 * 24, no leap second, offsets up to 18:00). Both must give the same instant, or both none.
 */
class InstantParsingProperties {
  private static final Pattern SHAPE =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

  static Instant reference(String text) {
    if (text.length() > RecordValidator.MAX_INSTANT_LENGTH || !SHAPE.matcher(text).matches()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Property(tries = 20_000)
  void parseInstant_nearlyValidText_agreesWithJavaTime(@ForAll("nearlyValid") String text) {
    assertEquals(reference(text), RecordValidator.parseInstant(text), text);
  }

  @Property(tries = 5_000)
  void parseInstant_editedValidText_agreesWithJavaTime(@ForAll("edited") String text) {
    assertEquals(reference(text), RecordValidator.parseInstant(text), text);
  }

  /** Every date a record's four-digit year can write, 0000-01-01 to 9999-12-31, against {@code LocalDate}. */
  @Example
  void epochDay_everyDateOfFourDigitYears_sameAsLocalDate() {
    int days = 0;
    for (java.time.LocalDate d = java.time.LocalDate.of(0, 1, 1); d.getYear() <= 9999; d = d.plusDays(1)) {
      if (RecordValidator.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()) != d.toEpochDay()) {
        assertEquals(d.toEpochDay(), RecordValidator.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()),
            d.toString());
      }
      days++;
    }
    assertEquals(3_652_425, days);
  }

  @Example
  void parseInstant_edgeCases_agreeWithJavaTime() {
    for (String text : new String[] {"2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
        "2000-02-29T23:59:59.999999999-18:00", "0000-01-01T00:00:00+18:00", "9999-12-31T23:59:59-18:00",
        "2026-03-01T12:00:00+18:01", "2026-03-01T12:00:00-00:00", "2026-03-01t12:00:00z", "2026-03-01T24:00:00Z",
        "2026-03-01T12:00:60Z", "2026-03-01T12:00:00.Z", "2026-03-01T12:00:00.1234567890Z", "2026-03-01T12:00:00",
        "2026-03-01T12:00:00+0530", "2026-03-01T12:00:00+05:30:00", "2026-03-01 12:00:00Z", "２026-03-01T12:00:00Z",
        "2026-03-01T12:00:00.123456789+05:30", "2026-04-31T00:00:00Z", "2026-00-10T00:00:00Z", ""}) {
      assertEquals(reference(text), RecordValidator.parseInstant(text), text);
    }
    assertNull(RecordValidator.parseInstant("2026-03-01T12:00:00.123456789+05:30 "));
  }

  @Provide
  Arbitrary<String> nearlyValid() {
    Arbitrary<String> year = Arbitraries.oneOf(Arbitraries.of("0000", "1900", "2000", "2024", "2026", "9999"),
        Arbitraries.integers().between(0, 9999).map(y -> String.format("%04d", y)));
    Arbitrary<String> month = Arbitraries.integers().between(0, 13).map(m -> String.format("%02d", m));
    Arbitrary<String> day = Arbitraries.integers().between(0, 32).map(d -> String.format("%02d", d));
    Arbitrary<String> hour = Arbitraries.integers().between(0, 25).map(h -> String.format("%02d", h));
    Arbitrary<String> minute = Arbitraries.integers().between(0, 61).map(m -> String.format("%02d", m));
    Arbitrary<String> fraction = Arbitraries.oneOf(Arbitraries.just(""),
        Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(11).map(f -> "." + f));
    Arbitrary<String> zone = Arbitraries.oneOf(Arbitraries.of("Z", "z", "", "+", "Z ", "UTC", "+05:30:00"),
        Combinators.combine(Arbitraries.of("+", "-"), Arbitraries.integers().between(0, 19),
            Arbitraries.of(":", "", ";"), Arbitraries.integers().between(0, 61))
            .as((sign, h, colon, m) -> sign + String.format("%02d", h) + colon + String.format("%02d", m)));
    Arbitrary<String> date = Combinators.combine(year, month, day).as((y, m, d) -> y + "-" + m + "-" + d);
    Arbitrary<String> time = Combinators.combine(hour, minute, minute).as((h, m, s) -> h + ":" + m + ":" + s);
    return Combinators.combine(date, Arbitraries.of("T", "t", " ", "TT"), time, fraction, zone)
        .as((d, t, c, f, z) -> d + t + c + f + z);
  }

  @Provide
  Arbitrary<String> edited() {
    Arbitrary<Character> chars = Arbitraries.oneOf(Arbitraries.chars().range('+', ':'),
        Arbitraries.of('T', 't', 'Z', 'z', ' ', '\u0660', '\uff12', 'x'));
    return Combinators.combine(Arbitraries.of("2026-03-01T12:00:00Z", "2026-03-01T12:00:00.5+05:30",
        "2024-02-29T23:59:59.123456789-18:00"), Arbitraries.integers().between(0, 40),
        Arbitraries.integers().between(0, 2), chars).as((base, at, kind, c) -> {
          int i = Math.min(at, base.length());
          return switch (kind) {
            case 0 -> base.substring(0, i) + c + base.substring(i);
            case 1 -> i < base.length() ? base.substring(0, i) + base.substring(i + 1) : base;
            default -> i < base.length() ? base.substring(0, i) + c + base.substring(i + 1) : base + c;
          };
        });
  }
}
