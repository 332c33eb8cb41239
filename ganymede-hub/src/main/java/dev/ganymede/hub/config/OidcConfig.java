package dev.ganymede.hub.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Section {@code auth.oidc}: sign-in through any OpenID Connect provider, found from its issuer URL
 * alone (the discovery document {@code <issuer>/.well-known/openid-configuration}).
 *
 * @param issuer the provider's issuer URL; required when {@code auth.type} is {@code oidc}
 * @param clientId the client (application) id registered at the provider
 * @param clientSecret the client secret; empty for a public client (PKCE only)
 * @param scopes requested scopes (default {@code openid, profile, email})
 * @param usernameClaim the ID token claim that becomes the user name (default {@code
 *     preferred_username})
 * @param groupsClaim the ID token claim that lists the user's groups (default {@code groups})
 * @param allowedGroups if non-empty, only members of one of these groups may sign in
 * @param adminGroups members of these groups are admins
 * @param displayName the provider's name on the sign-in button
 * @param signOutAtProvider whether signing out also ends the session at the provider (its {@code
 *     end_session_endpoint}, if it has one)
 * @param syncGroups whether each sign-in makes the user's memberships of SSO-managed Ganymede
 *     groups equal to the provider's groups claim (groups created when missing)
 * @param tokensToServer whether the provider's tokens go to the user's server environment ({@code
 *     OIDC_ACCESS_TOKEN}, {@code OIDC_ID_TOKEN}, {@code OIDC_REFRESH_TOKEN})
 * @param refreshAfter after this age a session is confirmed with the provider's refresh token on
 *     the next request; empty: never
 */
public record OidcConfig(
    Optional<URI> issuer,
    String clientId,
    Optional<String> clientSecret,
    List<String> scopes,
    String usernameClaim,
    String groupsClaim,
    Set<String> allowedGroups,
    Set<String> adminGroups,
    String displayName,
    boolean signOutAtProvider,
    boolean syncGroups,
    boolean tokensToServer,
    Optional<Duration> refreshAfter) {

  public OidcConfig {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    scopes = List.copyOf(scopes);
    Objects.requireNonNull(usernameClaim, "usernameClaim");
    Objects.requireNonNull(groupsClaim, "groupsClaim");
    allowedGroups = Set.copyOf(allowedGroups);
    adminGroups = Set.copyOf(adminGroups);
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(refreshAfter, "refreshAfter");
  }

  public static OidcConfig defaults() {
    return new OidcConfig(
        Optional.empty(),
        "ganymede",
        Optional.empty(),
        List.of("openid", "profile", "email"),
        "preferred_username",
        "groups",
        Set.of(),
        Set.of(),
        "OpenID Connect",
        true,
        false,
        false,
        Optional.empty());
  }

  @Override
  public String toString() {
    return "OidcConfig[issuer="
        + issuer
        + ", clientId="
        + clientId
        + ", clientSecret="
        + (clientSecret.isPresent() ? "<set>" : "<unset>")
        + "]";
  }
}
