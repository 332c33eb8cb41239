package dev.ganymede.hub.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlPathsTest {

  @Test
  void quotesLikePythonsQuoteWithAtAndTildeSafe() {
    assertThat(UrlPaths.quote("alice")).isEqualTo("alice");
    assertThat(UrlPaths.quote("a@b.org")).isEqualTo("a@b.org");
    assertThat(UrlPaths.quote("a b/c~d_e-f")).isEqualTo("a%20b%2Fc~d_e-f");
    assertThat(UrlPaths.quote("Ünï")).isEqualTo("%C3%9Cn%C3%AF");
    assertThat(UrlPaths.quote("100%")).isEqualTo("100%25");
  }

  @Test
  void buildsBasePathsAndRoutePrefixesUnderTheBaseUrl() {
    assertThat(UrlPaths.basePath("/", "alice", "")).isEqualTo("/user/alice/");
    assertThat(UrlPaths.basePath("/jh/", "alice", "gpu 1")).isEqualTo("/jh/user/alice/gpu%201/");
    assertThat(UrlPaths.routePrefix("/user/alice/")).isEqualTo("/user/alice");
    assertThat(UrlPaths.normalizeBaseUrl("jh")).isEqualTo("/jh/");
    assertThat(UrlPaths.normalizeBaseUrl("/")).isEqualTo("/");
  }
}
