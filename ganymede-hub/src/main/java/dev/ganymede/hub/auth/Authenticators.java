package dev.ganymede.hub.auth;

import dev.ganymede.hub.auth.sso.SignInTokens;
import dev.ganymede.hub.auth.sso.SsoAuthenticators;
import dev.ganymede.hub.config.AuthConfig;
import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.store.UserStore;
import java.time.Clock;
import java.util.Objects;

/** Builds the {@link Authenticator} that {@link AuthConfig#type()} names. */
public final class Authenticators {

  private Authenticators() {}

  /**
   * The authenticator for {@code config.auth().type()}, single sign-on included, wrapped in the
   * registered-users check when {@code auth.registeredUsers.urls} is set.
   *
   * @param tokens where single sign-on leaves variables for users' servers
   */
  public static Authenticator create(
      GanymedeConfig config,
      UserStore users,
      PasswordHasher hasher,
      SignInTokens tokens,
      Clock clock) {
    Objects.requireNonNull(config, "config");
    Authenticator authenticator =
        SsoAuthenticators.handles(config.auth().type())
            ? SsoAuthenticators.create(config, tokens, clock)
            : create(config.auth(), users, hasher);
    return SsoAuthenticators.withRegisteredUsersCheck(authenticator, config);
  }

  /**
   * The authenticator for {@code config.type()}.
   *
   * @throws IllegalArgumentException for an unknown type, or {@code shared-password} without {@code
   *     auth.sharedPassword}
   */
  public static Authenticator create(AuthConfig config, UserStore users, PasswordHasher hasher) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(hasher, "hasher");
    return switch (config.type()) {
      case AuthConfig.PASSWORD -> new PasswordAuthenticator(users, hasher);
      case AuthConfig.SHARED_PASSWORD ->
          new SharedPasswordAuthenticator(
              config
                  .sharedPassword()
                  .filter(password -> !password.isEmpty())
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "auth.sharedPassword is required when auth.type is "
                                  + AuthConfig.SHARED_PASSWORD)));
      default ->
          throw new IllegalArgumentException(
              "auth.type '"
                  + config.type()
                  + "' is unknown; allowed: "
                  + AuthConfig.PASSWORD
                  + ", "
                  + AuthConfig.SHARED_PASSWORD);
    };
  }
}
