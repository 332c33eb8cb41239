package dev.ganymede.hub.config;

import java.util.Objects;

/**
 * The single sign-on subsections of {@code auth}: {@code auth.oidc}, {@code auth.github}, {@code
 * auth.cloudflareAccess}, {@code auth.trustedHeader}, {@code auth.registeredUsers} and {@code
 * auth.state}.
 */
public record SsoConfig(
    OidcConfig oidc,
    GithubConfig github,
    CloudflareAccessConfig cloudflareAccess,
    TrustedHeaderConfig trustedHeader,
    RegisteredUsersConfig registeredUsers,
    AuthStateConfig state) {

  public SsoConfig {
    Objects.requireNonNull(oidc, "oidc");
    Objects.requireNonNull(github, "github");
    Objects.requireNonNull(cloudflareAccess, "cloudflareAccess");
    Objects.requireNonNull(trustedHeader, "trustedHeader");
    Objects.requireNonNull(registeredUsers, "registeredUsers");
    Objects.requireNonNull(state, "state");
  }

  public static SsoConfig defaults() {
    return new SsoConfig(
        OidcConfig.defaults(),
        GithubConfig.defaults(),
        CloudflareAccessConfig.defaults(),
        TrustedHeaderConfig.defaults(),
        RegisteredUsersConfig.defaults(),
        AuthStateConfig.defaults());
  }

  public SsoConfig withOidc(OidcConfig value) {
    return new SsoConfig(value, github, cloudflareAccess, trustedHeader, registeredUsers, state);
  }

  public SsoConfig withGithub(GithubConfig value) {
    return new SsoConfig(oidc, value, cloudflareAccess, trustedHeader, registeredUsers, state);
  }

  public SsoConfig withCloudflareAccess(CloudflareAccessConfig value) {
    return new SsoConfig(oidc, github, value, trustedHeader, registeredUsers, state);
  }

  public SsoConfig withTrustedHeader(TrustedHeaderConfig value) {
    return new SsoConfig(oidc, github, cloudflareAccess, value, registeredUsers, state);
  }

  public SsoConfig withState(AuthStateConfig value) {
    return new SsoConfig(oidc, github, cloudflareAccess, trustedHeader, registeredUsers, value);
  }

  public SsoConfig withRegisteredUsers(RegisteredUsersConfig value) {
    return new SsoConfig(oidc, github, cloudflareAccess, trustedHeader, value, state);
  }
}
