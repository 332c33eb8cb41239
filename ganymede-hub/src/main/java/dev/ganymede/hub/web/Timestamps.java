package dev.ganymede.hub.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** JupyterHub's timestamps: ISO 8601 UTC with {@code Z}, microseconds only when non-zero. */
final class Timestamps {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  static String format(Instant instant) {
    Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
    LocalDateTime t = LocalDateTime.ofEpochSecond(micros.getEpochSecond(), 0, ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      return micros.getNano() == 0 ? SECONDS.format(micros) : MICROS.format(micros);
    }
    // By hand: API listings format thousands of these per second.
    StringBuilder b = new StringBuilder(27);
    digits(b, t.getYear(), 4).append('-');
    digits(b, t.getMonthValue(), 2).append('-');
    digits(b, t.getDayOfMonth(), 2).append('T');
    digits(b, t.getHour(), 2).append(':');
    digits(b, t.getMinute(), 2).append(':');
    digits(b, t.getSecond(), 2);
    if (micros.getNano() != 0) {
      digits(b.append('.'), micros.getNano() / 1000, 6);
    }
    return b.append('Z').toString();
  }

  private static StringBuilder digits(StringBuilder b, int value, int width) {
    String text = Integer.toString(value);
    for (int i = text.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(text);
  }

  static Object formatOrNull(Optional<Instant> instant) {
    return instant.<Object>map(Timestamps::format).orElse(null);
  }

  /** Parses leniently: {@code Z} or an offset, or none (UTC). */
  static Optional<Instant> parse(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(java.time.LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException again) {
        return Optional.empty();
      }
    }
  }
}
