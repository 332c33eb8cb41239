package dev.ganymede.hub.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CsrfTokensTest {

  @Test
  void makesDistinct32ByteBase64UrlTokens() {
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      tokens.add(CsrfTokens.newToken());
    }

    assertThat(tokens).hasSize(1000).allMatch(token -> token.matches("[A-Za-z0-9_-]{43}"));
  }

  @Test
  void matchesOnlyTheSameToken() {
    String token = CsrfTokens.newToken();

    assertThat(CsrfTokens.matches(token, token)).isTrue();
    assertThat(CsrfTokens.matches(token, new String(token.toCharArray()))).isTrue();
    assertThat(CsrfTokens.matches(token, CsrfTokens.newToken())).isFalse();
    assertThat(CsrfTokens.matches(token, token.substring(1))).isFalse();
    assertThat(CsrfTokens.matches(token, token + "x")).isFalse();
  }

  @Test
  void neverMatchesAnEmptyToken() {
    assertThat(CsrfTokens.matches("", "")).isFalse();
    assertThat(CsrfTokens.matches(CsrfTokens.newToken(), "")).isFalse();
    assertThat(CsrfTokens.matches("", "x")).isFalse();
  }
}
