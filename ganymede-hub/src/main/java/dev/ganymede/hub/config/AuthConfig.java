package dev.ganymede.hub.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Section {@code auth}: who may sign in and how.
 *
 * @param type {@code password} (accounts with their own passwords, the default), {@code
 *     shared-password} (workshops: any allowed name plus one shared password), or single sign-on:
 *     {@code oidc}, {@code github}, {@code cloudflare-access}, {@code trusted-header} (configured
 *     in {@link SsoConfig}'s subsections)
 * @param adminUsers names that are admins; the first start creates the first of them (default
 *     {@code [admin]}) with a one-time password printed once
 * @param allowedUsers if non-empty, only these names may sign in (admins always may)
 * @param blockedUsers these names may never sign in
 * @param allowSignup whether people may request an account on {@code /hub/signup}; an admin
 *     approves each request before it can sign in
 * @param sharedPassword the workshop password (at least 8 characters), required for {@code
 *     shared-password}; never has a default
 * @param sessionMaxAge how long a sign-in lasts (default 14 days)
 * @param throttleMaxFailures failed sign-ins per user name within {@code throttleWindow} before
 *     further attempts are refused (default 5)
 * @param throttleWindow the window for {@code throttleMaxFailures} (default 5 minutes)
 * @param throttleMaxFailuresPerAddress failed sign-ins from one client address within {@code
 *     throttleWindow}, whatever the names, before that address is refused (default 50: higher than
 *     the per-name limit so that a classroom behind one NAT address does not lock itself out)
 */
public record AuthConfig(
    String type,
    Set<String> adminUsers,
    Set<String> allowedUsers,
    Set<String> blockedUsers,
    boolean allowSignup,
    Optional<String> sharedPassword,
    Duration sessionMaxAge,
    int throttleMaxFailures,
    Duration throttleWindow,
    int throttleMaxFailuresPerAddress) {

  public static final String PASSWORD = "password";
  public static final String SHARED_PASSWORD = "shared-password";
  public static final String OIDC = "oidc";
  public static final String GITHUB = "github";
  public static final String CLOUDFLARE_ACCESS = "cloudflare-access";
  public static final String TRUSTED_HEADER = "trusted-header";

  public AuthConfig {
    Objects.requireNonNull(type, "type");
    adminUsers = Set.copyOf(adminUsers);
    allowedUsers = Set.copyOf(allowedUsers);
    blockedUsers = Set.copyOf(blockedUsers);
    Objects.requireNonNull(sharedPassword, "sharedPassword");
    Objects.requireNonNull(sessionMaxAge, "sessionMaxAge");
    Objects.requireNonNull(throttleWindow, "throttleWindow");
  }

  public static AuthConfig defaults() {
    return new AuthConfig(
        PASSWORD,
        Set.of("admin"),
        Set.of(),
        Set.of(),
        false,
        Optional.empty(),
        Duration.ofDays(14),
        5,
        Duration.ofMinutes(5),
        50);
  }

  /** Shared password omitted so the record can be logged. */
  @Override
  public String toString() {
    return "AuthConfig[type="
        + type
        + ", adminUsers="
        + adminUsers
        + ", allowedUsers="
        + allowedUsers
        + ", blockedUsers="
        + blockedUsers
        + ", allowSignup="
        + allowSignup
        + ", sharedPassword="
        + (sharedPassword.isPresent() ? "<set>" : "<unset>")
        + ", sessionMaxAge="
        + sessionMaxAge
        + ", throttleMaxFailures="
        + throttleMaxFailures
        + ", throttleWindow="
        + throttleWindow
        + ", throttleMaxFailuresPerAddress="
        + throttleMaxFailuresPerAddress
        + "]";
  }
}
