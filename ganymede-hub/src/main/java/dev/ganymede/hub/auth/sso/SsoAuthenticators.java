package dev.ganymede.hub.auth.sso;

import dev.ganymede.hub.auth.Authenticator;
import dev.ganymede.hub.config.AuthConfig;
import dev.ganymede.hub.config.GanymedeConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/** Builds the single sign-on authenticators and the registered-users check around any of them. */
public final class SsoAuthenticators {
  static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(15);

  private SsoAuthenticators() {}

  /** Whether {@code type} is one of the single sign-on types. */
  public static boolean handles(String type) {
    return switch (type) {
      case AuthConfig.OIDC,
              AuthConfig.GITHUB,
              AuthConfig.CLOUDFLARE_ACCESS,
              AuthConfig.TRUSTED_HEADER ->
          true;
      default -> false;
    };
  }

  /**
   * The authenticator for a single sign-on {@code auth.type}.
   *
   * @param tokens where sign-ins leave variables for users' servers
   * @throws IllegalArgumentException when the type is not single sign-on or its settings are
   *     missing
   */
  public static Authenticator create(GanymedeConfig config, SignInTokens tokens, Clock clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(clock, "clock");
    HttpJson http = new HttpJson(PROVIDER_TIMEOUT);
    return switch (config.auth().type()) {
      case AuthConfig.OIDC ->
          new OidcAuthenticator(
              config.sso().oidc(),
              hubUrl(config, "hub/oauth_callback"),
              hubUrl(config, "hub/login?signed_out=1"),
              http,
              new OAuthStates(clock),
              tokens);
      case AuthConfig.GITHUB ->
          new GithubAuthenticator(
              config.sso().github(),
              hubUrl(config, "hub/oauth_callback"),
              http,
              new OAuthStates(clock),
              tokens);
      case AuthConfig.CLOUDFLARE_ACCESS ->
          new CloudflareAccessAuthenticator(config.sso().cloudflareAccess());
      case AuthConfig.TRUSTED_HEADER ->
          new TrustedHeaderAuthenticator(config.sso().trustedHeader());
      default ->
          throw new IllegalArgumentException(
              "auth.type '" + config.auth().type() + "' is not single sign-on");
    };
  }

  /**
   * {@code authenticator}, wrapped in the registered-users check when {@code
   * auth.registeredUsers.urls} is set.
   */
  public static Authenticator withRegisteredUsersCheck(
      Authenticator authenticator, GanymedeConfig config) {
    Objects.requireNonNull(authenticator, "authenticator");
    Objects.requireNonNull(config, "config");
    RegisteredUsers registry =
        new RegisteredUsers(
            config.sso().registeredUsers(), new HttpJson(config.sso().registeredUsers().timeout()));
    return registry.enabled()
        ? new RegisteredUsersAuthenticator(authenticator, registry, config.auth().adminUsers())
        : authenticator;
  }

  /** {@code <hub.publicUrl's origin><hub.baseUrl><path>}. */
  static URI hubUrl(GanymedeConfig config, String path) {
    URI publicUrl =
        config
            .hub()
            .publicUrl()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "hub.publicUrl is required when auth.type is " + config.auth().type()));
    return URI.create(
        publicUrl.getScheme()
            + "://"
            + publicUrl.getRawAuthority()
            + config.hub().baseUrl()
            + path);
  }
}
