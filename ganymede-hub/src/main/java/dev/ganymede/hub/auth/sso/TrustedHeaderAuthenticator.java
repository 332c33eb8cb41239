package dev.ganymede.hub.auth.sso;

import dev.ganymede.hub.auth.AuthOutcome;
import dev.ganymede.hub.auth.Authenticator;
import dev.ganymede.hub.auth.Identity;
import dev.ganymede.hub.auth.LoginAttempt;
import dev.ganymede.hub.config.AuthConfig;
import dev.ganymede.hub.config.TrustedHeaderConfig;
import java.util.Objects;

/**
 * Sign-in behind an authenticating front proxy that names the user in a header. The header is
 * believed only when the connection comes from one of the configured proxy addresses; from anywhere
 * else it is refused, so that a client cannot name itself. Thread-safe.
 */
final class TrustedHeaderAuthenticator implements Authenticator {
  private final TrustedHeaderConfig config;

  TrustedHeaderAuthenticator(TrustedHeaderConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    if (config.trustedProxies().isEmpty()) {
      throw new IllegalArgumentException("auth.trustedHeader.trustedProxies is required");
    }
  }

  @Override
  public String kind() {
    return AuthConfig.TRUSTED_HEADER;
  }

  @Override
  public boolean usesPasswordForm() {
    return false;
  }

  @Override
  public Entry entry() {
    return Entry.REQUEST;
  }

  @Override
  public String providerName() {
    return "your organisation's proxy";
  }

  @Override
  public AuthOutcome authenticate(LoginAttempt attempt) {
    Objects.requireNonNull(attempt, "attempt");
    String address = attempt.clientAddress();
    if (config.trustedProxies().stream().noneMatch(block -> block.contains(address))) {
      return new AuthOutcome.Rejected("", "request not from a trusted proxy");
    }
    String name = attempt.header(config.header()).strip();
    if (name.isEmpty()) {
      return new AuthOutcome.Rejected("", "no " + config.header() + " header");
    }
    return new AuthOutcome.Authenticated(Identity.of(name));
  }
}
