package dev.ganymede.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserNamesTest {

  @Test
  void normalizesToLowerCaseWithoutTrimming() {
    assertThat(UserNames.normalize("Alice")).isEqualTo("alice");
    assertThat(UserNames.normalize(" Bob ")).isEqualTo(" bob ");
    assertThat(UserNames.normalize("ÜNÏ")).isEqualTo("ünï");
  }

  @Test
  void lowerCasesTheSameWayWhateverTheDefaultLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR")); // "I".toLowerCase() is a dotless ı there
      assertThat(UserNames.normalize("IVAN")).isEqualTo("ivan");
    } finally {
      Locale.setDefault(before);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice", "a@b.org", "ünï", "first.last", "o'brien", "a b", "x", "中文"})
  void acceptsAlmostAnyName(String name) {
    assertThat(UserNames.problem(name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a/b",
        "/",
        ".",
        "..",
        " x",
        "x ",
        "\tx",
        "x\u00a0",
        "a\nb",
        "a\u0000b",
        "\u007f",
        "a\u2028b"
      })
  void refusesNamesThatBreakPathsLogsOrEyes(String name) {
    assertThat(UserNames.problem(name)).isPresent();
  }

  @Test
  void acceptsExactly255CharactersAndRefusesMore() {
    assertThat(UserNames.problem("a".repeat(255))).isEmpty();
    assertThat(UserNames.problem("a".repeat(256)))
        .hasValue("The user name must be at most 255 characters long.");
  }

  @Test
  void countsCharactersNotUtf16Units() {
    String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
    assertThat(UserNames.problem(emoji.repeat(255))).isEmpty();
  }

  @Test
  void explainsEachProblemInWords() {
    assertThat(UserNames.problem("")).hasValue("The user name must not be empty.");
    assertThat(UserNames.problem("a/b")).hasValue("The user name must not contain '/'.");
    assertThat(UserNames.problem("..")).hasValue("The user name must not be '.' or '..'.");
    assertThat(UserNames.problem(" x"))
        .hasValue("The user name must not start or end with a space.");
    assertThat(UserNames.problem("a\u0001"))
        .hasValue("The user name must not contain control characters.");
    assertThat(UserNames.groupNameProblem("a/b")).hasValue("The group name must not contain '/'.");
  }
}
