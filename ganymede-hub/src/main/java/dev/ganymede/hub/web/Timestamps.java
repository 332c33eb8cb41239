package dev.ganymede.hub.web;

import java.time.Instant;
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
    return micros.getNano() == 0 ? SECONDS.format(micros) : MICROS.format(micros);
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
