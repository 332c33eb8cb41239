package dev.ganymede.hub.auth.sso;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.auth.AuthOutcome;
import dev.ganymede.hub.auth.Identity;
import dev.ganymede.hub.auth.LoginAttempt;
import dev.ganymede.hub.config.Cidr;
import dev.ganymede.hub.config.TrustedHeaderConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustedHeaderAuthenticatorTest {
  private final TrustedHeaderAuthenticator authenticator =
      new TrustedHeaderAuthenticator(
          new TrustedHeaderConfig(
              "X-Auth-Request-User",
              List.of(Cidr.parse("10.0.0.0/8").orElseThrow(), Cidr.parse("::1").orElseThrow())));

  private AuthOutcome from(String address, Map<String, String> headers) {
    return authenticator.authenticate(new LoginAttempt(Map.of(), Map.of(), headers, address));
  }

  @Test
  void believesTheHeaderFromATrustedProxy() {
    assertThat(from("10.20.30.40", Map.of("x-auth-request-user", "grace")))
        .isEqualTo(new AuthOutcome.Authenticated(Identity.of("grace")));
    assertThat(from("0:0:0:0:0:0:0:1", Map.of("X-Auth-Request-User", "grace")))
        .isEqualTo(new AuthOutcome.Authenticated(Identity.of("grace")));
  }

  @Test
  void refusesTheHeaderFromAnyOtherAddress() {
    assertThat(from("192.168.1.5", Map.of("X-Auth-Request-User", "admin")))
        .isEqualTo(new AuthOutcome.Rejected("", "request not from a trusted proxy"));
    assertThat(from("11.0.0.1", Map.of("X-Auth-Request-User", "admin")))
        .isInstanceOf(AuthOutcome.Rejected.class);
  }

  @Test
  void refusesATrustedProxyRequestWithoutTheHeader() {
    assertThat(from("10.0.0.1", Map.of()))
        .isEqualTo(new AuthOutcome.Rejected("", "no X-Auth-Request-User header"));
  }

  @Test
  void cidrBlocksMatchByPrefix() {
    Cidr block = Cidr.parse("192.168.4.0/22").orElseThrow();
    assertThat(block.contains("192.168.7.255")).isTrue();
    assertThat(block.contains("192.168.8.0")).isFalse();
    assertThat(block.contains("::1")).isFalse();
    assertThat(block.contains("not-an-address")).isFalse();
    assertThat(Cidr.parse("example.org")).isEmpty();
    assertThat(Cidr.parse("10.0.0.0/33")).isEmpty();
  }
}
