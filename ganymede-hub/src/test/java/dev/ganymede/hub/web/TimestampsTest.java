package dev.ganymede.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

  @Test
  void formatsLikeJupyterHubWithMicrosecondsOnlyWhenNonZero() {
    assertThat(Timestamps.format(Instant.parse("2026-11-22T07:05:09Z")))
        .isEqualTo("2026-11-22T07:05:09Z");
    assertThat(Timestamps.format(Instant.parse("2026-01-02T03:04:05.000007Z")))
        .isEqualTo("2026-01-02T03:04:05.000007Z");
    assertThat(Timestamps.format(Instant.parse("2026-01-02T03:04:05.123456789Z")))
        .isEqualTo("2026-01-02T03:04:05.123456Z");
    assertThat(Timestamps.format(Instant.parse("0999-12-31T23:59:59.000999999Z")))
        .isEqualTo("0999-12-31T23:59:59.000999Z");
  }

  @Test
  void agreesWithTheJavaTimeFormatterOnManyInstants() {
    DateTimeFormatter seconds =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    DateTimeFormatter micros =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(
              random.nextLong(-62_000_000_000L, 250_000_000_000L), random.nextInt(1_000_000_000));
      if (i % 3 == 0) {
        instant = instant.truncatedTo(ChronoUnit.SECONDS);
      }
      Instant truncated = instant.truncatedTo(ChronoUnit.MICROS);
      String expected =
          truncated.getNano() == 0 ? seconds.format(truncated) : micros.format(truncated);
      assertThat(Timestamps.format(instant)).as("%s", instant).isEqualTo(expected);
    }
  }

  @Test
  void formatsAnAbsentInstantAsNull() {
    assertThat(Timestamps.formatOrNull(Optional.empty())).isNull();
  }
}
