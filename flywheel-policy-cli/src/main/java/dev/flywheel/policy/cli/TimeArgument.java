package dev.flywheel.policy.cli;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import picocli.CommandLine;

/** {@code --at}: a date (00:00 UTC that day, as in terms) or an instant with {@code Z} or an offset. */
final class TimeArgument implements CommandLine.ITypeConverter<Instant> {
  @Override
  public Instant convert(String value) {
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a date (2027-01-01) or an instant with Z or an offset (2027-01-01T12:00:00Z)");
    }
  }
}
