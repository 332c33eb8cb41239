package dev.ganymede.hub.spawner.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeNamesTest {

  @Test
  void keepsLowerCaseLettersDigitsDotsAndUnderscores() {
    assertThat(SafeNames.escape("alice_1.x")).isEqualTo("alice_1.x");
  }

  @Test
  void escapesEverythingElseAsHexBytes() {
    assertThat(SafeNames.escape("a@b.org")).isEqualTo("a-40b.org");
    assertThat(SafeNames.escape("Ünï")).isEqualTo("-c3-9cn-c3-af");
    assertThat(SafeNames.escape("a-b")).isEqualTo("a-2db");
    assertThat(SafeNames.escape("A/B")).isEqualTo("-41-2f-42");
  }

  @Test
  void neverProducesDotDotOrAHiddenName() {
    assertThat(SafeNames.escape("..")).isEqualTo("-2e.");
    assertThat(SafeNames.escape(".")).isEqualTo("-2e");
    assertThat(SafeNames.escape(".bashrc")).isEqualTo("-2ebashrc");
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice", "a@b.org", "Ünï", "..", "a-b--c", "x y\tz", "日本", "-2d"})
  void escapingIsReversibleAndNeverContainsADoubleDash(String name) {
    String escaped = SafeNames.escape(name);

    assertThat(SafeNames.unescape(escaped)).isEqualTo(name);
    assertThat(escaped).doesNotContain("--").matches("[a-z0-9._-]+");
  }

  @Test
  void joinsUserAndServerNamesWithADoubleDash() {
    assertThat(SafeNames.fileName("alice", "")).isEqualTo("alice");
    assertThat(SafeNames.fileName("alice", "gpu")).isEqualTo("alice--gpu");
    assertThat(SafeNames.fileName("a-b", "c")).isEqualTo("a-2db--c");
  }
}
