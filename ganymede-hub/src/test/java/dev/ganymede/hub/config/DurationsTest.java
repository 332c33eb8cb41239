package dev.ganymede.hub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "30s, PT30S",
    "5m, PT5M",
    "2h, PT2H",
    "14d, PT336H",
    "PT30S, PT30S",
    "pt1m30s, PT1M30S",
    "P1D, PT24H",
    "0s, PT0S"
  })
  void readsShortFormsAndIso8601(String text, String expected) {
    assertThat(Durations.parse(text)).contains(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "30", "5 m", "1w", "-5s", "5S", "1.5h", "P", "abc", "9999999999s"})
  void rejectsOtherForms(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"PT0.5S, 500ms", "PT30S, 30s", "PT90S, 90s", "PT5M, 5m", "PT2H, 2h", "PT336H, 14d"})
  void formatsInTheLargestWholeUnit(String duration, String expected) {
    assertThat(Durations.format(Duration.parse(duration))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0.0005S", "PT1.5S", "PT36H", "PT0S", "PT2562047788015215H"})
  void formatsWhatItReadsBack(String iso) {
    Duration duration = Duration.parse(iso);
    assertThat(Durations.parse(Durations.format(duration))).contains(duration);
  }
}
