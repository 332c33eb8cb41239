package dev.ganymede.hub.auth.fakes;

import dev.ganymede.hub.auth.PasswordHasher;
import dev.ganymede.hub.config.AuthConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Configurations and a cheap hasher for tests. */
public final class TestConfigs {

  /** Argon2id at the lowest cost, so that a test hashes in well under a millisecond. */
  public static final PasswordHasher.Cost CHEAP = new PasswordHasher.Cost(8, 1, 1);

  private TestConfigs() {}

  public static PasswordHasher cheapHasher() {
    return new PasswordHasher(CHEAP);
  }

  public static AuthConfig password() {
    return AuthConfig.defaults();
  }

  public static AuthConfig password(Set<String> admins, Set<String> allowed, Set<String> blocked) {
    AuthConfig d = AuthConfig.defaults();
    return new AuthConfig(
        AuthConfig.PASSWORD,
        admins,
        allowed,
        blocked,
        false,
        Optional.empty(),
        d.sessionMaxAge(),
        d.throttleMaxFailures(),
        d.throttleWindow(),
        50);
  }

  public static AuthConfig withSignup(boolean allowSignup) {
    AuthConfig d = AuthConfig.defaults();
    return new AuthConfig(
        d.type(),
        d.adminUsers(),
        d.allowedUsers(),
        Set.of("root"),
        allowSignup,
        Optional.empty(),
        d.sessionMaxAge(),
        d.throttleMaxFailures(),
        d.throttleWindow(),
        50);
  }

  public static AuthConfig sharedPassword(String password, Set<String> admins) {
    AuthConfig d = AuthConfig.defaults();
    return new AuthConfig(
        AuthConfig.SHARED_PASSWORD,
        admins,
        Set.of(),
        Set.of("mallory"),
        false,
        Optional.of(password),
        d.sessionMaxAge(),
        d.throttleMaxFailures(),
        d.throttleWindow(),
        50);
  }

  public static AuthConfig throttle(int maxFailures, Duration window) {
    return throttle(maxFailures, maxFailures, window);
  }

  public static AuthConfig throttle(int maxPerName, int maxPerAddress, Duration window) {
    AuthConfig d = AuthConfig.defaults();
    return new AuthConfig(
        d.type(),
        d.adminUsers(),
        d.allowedUsers(),
        d.blockedUsers(),
        d.allowSignup(),
        d.sharedPassword(),
        d.sessionMaxAge(),
        maxPerName,
        window,
        maxPerAddress);
  }

  public static AuthConfig sessionMaxAge(Duration maxAge) {
    AuthConfig d = AuthConfig.defaults();
    return new AuthConfig(
        d.type(),
        d.adminUsers(),
        d.allowedUsers(),
        d.blockedUsers(),
        d.allowSignup(),
        d.sharedPassword(),
        maxAge,
        d.throttleMaxFailures(),
        d.throttleWindow(),
        50);
  }
}
