package dev.ganymede.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ganymede.hub.auth.fakes.InMemoryUserStore;
import dev.ganymede.hub.auth.fakes.MutableClock;
import dev.ganymede.hub.auth.fakes.TestConfigs;
import dev.ganymede.hub.config.AuthConfig;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthenticatorsTest {

  private final InMemoryUserStore users = new InMemoryUserStore(new MutableClock());
  private final PasswordHasher hasher = TestConfigs.cheapHasher();

  @Test
  void createsThePasswordAuthenticatorByDefault() {
    assertThat(Authenticators.create(AuthConfig.defaults(), users, hasher))
        .isInstanceOf(PasswordAuthenticator.class);
  }

  @Test
  void createsTheSharedPasswordAuthenticatorWithTheConfiguredPassword() {
    Authenticator authenticator =
        Authenticators.create(TestConfigs.sharedPassword("workshop-2026", Set.of()), users, hasher);

    assertThat(authenticator.kind()).isEqualTo("shared-password");
    assertThat(
            authenticator.authenticate(PasswordAuthenticatorTest.attempt("bob", "workshop-2026")))
        .isInstanceOf(AuthOutcome.Authenticated.class);
  }

  @Test
  void refusesSharedPasswordModeWithoutASharedPassword() {
    AuthConfig shared = TestConfigs.sharedPassword("x", Set.of());
    AuthConfig missing =
        new AuthConfig(
            shared.type(),
            shared.adminUsers(),
            shared.allowedUsers(),
            shared.blockedUsers(),
            false,
            Optional.empty(),
            shared.sessionMaxAge(),
            shared.throttleMaxFailures(),
            shared.throttleWindow(),
            50);

    assertThatThrownBy(() -> Authenticators.create(missing, users, hasher))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auth.sharedPassword");
  }

  @Test
  void refusesAnUnknownTypeNamingTheAllowedOnes() {
    AuthConfig d = AuthConfig.defaults();
    AuthConfig unknown =
        new AuthConfig(
            "ldap",
            d.adminUsers(),
            d.allowedUsers(),
            d.blockedUsers(),
            false,
            Optional.empty(),
            d.sessionMaxAge(),
            d.throttleMaxFailures(),
            d.throttleWindow(),
            50);

    assertThatThrownBy(() -> Authenticators.create(unknown, users, hasher))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("auth.type 'ldap' is unknown; allowed: password, shared-password");
  }
}
